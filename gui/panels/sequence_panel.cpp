#include "panels/sequence_panel.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "panels/widgets.hpp"

namespace mailsim::gui {

void SequencePanel::sort_nodes(const TraceIndex& index) {
  const auto& nodes = index.nodes();
  order_.resize(nodes.size());
  std::iota(order_.begin(), order_.end(), 0);
  std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) {
    if (nodes[a].is_dns != nodes[b].is_dns) return !nodes[a].is_dns;
    return nodes[a].x < nodes[b].x;
  });
}

// One lane per host when they all fit at a readable width; otherwise the current exchange's
// hosts keep theirs and each run of the others folds into one narrow lane.
void SequencePanel::lay_out(const TraceIndex& index, const TraceEvent* current, float room) {
  const float font = ImGui::GetFontSize();
  const float readable = font * 9.0f;
  const std::size_t n = order_.size();
  lanes_room_ = room;
  lanes_.clear();
  std::vector<bool> active(n, false);
  if (current) {
    for (const int node : {index.node_of(current->host), index.node_of(current->peer)})
      if (node >= 0) active[node] = true;
    if (const Connection* c = current->conn ? index.connection(current->conn) : nullptr; c && c->link >= 0) {
      active[index.links()[c->link].client] = true;
      active[index.links()[c->link].server] = true;
    }
  }
  const bool fold = static_cast<float>(n) * readable > room && std::count(active.begin(), active.end(), true) > 0;
  for (const int node : order_) {
    if (fold && !active[node] && !lanes_.empty() && lanes_.back().folded) {
      lanes_.back().nodes.push_back(node);
      continue;
    }
    lanes_.push_back({{node}, fold && !active[node], 0, 0});
  }
  float folded_w = 0;
  std::size_t open_lanes = 0;
  for (Lane& lane : lanes_) {
    if (!lane.folded) {
      ++open_lanes;
      continue;
    }
    lane.width = ImGui::CalcTextSize(("+" + std::to_string(lane.nodes.size())).c_str()).x + font * 0.6f;
    folded_w += lane.width;
  }
  const float open_w = std::max(fold ? font * 4.0f : readable, (room - folded_w) / static_cast<float>(std::max<std::size_t>(open_lanes, 1)));
  float left = 0;
  lane_of_node_.assign(n, 0);
  for (std::size_t l = 0; l < lanes_.size(); ++l) {
    Lane& lane = lanes_[l];
    if (!lane.folded) lane.width = open_w;
    lane.left = left;
    left += lane.width;
    for (const int node : lane.nodes) lane_of_node_[node] = static_cast<int>(l);
  }
}

