#include "panels/transcript_panel.hpp"

#include <algorithm>
#include <string>

#include "explain/notes.hpp"
#include "panels/widgets.hpp"

namespace mailsim::gui {
namespace {

// A multi-line SMTP reply continues after a line that does not end it ("250-...").
bool continues(const TraceEvent& e) {
  return e.kind == TraceKind::Line && e.role == LineRole::ReplyPart && e.code != 0;
}

}  // namespace

void TranscriptPanel::refresh_tabs(const Context& ctx) {
  const TraceIndex* index = ctx.index();
  const std::size_t pos = ctx.timeline.pos();
  if (ctx.generation == tabs_gen_ && pos == tabs_pos_ && ctx.sel.node == tabs_node_ && ctx.sel.link == tabs_link_ &&
      ctx.sel.conn == tabs_sel_)
    return;
  tabs_gen_ = ctx.generation;
  tabs_pos_ = pos;
  tabs_node_ = ctx.sel.node;
  tabs_link_ = ctx.sel.link;
  tabs_sel_ = ctx.sel.conn;
  tabs_.clear();
  if (!index) return;
  const auto& conns = index->connections();
  // Connections are stored in order of their first event: find those already open.
  auto end = std::partition_point(conns.begin(), conns.end(),
                                  [pos](const Connection& c) { return !c.events.empty() && c.events.front() < pos; });
  const int node = ctx.sel.node, link = ctx.sel.link;
  std::size_t scanned = 0;
  for (auto it = end; it != conns.begin() && tabs_.size() < kTabs && scanned < 100000; ++scanned) {
    --it;
    if (index->involves(it->events.front(), node, link)) tabs_.push_back(it->id);
  }
  for (const std::uint32_t keep : {ctx.sel.conn, pos > 0 ? index->connection_of(pos - 1) : 0u})
    if (keep && std::find(tabs_.begin(), tabs_.end(), keep) == tabs_.end()) tabs_.push_back(keep);
  std::sort(tabs_.begin(), tabs_.end());
}

void TranscriptPanel::draw_content(Context& ctx) {
  const TraceIndex* index = ctx.index();
  if (!index) {
    ImGui::TextDisabled("%s", tr(Str::NoScenario));
    return;
  }
  refresh_tabs(ctx);
  bool follow = ctx.sel.conn == 0;
  if (ImGui::Checkbox(tr(Str::Follow), &follow)) ctx.sel.conn = follow ? 0 : shown_;
  if (tabs_.empty()) {
    ctx.sel.shown_conn = 0;
    ImGui::TextDisabled("%s", tr(Str::NoConnection));
    return;
  }
  // The tab to show: the user's pick, else the connection the current event belongs to
  // (for an event about a message, its last hop). Following an event that has none, the
  // panel says so rather than showing an older connection as if it were the current one.
  const TraceEvent* cur = ctx.timeline.current();
  std::uint32_t want = ctx.sel.conn;
  if (!want && cur) {
    want = index->connection_of(ctx.timeline.pos() - 1);
    if (!want) {
      ctx.sel.shown_conn = 0;
      ImGui::TextWrapped("%s %s.", tr(Str::EventWithoutConnection), kind_label(cur->kind));
      return;
    }
  }
  if (!want) want = std::binary_search(tabs_.begin(), tabs_.end(), shown_) ? shown_ : tabs_.back();
  if (!ImGui::BeginTabBar("##conns", ImGuiTabBarFlags_FittingPolicyScroll)) return;
  for (std::uint32_t id : tabs_) {
    const Connection* c = index->connection(id);
    if (!c) continue;
    const std::string label = connection_label(*index, *c) + "###c" + std::to_string(id);
    const bool visible = ImGui::BeginTabItem(label.c_str(), nullptr, id == want && want != shown_ ? ImGuiTabItemFlags_SetSelected : 0);
    if (ImGui::IsItemClicked()) ctx.sel.conn = id;  // the user picked this connection
    if (visible) {
      if (id != shown_) follow_frames_ = 3;
      shown_ = id;
      draw_lines(ctx, *c);
      ImGui::EndTabItem();
    }
  }
  ImGui::EndTabBar();
  ctx.sel.shown_conn = shown_;
}

void TranscriptPanel::draw_lines(Context& ctx, const Connection& c) {
  const TraceIndex& index = *ctx.index();
  const Trace& trace = index.trace();
  const std::size_t pos = ctx.timeline.pos();
  const std::size_t count =
      static_cast<std::size_t>(std::lower_bound(c.events.begin(), c.events.end(), pos) - c.events.begin());
  ImGui::BeginChild("##lines", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::PushFont(ctx.fonts.mono);
  const float row = ImGui::GetTextLineHeightWithSpacing();
  if ((ctx.moved || follow_frames_ > 0) && count > 0) scroll_to_row(count - 1, row);
  if (follow_frames_ > 0) --follow_frames_;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(count), row);
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const std::size_t i = c.events[r];
      const TraceEvent& e = index.event(i);
      if (i + 1 == pos) {
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(
            p0, ImVec2(p0.x + ImGui::GetWindowWidth() + ImGui::GetScrollX(), p0.y + row), ctx.palette.current_row);
      }
      ImGui::PushStyleColor(ImGuiCol_Text, line_colour(ctx.palette, e));
      if (e.kind == TraceKind::Line) {
        const bool grouped = r > 0 && continues(trace[c.events[r - 1]]);
        const char* side = e.dir == Direction::ClientToServer ? "C: " : grouped ? " | " : "S: ";
        ImGui::Text("%s%.*s", side, static_cast<int>(e.text.size()), e.text.data());
        explain_hover(index, i);
      } else {
        const std::string what(kind_label(e.kind));
        const std::string note = event_note(e);
        ImGui::Text("-- %s%s%s", what.c_str(), note.empty() ? "" : explain::label_separator(language()).data(), note.c_str());
      }
      ImGui::PopStyleColor();
    }
  }
  ImGui::PopFont();
  ImGui::EndChild();
}

}  // namespace mailsim::gui
