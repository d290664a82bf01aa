#include "panels/topology_panel.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "panels/live_status.hpp"

namespace mailsim::gui {
namespace {

ImVec2 lerp(ImVec2 a, ImVec2 b, float t) { return ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t); }

float distance_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  const float t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0f, 1.0f) : 0.0f;
  const ImVec2 q(a.x + t * dx, a.y + t * dy);
  return std::hypot(p.x - q.x, p.y - q.y);
}

std::string roles_label(const Node& n) {
  if (n.is_live) return tr(Str::LiveRole);
  if (n.is_dns || !n.spec) return "DNS";
  std::string s;
  for (Role r : n.spec->roles) {
    if (!s.empty()) s += '+';
    std::string name(role_name(r));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
    s += name;
  }
  return s;
}

}  // namespace

void TopologyPanel::node_tooltip(const Context& ctx, const Node& n) const {
  ImGui::BeginTooltip();
  ImGui::Text("%s", n.name.c_str());
  ImGui::Text("%s: %s", tr(Str::Roles), roles_label(n).c_str());
  if (n.spec) {
    ImGui::Text("%s: %s", tr(Str::Address), n.spec->address.c_str());
    std::string domains;
    for (const auto& d : n.spec->domains) domains += d + ' ';
    if (!domains.empty()) ImGui::Text("%s: %s", tr(Str::Domains), domains.c_str());
  }
  std::string ports;
  for (auto port : n.ports) ports += std::to_string(port) + ' ';
  if (!ports.empty()) ImGui::Text("%s: %s", tr(Str::Ports), ports.c_str());
  if (!n.extensions.empty()) {
    ImGui::TextUnformatted(tr(Str::Extensions));
    for (const auto& ext : n.extensions) ImGui::BulletText("%s", ext.c_str());
  }
  live_node_tooltip(ctx, n);
  ImGui::EndTooltip();
}

