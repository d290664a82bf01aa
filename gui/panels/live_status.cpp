#include "panels/live_status.hpp"

#include <imgui.h>

#include <string>

#include "app/i18n.hpp"
#include "app/live_session.hpp"
#include "live/serve_options.hpp"

namespace mailsim::gui {
namespace {

void port_map(const LiveSession& live) {
  ImGui::TextUnformatted(tr(Str::RealPorts));
  for (const PortMapping& m : live.server().mappings()) ImGui::BulletText("%s", format_mapping(m).c_str());
}

}  // namespace

void draw_live_status(const Context& ctx) {
  if (!ctx.live) return;
  const LiveSession& live = *ctx.live;
  const Timeline& tl = ctx.timeline;
  const char* where = live.stopped()               ? tr(Str::LiveStopped)
                      : tl.pos() >= tl.size()      ? tr(Str::LiveFollowing)
                                                   : tr(Str::LiveSteppedBack);
  ImGui::SameLine(0, ImGui::GetFontSize() * 2);
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.link_active);
  ImGui::TextUnformatted(tr(Str::Live));
  ImGui::PopStyleColor();
  ImGui::SameLine();
  const double seconds = static_cast<double>(ctx.doc->simulation().now()) / kSecond;  // frozen once stopped
  ImGui::Text("%zu %s · %zu %s · t = %.1f s · %s", live.server().mappings().size(), tr(Str::RealPortsShort),
              live.server().stats().open, tr(Str::LiveOpen), seconds, where);
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::Text("%s: %s", tr(Str::LiveClientIs), live.client_name().c_str());
    port_map(live);
    ImGui::EndTooltip();
  }
}

void live_node_tooltip(const Context& ctx, const Node& node) {
  if (!ctx.live) return;
  if (node.is_live) {
    ImGui::TextUnformatted(tr(Str::LiveClientHelp));
    port_map(*ctx.live);
    return;
  }
  for (const PortMapping& m : ctx.live->server().mappings())
    if (m.host == node.name) ImGui::Text("%s: %s", tr(Str::RealPorts), format_mapping(m).c_str());
}

}  // namespace mailsim::gui
