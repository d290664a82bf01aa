#include "panels/sequence_panel.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "panels/widgets.hpp"

namespace mailsim::gui {

void SequencePanel::draw_content(Context& ctx) {
  const TraceIndex* index = ctx.index();
  if (!index) {
    ImGui::TextDisabled("%s", tr(Str::NoScenario));
    return;
  }
  const auto& nodes = index->nodes();
  if (lanes_gen_ != ctx.generation || lane_nodes_.size() != nodes.size()) {
    lanes_gen_ = ctx.generation;
    lane_nodes_.resize(nodes.size());
    std::iota(lane_nodes_.begin(), lane_nodes_.end(), 0);
    std::stable_sort(lane_nodes_.begin(), lane_nodes_.end(), [&](int a, int b) {
      if (nodes[a].is_dns != nodes[b].is_dns) return !nodes[a].is_dns;
      return nodes[a].x < nodes[b].x;
    });
    lane_of_node_.assign(nodes.size(), 0);
    for (std::size_t l = 0; l < lane_nodes_.size(); ++l) lane_of_node_[lane_nodes_[l]] = static_cast<int>(l);
  }
  const Palette& p = ctx.palette;
  const float font = ImGui::GetFontSize();
  // A time column on the left, then the lanes: as wide as the pane allows, never narrower
  // than a label needs; with many hosts the diagram scrolls sideways under a time column
  // and host names that stay in place.
  const float time_w = ImGui::CalcTextSize(format_time(index->end_time()).c_str()).x + font;
  const float lanes_avail = ImGui::GetContentRegionAvail().x - time_w - ImGui::GetStyle().ScrollbarSize;
  const float lane_w = std::max(font * 9.0f, lanes_avail / static_cast<float>(std::max<std::size_t>(nodes.size(), 1)));
  const float width = time_w + lane_w * static_cast<float>(nodes.size());
  auto lane_x = [&](float left, int lane) { return left + time_w + lane_w * (static_cast<float>(lane) + 0.5f); };
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
        const float a = lane_x(0, lane_of_node_[from]), b = to >= 0 ? lane_x(0, lane_of_node_[to]) : a;
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
      for (std::size_t l = 0; l < lane_nodes_.size(); ++l)
        dl->AddLine(ImVec2(lane_x(top.x, static_cast<int>(l)), y0), ImVec2(lane_x(top.x, static_cast<int>(l)), y0 + row_h), p.link);
      const std::size_t i = ctx.rows.at(static_cast<std::size_t>(r));
      const TraceEvent& e = index->event(i);
      if (i + 1 == pos) dl->AddRectFilled(ImVec2(top.x, y0), ImVec2(top.x + width, y0 + row_h), p.current_row);
      const int from = index->node_of(e.host), to = index->node_of(e.peer);
      const ImU32 colour = line_colour(p, e);
      const float x0 = from >= 0 ? lane_x(top.x, lane_of_node_[from]) : top.x;
      std::string label = e.kind == TraceKind::Line ? std::string(first_line(e.text)) : std::string(kind_label(e.kind));
      if (e.kind != TraceKind::Line && e.message) label += ' ' + message_label(e.message);
      float text_x = x0 + font * 0.4f;
      if (to >= 0 && to != from && (e.kind == TraceKind::Line || e.kind == TraceKind::DnsQuery ||
                                    e.kind == TraceKind::DnsAnswer || e.kind == TraceKind::ConnectAttempt)) {
        const float x1 = lane_x(top.x, lane_of_node_[to]);
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
      if (hovered && mouse.y >= y0 && mouse.y < y0 + row_h) explain_tooltip(*index, i);
    }
    ImGui::Dummy(ImVec2(width, row_h * static_cast<float>(clipper.DisplayEnd - clipper.DisplayStart)));
  }
  // Over the rows: the host names at the visible top, above the time column.
  const float left = ImGui::GetWindowPos().x - ImGui::GetScrollX();  // where the content starts
  ImDrawList* over = ImGui::GetWindowDrawList();
  over->AddRectFilled(view0, ImVec2(view0.x + view_w, view0.y + header_h), background);
  for (std::size_t l = 0; l < lane_nodes_.size(); ++l) {
    const std::string& name = nodes[lane_nodes_[l]].name;
    const float tw = ImGui::CalcTextSize(name.c_str()).x;
    const float x = lane_x(left, static_cast<int>(l)) - tw / 2;
    if (x + tw > view0.x + time_w) over->AddText(ImVec2(x, view0.y + font * 0.2f), p.text, name.c_str());
  }
  over->AddRectFilled(view0, ImVec2(view0.x + time_w - font * 0.3f, view0.y + header_h), background);
  over->AddText(ImVec2(view0.x + font * 0.3f, view0.y + font * 0.2f), p.dim, "t (s)");
  ImGui::EndChild();
}

}  // namespace mailsim::gui