void TopologyPanel::draw_content(Context& ctx) {
  const TraceIndex* index = ctx.index();
  if (!index) {
    ImGui::TextDisabled("%s", tr(Str::NoScenario));
    return;
  }
  if (offsets_gen_ != ctx.generation || link_offset_.size() != index->links().size()) {
    // Parallel links between the same two nodes are drawn side by side (live: links appear).
    offsets_gen_ = ctx.generation;
    link_offset_.assign(index->links().size(), 0.0f);
    for (std::size_t i = 0; i < index->links().size(); ++i) {
      const Link& a = index->links()[i];
      int same = 0;
      for (std::size_t j = 0; j < i; ++j) {
        const Link& b = index->links()[j];
        if ((a.client == b.client && a.server == b.server) || (a.client == b.server && a.server == b.client)) ++same;
      }
      link_offset_[i] = static_cast<float>((same + 1) / 2) * (same % 2 ? 1.0f : -1.0f) * 1.2f;
    }
  }
  const Palette& p = ctx.palette;
  const float font = ImGui::GetFontSize();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 size(std::max(avail.x, 50.0f), std::max(avail.y, 50.0f));
  ImGui::InvisibleButton("##canvas", size);
  const bool canvas_hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);

  const auto& nodes = index->nodes();
  std::vector<ImVec2> centre(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i)
    centre[i] = ImVec2(origin.x + nodes[i].x * size.x, origin.y + nodes[i].y * size.y);

  const std::size_t pos = ctx.timeline.pos();
  const TraceEvent* cur = ctx.timeline.current();
  const int cur_link = cur ? index->event_link(pos - 1) : -1;
  const bool dns_now = cur && (cur->kind == TraceKind::DnsQuery || cur->kind == TraceKind::DnsAnswer);

  // Links.
  int hovered_link = -1;
  for (std::size_t i = 0; i < index->links().size(); ++i) {
    const Link& l = index->links()[i];
    ImVec2 a = centre[l.client], b = centre[l.server];
    const float len = std::max(1.0f, std::hypot(b.x - a.x, b.y - a.y));
    const ImVec2 n((a.y - b.y) / len * link_offset_[i] * font, (b.x - a.x) / len * link_offset_[i] * font);
    a = ImVec2(a.x + n.x, a.y + n.y);
    b = ImVec2(b.x + n.x, b.y + n.y);
    const bool active = static_cast<int>(i) == cur_link;
    const bool selected = static_cast<int>(i) == ctx.sel.link;
    ImU32 colour = active ? (dns_now ? p.dns_flash : p.link_active) : selected ? p.node_selected : p.link;
    dl->AddLine(a, b, colour, active ? p.line_width * 2.5f : p.line_width);
    const ImVec2 mid = lerp(a, b, 0.5f);
    std::string label(protocol_name(l.proto));
    label += ' ' + std::to_string(l.port);
    dl->AddText(ImVec2(mid.x + 4, mid.y - font - 2), active ? colour : p.dim, label.c_str());
    if (canvas_hovered && distance_to_segment(mouse, a, b) < font * 0.4f) hovered_link = static_cast<int>(i);
    if (active && cur) {
      // What travels: from the sender of the current event to the other side.
      const bool forward = index->node_of(cur->host) == l.client;
      float t = 1.0f;
      if (ctx.timeline.playing() && pos < index->size()) {
        const double t0 = static_cast<double>(cur->time), t1 = static_cast<double>(index->trace()[pos].time);
        if (t1 > t0) t = static_cast<float>(std::clamp((ctx.timeline.clock() - t0) / (t1 - t0), 0.0, 1.0));
      }
      const float along = 0.2f + 0.6f * t;
      const ImVec2 dot = forward ? lerp(a, b, along) : lerp(b, a, along);
      dl->AddCircleFilled(dot, font * 0.45f, cur->message ? p.message : colour);
      if (cur->message) dl->AddText(ImVec2(dot.x + font * 0.6f, dot.y), p.message, message_label(cur->message).c_str());
    }
  }

  // Nodes.
  int hovered_node = -1;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    const bool up = n.up.value_at(pos) != 0;
    const std::string roles = roles_label(n);
    std::string badges;
    if (const int q = n.queue.value_at(pos); q > 0 || (n.spec && (n.spec->has(Role::Mta) || n.spec->has(Role::Mx))))
      badges += std::string(tr(Str::QueueShort)) + ' ' + std::to_string(q) + "  ";
    if (n.spec && n.spec->has(Role::Mda))
      badges += std::string(tr(Str::MailboxShort)) + ' ' + std::to_string(n.mailbox.value_at(pos));
    if (!up) badges = tr(Str::Down);
    const ImVec2 name_size = ImGui::CalcTextSize(n.name.c_str());
    const float w = std::max({name_size.x, ImGui::CalcTextSize(badges.c_str()).x, ImGui::CalcTextSize(roles.c_str()).x}) + font;
    const float h = font * (badges.empty() ? 2.6f : 3.7f);
    const ImVec2 c = centre[i];
    const ImVec2 r0(c.x - w / 2, c.y - h / 2), r1(c.x + w / 2, c.y + h / 2);
    const bool selected = static_cast<int>(i) == ctx.sel.node;
    dl->AddRectFilled(r0, r1, up ? p.node : p.node_down, font * 0.3f);
    const ImU32 border = selected ? p.node_selected : n.is_live ? p.client : p.node_border;
    dl->AddRect(r0, r1, border, font * 0.3f, 0, selected || n.is_live ? 3.0f : 1.5f);
    if (!up) dl->AddLine(r0, r1, p.reply[5], 2.0f);
    dl->AddText(ImVec2(c.x - name_size.x / 2, r0.y + font * 0.2f), p.text, n.name.c_str());
    dl->AddText(ImVec2(c.x - ImGui::CalcTextSize(roles.c_str()).x / 2, r0.y + font * 1.3f), p.dim, roles.c_str());
    if (!badges.empty())
      dl->AddText(ImVec2(c.x - ImGui::CalcTextSize(badges.c_str()).x / 2, r0.y + font * 2.4f), up ? p.text : p.reply[5], badges.c_str());
    if (canvas_hovered && mouse.x >= r0.x && mouse.x <= r1.x && mouse.y >= r0.y && mouse.y <= r1.y)
      hovered_node = static_cast<int>(i);
  }
  dl->PopClipRect();

  if (hovered_node >= 0) {
    node_tooltip(ctx, nodes[hovered_node]);
  } else if (hovered_link >= 0) {
    const Link& l = index->links()[hovered_link];
    ImGui::SetTooltip("%s > %s  %s:%u", nodes[l.client].name.c_str(), nodes[l.server].name.c_str(),
                      std::string(protocol_name(l.proto)).c_str(), l.port);
  }
  if (clicked) {
    if (hovered_node >= 0) ctx.set_filter(hovered_node == ctx.sel.node ? -1 : hovered_node, -1);
    else if (hovered_link >= 0) ctx.set_filter(-1, hovered_link == ctx.sel.link ? -1 : hovered_link);
    else ctx.set_filter(-1, -1);
  }
  if (ctx.sel.filtered()) {
    ImGui::SetCursorScreenPos(ImVec2(origin.x + 4, origin.y + 4));
    const std::string what = ctx.sel.node >= 0 ? nodes[ctx.sel.node].name : std::string(tr(Str::LinkFilter));
    if (ImGui::SmallButton((std::string(tr(Str::ClearFilter)) + ": " + what).c_str())) ctx.set_filter(-1, -1);
  }
}

}  // namespace mailsim::gui