void SequencePanel::draw_content(Context& ctx) {
  const TraceIndex* index = ctx.index();
  if (!index) {
    ImGui::TextDisabled("%s", tr(Str::NoScenario));
    return;
  }
  const auto& nodes = index->nodes();
  if (sorted_gen_ != ctx.generation || order_.size() != nodes.size()) {
    sort_nodes(*index);
    sorted_gen_ = ctx.generation;
  }
  const Palette& p = ctx.palette;
  const float font = ImGui::GetFontSize();
  // A time column on the left, then the lanes.
  const float time_w = time_w_ = ImGui::CalcTextSize(format_time(index->end_time()).c_str()).x + font;
  lay_out(*index, ctx.timeline.current(), ImGui::GetContentRegionAvail().x - time_w - ImGui::GetStyle().ScrollbarSize);
  const float width = time_w + (lanes_.empty() ? 0 : lanes_.back().left + lanes_.back().width);
  auto lane_x = [&](float left, int node) {
    const Lane& lane = lanes_[lane_of_node_[node]];
    return left + time_w + lane.left + lane.width * 0.5f;
  };
  auto folded = [&](int node) { return node >= 0 && lanes_[lane_of_node_[node]].folded; };
  const float header_h = font * 1.5f;

  ImGui::BeginChild("##seq", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  const ImVec2 view0 = ImGui::GetWindowPos();  // the child's visible top-left corner
  const float view_w = ImGui::GetWindowWidth();
  ImGui::Dummy(ImVec2(width, header_h));  // room for the header drawn over the top
  const std::size_t pos = ctx.timeline.pos();
  const std::size_t rows = ctx.rows.visible(pos);
  const float row_h = font * 1.6f;
  if (ctx.moved && rows > 0) {
    scroll_to_row(rows - 1, row_h);
    // Sideways, the current arrow (or dot) in view beside the time column.
    if (const TraceEvent* cur = ctx.timeline.current()) {
      const int from = index->node_of(cur->host), to = index->node_of(cur->peer);
      if (from >= 0) {
        const float a = lane_x(0, from), b = to >= 0 ? lane_x(0, to) : a;
        const float left = std::min(a, b) - font * 2, right = std::max(a, b) + font * 2;
        const float scroll = ImGui::GetScrollX();
        if (left - time_w < scroll) ImGui::SetScrollX(std::max(0.0f, left - time_w));
        else if (right > scroll + view_w) ImGui::SetScrollX(right - view_w);
      }
    }
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 background = ImGui::GetColorU32(ImGuiCol_WindowBg);
  const bool hovered = ImGui::IsWindowHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows), row_h);
  while (clipper.Step()) {
    const ImVec2 top = ImGui::GetCursorScreenPos();
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const float y0 = top.y + static_cast<float>(r - clipper.DisplayStart) * row_h;
      const float y = y0 + row_h - font * 0.3f;  // the arrow, under its label
      for (const Lane& lane : lanes_) {
        const float x = top.x + time_w + lane.left + lane.width * 0.5f;
        dl->AddLine(ImVec2(x, y0), ImVec2(x, y0 + row_h), p.link, lane.folded ? 3.0f : 1.0f);
      }
      const std::size_t i = ctx.rows.at(static_cast<std::size_t>(r));
      const TraceEvent& e = index->event(i);
      if (i + 1 == pos) dl->AddRectFilled(ImVec2(top.x, y0), ImVec2(top.x + width, y0 + row_h), p.current_row);
      const int from = index->node_of(e.host), to = index->node_of(e.peer);
      const ImU32 colour = line_colour(p, e);
      const float x0 = from >= 0 ? lane_x(top.x, from) : top.x;
      std::string label = e.kind == TraceKind::Line ? std::string(first_line(e.text)) : std::string(kind_label(e.kind));
      if (e.kind != TraceKind::Line && e.message) label += ' ' + message_label(e.message);
      // A folded end is named, since its lane no longer says who it is.
      std::string names;
      for (const int node : {from, to})
        if (folded(node)) names += (names.empty() ? "" : " > ") + nodes[node].name;
      if (!names.empty()) label = "[" + names + "] " + label;
      float text_x = x0 + font * 0.4f;
      const bool two_party = e.kind == TraceKind::Line || e.kind == TraceKind::DnsQuery || e.kind == TraceKind::DnsAnswer ||
                             e.kind == TraceKind::ConnectAttempt;
      if (to >= 0 && to != from && two_party && lane_of_node_[to] != lane_of_node_[from]) {
        const float x1 = lane_x(top.x, to);
        const float dir = x1 > x0 ? 1.0f : -1.0f;
        dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), colour, 1.5f);
        dl->AddTriangleFilled(ImVec2(x1, y), ImVec2(x1 - dir * font * 0.5f, y - font * 0.3f),
                              ImVec2(x1 - dir * font * 0.5f, y + font * 0.3f), colour);
        text_x = std::min(x0, x1) + font * 0.5f;
      } else {
        dl->AddCircleFilled(ImVec2(x0, y), font * 0.25f, colour);
      }
      dl->AddText(ImVec2(text_x, y0 - font * 0.05f), colour, label.c_str());
      const ImVec2 t0(view0.x, y0), t1(view0.x + time_w - font * 0.3f, y0 + row_h);
      dl->AddRectFilled(t0, t1, background);
      if (i + 1 == pos) dl->AddRectFilled(t0, t1, p.current_row);
      dl->AddText(ImVec2(view0.x + font * 0.3f, y0 + row_h - font * 1.1f), p.dim, format_time(e.time).c_str());
      if (hovered && mouse.y >= y0 && mouse.y < y0 + row_h && mouse.y >= view0.y + header_h) explain_tooltip(*index, i);
    }
    ImGui::Dummy(ImVec2(width, row_h * static_cast<float>(clipper.DisplayEnd - clipper.DisplayStart)));
  }
  // Over the rows: the host names at the visible top, above the time column; a folded
  // lane says how many hosts it holds, and names them on hover.
  const float left = ImGui::GetWindowPos().x - ImGui::GetScrollX();  // where the content starts
  ImDrawList* over = ImGui::GetWindowDrawList();
  over->AddRectFilled(view0, ImVec2(view0.x + view_w, view0.y + header_h), background);
  for (const Lane& lane : lanes_) {
    // A folded lane: how many hosts; an open one too narrow for its host's name: its first label.
    std::string name = lane.folded ? "+" + std::to_string(lane.nodes.size()) : nodes[lane.nodes.front()].name;
    if (!lane.folded && ImGui::CalcTextSize(name.c_str()).x > lane.width) name = name.substr(0, name.find('.'));
    const float tw = ImGui::CalcTextSize(name.c_str()).x;
    const float x = left + time_w + lane.left + (lane.width - tw) / 2;
    if (x + tw > view0.x + time_w) over->AddText(ImVec2(x, view0.y + font * 0.2f), lane.folded ? p.dim : p.text, name.c_str());
    const float lane0 = left + time_w + lane.left;
    if (lane.folded && hovered && mouse.y < view0.y + header_h && mouse.x >= lane0 && mouse.x < lane0 + lane.width) {
      ImGui::BeginTooltip();
      for (const int node : lane.nodes) ImGui::TextUnformatted(nodes[node].name.c_str());
      ImGui::EndTooltip();
    }
  }
  over->AddRectFilled(view0, ImVec2(view0.x + time_w - font * 0.3f, view0.y + header_h), background);
  over->AddText(ImVec2(view0.x + font * 0.3f, view0.y + font * 0.2f), p.dim, "t (s)");
  ImGui::EndChild();
}

}  // namespace mailsim::gui
