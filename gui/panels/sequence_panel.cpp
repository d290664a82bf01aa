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
  const float lane_w = std::max(font * 9.0f, ImGui::GetContentRegionAvail().x / static_cast<float>(std::max<std::size_t>(nodes.size(), 1)));
  const float width = lane_w * static_cast<float>(nodes.size());
  auto lane_x = [&](float left, int lane) { return left + lane_w * (static_cast<float>(lane) + 0.5f); };

  // Header: host names above their lanes.
  {
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t l = 0; l < lane_nodes_.size(); ++l) {
      const std::string& name = nodes[lane_nodes_[l]].name;
      const float tw = ImGui::CalcTextSize(name.c_str()).x;
      dl->AddText(ImVec2(lane_x(o.x, static_cast<int>(l)) - tw / 2, o.y), p.text, name.c_str());
    }
    ImGui::Dummy(ImVec2(width, font * 1.3f));
  }

  ImGui::BeginChild("##seq", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  const std::size_t pos = ctx.timeline.pos();
  const std::size_t rows = ctx.rows.visible(pos);
  const float row_h = font * 1.6f;
  if (ctx.moved && rows > 0) scroll_to_row(rows - 1, row_h);
  ImDrawList* dl = ImGui::GetWindowDrawList();
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
      if (hovered && mouse.y >= y0 && mouse.y < y0 + row_h) explain_tooltip(e);
    }
    ImGui::Dummy(ImVec2(width, row_h * static_cast<float>(clipper.DisplayEnd - clipper.DisplayStart)));
  }
  ImGui::EndChild();
}

}  // namespace mailsim::gui
