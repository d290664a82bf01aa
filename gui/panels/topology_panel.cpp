#include "panels/topology_panel.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/ascii.hpp"
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
    s += ascii::to_upper(role_name(r));
  }
  return s;
}

// A host's box as drawn at the cursor: its texts and where it lies.
struct NodeBox {
  std::string roles, badges;
  bool up = true;
  ImVec2 r0, r1;
};

NodeBox node_box(const Node& n, ImVec2 c, std::size_t pos, float font) {
  NodeBox box;
  box.up = n.up.value_at(pos) != 0;
  box.roles = roles_label(n);
  if (const int q = n.queue.value_at(pos); q > 0 || (n.spec && (n.spec->has(Role::Mta) || n.spec->has(Role::Mx))))
    box.badges += std::string(tr(Str::QueueShort)) + ' ' + std::to_string(q) + "  ";
  if (n.spec && n.spec->has(Role::Mda))
    box.badges += std::string(tr(Str::MailboxShort)) + ' ' + std::to_string(n.mailbox.value_at(pos));
  if (!box.up) box.badges = tr(Str::Down);
  const float w = std::max({ImGui::CalcTextSize(n.name.c_str()).x, ImGui::CalcTextSize(box.badges.c_str()).x,
                            ImGui::CalcTextSize(box.roles.c_str()).x}) + font;
  const float h = font * (box.badges.empty() ? 2.6f : 3.7f);
  box.r0 = ImVec2(c.x - w / 2, c.y - h / 2);
  box.r1 = ImVec2(c.x + w / 2, c.y + h / 2);
  return box;
}

bool overlaps(ImVec2 a0, ImVec2 a1, ImVec2 b0, ImVec2 b1) {
  return a0.x < b1.x && b0.x < a1.x && a0.y < b1.y && b0.y < a1.y;
}

// Does the segment a-b cross the rectangle r0-r1? (Liang-Barsky clipping.)
bool crosses(ImVec2 a, ImVec2 b, ImVec2 r0, ImVec2 r1) {
  const float d[4] = {a.x - b.x, b.x - a.x, a.y - b.y, b.y - a.y};
  const float room[4] = {a.x - r0.x, r1.x - a.x, a.y - r0.y, r1.y - a.y};
  float enter = 0, leave = 1;
  for (int k = 0; k < 4; ++k) {
    if (d[k] == 0) {
      if (room[k] < 0) return false;
      continue;
    }
    const float t = room[k] / d[k];
    if (d[k] < 0) enter = std::max(enter, t);
    else leave = std::min(leave, t);
    if (enter > leave) return false;
  }
  return true;
}

// The text scale (0.4 to 1) at which no two host boxes overlap where they stand.
float fitting_scale(const std::vector<ImVec2>& centre, const std::vector<NodeBox>& boxes) {
  float scale = 1.0f;
  for (std::size_t i = 0; i < boxes.size(); ++i)
    for (std::size_t j = i + 1; j < boxes.size(); ++j) {
      const float need_x = (boxes[i].r1.x - boxes[i].r0.x + boxes[j].r1.x - boxes[j].r0.x) / 2;
      const float need_y = (boxes[i].r1.y - boxes[i].r0.y + boxes[j].r1.y - boxes[j].r0.y) / 2;
      const float dx = std::abs(centre[i].x - centre[j].x), dy = std::abs(centre[i].y - centre[j].y);
      if (dx < need_x && dy < need_y) scale = std::min(scale, std::max(dx / need_x, dy / need_y) * 0.95f);
    }
  return std::max(scale, 0.4f);
}

using Segment = std::pair<ImVec2, ImVec2>;
using Rect = std::pair<ImVec2, ImVec2>;

