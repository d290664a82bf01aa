#include "panels/event_list_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "explain/notes.hpp"
#include "panels/widgets.hpp"

namespace mailsim::gui {
namespace {

// The widths the fixed columns need for any row of this trace: its largest event number,
// its latest time, its largest connection id, its longest pair of host names (or of their
// first labels, `short_names`).
struct ColumnWidths {
  float number, time, conn, hosts;
  bool short_names = false;
  bool show_conn = true, show_hosts = true;
  float fixed() const { return number + time + (show_conn ? conn : 0) + (show_hosts ? hosts : 0); }
};

ColumnWidths column_widths(const TraceIndex& index, bool short_names) {
  auto width = [](const std::string& text) { return ImGui::CalcTextSize(text.c_str()).x; };
  float name = 0;
  for (const Node& n : index.nodes()) name = std::max(name, width(short_names ? n.name.substr(0, n.name.find('.')) : n.name));
  const std::uint32_t max_conn = index.connections().empty() ? 0 : index.connections().back().id;
  return {std::max(width(std::to_string(index.size())), width("#")),
          std::max(width(format_time(index.end_time())), width(tr(Str::Time))),
          std::max(width("c" + std::to_string(max_conn)), width(tr(Str::Conn))),
          std::max(2 * name + width(" > "), width(tr(Str::Hosts))), short_names};
}

// Widths that leave the event's text a readable column in `avail`: the hosts by their first
// label when the full names would crowd it out, then without the connection column (the
// transcript's tabs name it), then without the hosts (the text names them, as the topology
// and the transcript do).
ColumnWidths fitted_widths(const TraceIndex& index, float avail) {
  const ImGuiStyle& style = ImGui::GetStyle();
  // Per column its cell padding and border; the vertical scroll bar.
  const float padding = 5 * (style.CellPadding.x * 2 + 1) + style.ScrollbarSize;
  const float what = std::min(avail * 0.4f, ImGui::GetFontSize() * 12);
  auto fits = [&](const ColumnWidths& w) { return w.fixed() + padding + what <= avail; };
  ColumnWidths w = column_widths(index, false);
  if (fits(w)) return w;
  w = column_widths(index, true);
  if (fits(w)) return w;
  w.show_conn = false;
  if (fits(w)) return w;
  w.show_hosts = false;
  return w;
}

}  // namespace

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
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                                ImGuiTableFlags_NoSavedSettings;
  // Widths from the whole trace, not from the rows drawn so far (none at the start). The
  // table is a new one when they change (text size, a longer trace), so the user's
  // resizing lasts until then and a narrow first frame is never kept.
  const ColumnWidths w = fitted_widths(*index, ImGui::GetContentRegionAvail().x);
  const std::string table_id = "##events" + std::to_string(static_cast<int>(w.fixed())) + (w.short_names ? "s" : "");
  if (!ImGui::BeginTable(table_id.c_str(), 5, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, w.number);
  ImGui::TableSetupColumn(tr(Str::Time), ImGuiTableColumnFlags_WidthFixed, w.time);
  const ImGuiTableColumnFlags hidden = ImGuiTableColumnFlags_Disabled;
  ImGui::TableSetupColumn(tr(Str::Conn), ImGuiTableColumnFlags_WidthFixed | (w.show_conn ? 0 : hidden), w.conn);
  ImGui::TableSetupColumn(tr(Str::Hosts), ImGuiTableColumnFlags_WidthFixed | (w.show_hosts ? 0 : hidden), w.hosts);
  ImGui::TableSetupColumn(tr(Str::What), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  const float row_h = ImGui::GetTextLineHeightWithSpacing();
  // Shown again after frames unseen, or a new table (which starts at its top): follow the
  // current row for a few frames while the table settles.
  const int frame = ImGui::GetFrameCount();
  if (frame != drawn_frame_ + 1 || table_id != table_id_) follow_frames_ = 3;
  drawn_frame_ = frame;
  table_id_ = table_id;
  if ((ctx.moved || follow_frames_ > 0) && rows > 0) scroll_to_row(rows - 1, row_h);
  if (follow_frames_ > 0) --follow_frames_;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows), row_h);
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const std::size_t i = ctx.rows.at(static_cast<std::size_t>(r));
      const TraceEvent& e = index->event(i);
      ImGui::TableNextRow();
      if (i + 1 == pos) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ctx.palette.current_row);
      ImGui::TableNextColumn();
      char id[32];  // numbered from 1, as the timeline's "Event N / M" counts
      std::snprintf(id, sizeof id, "%zu##ev", i + 1);
      if (ImGui::Selectable(id, i + 1 == pos, ImGuiSelectableFlags_SpanAllColumns)) ctx.timeline.seek(i + 1);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(format_time(e.time).c_str());
      ImGui::TableNextColumn();
      if (e.conn) ImGui::Text("c%u", e.conn);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(event_hosts(trace, e, w.short_names).c_str());
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, line_colour(ctx.palette, e));
      const std::string_view text = first_line(e.text);
      if (e.kind == TraceKind::Line) {  // a client's bytes: control characters shown as escapes
        ImGui::Text("%s %s", e.dir == Direction::ClientToServer ? "C:" : "S:", printable(text).c_str());
      } else {
        const std::string kind(kind_label(e.kind));
        const std::string msg = e.message ? " " + message_label(e.message) : std::string();
        const std::string note = printable(event_note(e));
        ImGui::Text("%s%s%s%s%s", kind.c_str(), msg.c_str(), note.empty() ? "" : explain::label_separator(language()).data(), note.c_str(),
                    text.size() < e.text.size() ? " …" : "");
      }
      ImGui::PopStyleColor();
      explain_hover(*index, i);
    }
  }
  ImGui::EndTable();
}

}  // namespace mailsim::gui
