#include "panels/dns_panel.hpp"

#include <algorithm>
#include <string>

#include "panels/widgets.hpp"

namespace mailsim::gui {

void DnsPanel::draw_content(Context& ctx) {
  const TraceIndex* index = ctx.index();
  if (!index) {
    ImGui::TextDisabled("%s", tr(Str::NoScenario));
    return;
  }
  const Dns& dns = ctx.doc->simulation().dns();
  if (ImGui::CollapsingHeader(tr(Str::Zones), ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::PushFont(ctx.fonts.mono);
    for (const auto& [name, records] : dns.mx_records())
      for (const auto& mx : records) ImGui::Text("%-24s MX %3d %s", name.c_str(), mx.preference, mx.exchange.c_str());
    for (const auto& [name, addresses] : dns.a_records())
      for (const auto& a : addresses) ImGui::Text("%-24s A      %s", name.c_str(), a.c_str());
    ImGui::PopFont();
  }
  ImGui::TextUnformatted(tr(Str::QueryLog));
  const auto& log = index->dns_events();
  const std::size_t pos = ctx.timeline.pos();
  const std::size_t count = static_cast<std::size_t>(std::lower_bound(log.begin(), log.end(), pos) - log.begin());
  ImGui::BeginChild("##dnslog");
  const float row = ImGui::GetTextLineHeightWithSpacing();
  if (ctx.moved && count > 0) scroll_to_row(count - 1, row);
  const Trace& trace = index->trace();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(count), row);
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const TraceEvent& e = trace[log[r]];
      const bool answer = e.kind == TraceKind::DnsAnswer;
      ImGui::PushStyleColor(ImGuiCol_Text, answer ? ctx.palette.server : ctx.palette.client);
      ImGui::Text("%s  %s  %s %s", format_time(e.time).c_str(), event_hosts(trace, e).c_str(), answer ? "<-" : "->",
                  std::string(first_line(e.text)).c_str());
      ImGui::PopStyleColor();
    }
  }
  ImGui::EndChild();
}

}  // namespace mailsim::gui