// Where the label of link `own` goes (its top-left corner): on the link, which it
// interrupts, at the middle or further along, where it covers no label already placed nor
// host box (taken) and, if possible, crosses no other link; so parallel and crossing links
// keep their labels on their own lines.
ImVec2 place_label(const std::vector<Segment>& links, std::size_t own, ImVec2 size, const std::vector<Rect>& taken) {
  const auto [a, b] = links[own];
  auto fits = [&](ImVec2 r0, ImVec2 r1, bool clear_of_links) {
    for (const Rect& r : taken)
      if (overlaps(r0, r1, r.first, r.second)) return false;
    for (std::size_t i = 0; clear_of_links && i < links.size(); ++i)
      if (i != own && crosses(links[i].first, links[i].second, r0, r1)) return false;
    return true;
  };
  for (bool clear_of_links : {true, false})
    for (int step = 0; step <= 14; ++step) {  // t = 0.5, 0.45, 0.55, 0.4, ... 0.15, 0.85
      const float t = 0.5f + 0.05f * static_cast<float>((step + 1) / 2) * (step % 2 ? -1.0f : 1.0f);
      const ImVec2 p = lerp(a, b, t);
      const ImVec2 r0(p.x - size.x / 2, p.y - size.y / 2), r1(r0.x + size.x, r0.y + size.y);
      if (fits(r0, r1, clear_of_links)) return r0;
    }
  const ImVec2 mid = lerp(a, b, 0.5f);
  return ImVec2(mid.x - size.x / 2, mid.y - size.y / 2);
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
  float font = ImGui::GetFontSize();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 size(std::max(avail.x, 50.0f), std::max(avail.y, 50.0f));
  ImGui::InvisibleButton("##canvas", size);
  const bool canvas_hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);

  const std::size_t pos = ctx.timeline.pos();
  const auto& nodes = index->nodes();
  std::vector<ImVec2> centre(nodes.size());
  std::vector<NodeBox> boxes(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    centre[i] = ImVec2(origin.x + nodes[i].x * size.x, origin.y + nodes[i].y * size.y);
    boxes[i] = node_box(nodes[i], centre[i], pos, font);
  }
  // Text too large for the pane (a projector's size in a small pane): smaller in this
  // pane only, so that no two host boxes overlap.
  const float scale = fitting_scale(centre, boxes);
  ImGui::SetWindowFontScale(scale);
  font = ImGui::GetFontSize();
  std::vector<Rect> taken;  // host boxes, then the link labels placed
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    boxes[i] = node_box(nodes[i], centre[i], pos, font);
    // Moved inward so no box is cut at the pane's edge, whatever the text size.
    const float half_w = (boxes[i].r1.x - boxes[i].r0.x) / 2, half_h = (boxes[i].r1.y - boxes[i].r0.y) / 2;
    const float margin = font * 0.2f;
    centre[i].x = std::max(std::min(centre[i].x, origin.x + size.x - half_w - margin), origin.x + half_w + margin);
    centre[i].y = std::max(std::min(centre[i].y, origin.y + size.y - half_h - margin), origin.y + half_h + margin);
    boxes[i] = node_box(nodes[i], centre[i], pos, font);
    taken.emplace_back(boxes[i].r0, boxes[i].r1);
  }

  const TraceEvent* cur = ctx.timeline.current();
  const int cur_link = cur ? index->event_link(pos - 1) : -1;
  const bool dns_now = cur && (cur->kind == TraceKind::DnsQuery || cur->kind == TraceKind::DnsAnswer);
  const ImU32 link_colour = dns_now ? p.dns_flash : p.link_active;  // of the current event's link

  // Links: the lines, then their labels on top (each on its own line), then what travels.
  const auto& links = index->links();
  std::vector<Segment> ends(links.size());
  int hovered_link = -1;
  for (std::size_t i = 0; i < links.size(); ++i) {
    const Link& l = links[i];
    ImVec2 a = centre[l.client], b = centre[l.server];
    const float len = std::max(1.0f, std::hypot(b.x - a.x, b.y - a.y));
    const ImVec2 n((a.y - b.y) / len * link_offset_[i] * font, (b.x - a.x) / len * link_offset_[i] * font);
    ends[i] = {ImVec2(a.x + n.x, a.y + n.y), ImVec2(b.x + n.x, b.y + n.y)};
    const bool active = static_cast<int>(i) == cur_link;
    const bool selected = static_cast<int>(i) == ctx.sel.link;
    const ImU32 colour = active ? link_colour : selected ? p.node_selected : p.link;
    dl->AddLine(ends[i].first, ends[i].second, colour, active ? p.line_width * 2.5f : p.line_width);
    if (canvas_hovered && distance_to_segment(mouse, ends[i].first, ends[i].second) < font * 0.4f)
      hovered_link = static_cast<int>(i);
  }
  // The path the current message has taken so far, hop by hop, numbered (as Packet
  // Tracer shows a PDU's path).
  const std::vector<int> hops = index->message_hops(ctx.sel.message ? ctx.sel.message : index->message_before(pos), pos);
  for (std::size_t k = 0; k < hops.size(); ++k) {
    const auto [a, b] = ends[hops[k]];
    dl->AddLine(a, b, p.message, p.line_width * 2.0f);
    const ImVec2 at = lerp(a, b, 0.25f);
    const std::string number = std::to_string(k + 1);
    dl->AddCircleFilled(at, font * 0.55f, p.message);
    const ImVec2 ns = ImGui::CalcTextSize(number.c_str());
    dl->AddText(ImVec2(at.x - ns.x / 2, at.y - ns.y / 2), ImGui::GetColorU32(ImGuiCol_WindowBg), number.c_str());
    taken.emplace_back(ImVec2(at.x - font * 0.55f, at.y - font * 0.55f), ImVec2(at.x + font * 0.55f, at.y + font * 0.55f));
  }
  const ImU32 background = ImGui::GetColorU32(ImGuiCol_WindowBg);
  const float pad = font * 0.2f;
  for (std::size_t i = 0; i < links.size(); ++i) {
    const std::string text = std::string(protocol_name(links[i].proto)) + ' ' + std::to_string(links[i].port);
    const ImVec2 text_size = ImGui::CalcTextSize(text.c_str());
    const ImVec2 box(text_size.x + 2 * pad, text_size.y);
    const ImVec2 at = place_label(ends, i, box, taken);
    taken.emplace_back(at, ImVec2(at.x + box.x, at.y + box.y));
    dl->AddRectFilled(at, taken.back().second, background, pad);
    dl->AddText(ImVec2(at.x + pad, at.y), static_cast<int>(i) == cur_link ? link_colour : p.dim, text.c_str());
  }
  if (cur_link >= 0 && cur) {
    // What travels: from the sender of the current event to the other side.
    const bool forward = index->node_of(cur->host) == links[cur_link].client;
    float t = 1.0f;
    if (ctx.timeline.playing() && pos < index->size()) {
      const double t0 = static_cast<double>(cur->time), t1 = static_cast<double>(index->trace()[pos].time);
      if (t1 > t0) t = static_cast<float>(std::clamp((ctx.timeline.clock() - t0) / (t1 - t0), 0.0, 1.0));
    }
    const float along = 0.2f + 0.6f * t;
    const auto [from, to] = ends[cur_link];
    const ImVec2 dot = forward ? lerp(from, to, along) : lerp(to, from, along);
    dl->AddCircleFilled(dot, font * 0.45f, cur->message ? p.message : link_colour);
    if (cur->message) dl->AddText(ImVec2(dot.x + font * 0.6f, dot.y), p.message, message_label(cur->message).c_str());
  }

  // Nodes.
  int hovered_node = -1;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    const auto& [roles, badges, up, r0, r1] = boxes[i];
    const ImVec2 name_size = ImGui::CalcTextSize(n.name.c_str());
    const ImVec2 c = centre[i];
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
  ImGui::SetWindowFontScale(1.0f);
  if (ctx.sel.filtered()) {
    ImGui::SetCursorScreenPos(ImVec2(origin.x + 4, origin.y + 4));
    const std::string what = ctx.sel.node >= 0 ? nodes[ctx.sel.node].name : std::string(tr(Str::LinkFilter));
    if (ImGui::SmallButton((std::string(tr(Str::ClearFilter)) + ": " + what).c_str())) ctx.set_filter(-1, -1);
  }
}

}  // namespace mailsim::gui
