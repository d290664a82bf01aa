#include "panels/event_list_panel.hpp"

#include <cstdio>
#include <string>

#include "explain/notes.hpp"
#include "panels/widgets.hpp"

namespace mailsim::gui {

void EventListPanel::draw_content(Context& ctx) {
  const TraceIndex* index = ctx.index();
  if (!index) {
    ImGui::TextDisabled("%s", tr(Str::NoScenario));
    return;
  }
  const Trace& trace = index->trace();
  const std::size_t pos = ctx.timeline.pos();
  const std::size_t rows = ctx.rows.visible(pos);
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##events", 5, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("#");
  ImGui::TableSetupColumn(tr(Str::Time));
  ImGui::TableSetupColumn(tr(Str::Conn));
  ImGui::TableSetupColumn(tr(Str::Hosts));
  ImGui::TableSetupColumn(tr(Str::What), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  const float row_h = ImGui::GetTextLineHeightWithSpacing();
  if (ctx.moved && rows > 0) scroll_to_row(rows - 1, row_h);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows), row_h);
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const std::size_t i = ctx.rows.at(static_cast<std::size_t>(r));
      const TraceEvent& e = index->event(i);
      ImGui::TableNextRow();
      if (i + 1 == pos) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ctx.palette.current_row);
      ImGui::TableNextColumn();
      char id[32];
      std::snprintf(id, sizeof id, "%zu##ev", i);
      if (ImGui::Selectable(id, i + 1 == pos, ImGuiSelectableFlags_SpanAllColumns)) ctx.timeline.seek(i + 1);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(format_time(e.time).c_str());
      ImGui::TableNextColumn();
      if (e.conn) ImGui::Text("c%u", e.conn);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(event_hosts(trace, e).c_str());
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, line_colour(ctx.palette, e));
      const std::string_view text = first_line(e.text);
      const int len = static_cast<int>(text.size());
      if (e.kind == TraceKind::Line) {
        ImGui::Text("%s %.*s", e.dir == Direction::ClientToServer ? "C:" : "S:", len, text.data());
      } else {
        const std::string kind(kind_label(e.kind));
        const std::string msg = e.message ? " " + message_label(e.message) : std::string();
        const std::string note = event_note(e);
        ImGui::Text("%s%s%s%s%s", kind.c_str(), msg.c_str(), note.empty() ? "" : explain::label_separator(language()).data(), note.c_str(),
                    text.size() < e.text.size() ? " …" : "");
      }
      ImGui::PopStyleColor();
      explain_hover(e);
    }
  }
  ImGui::EndTable();
}

}  // namespace mailsim::gui
