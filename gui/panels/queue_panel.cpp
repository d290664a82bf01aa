#include "panels/queue_panel.hpp"

#include <algorithm>
#include <string>

#include "panels/widgets.hpp"

namespace mailsim::gui {

void QueuePanel::rebuild(const TraceIndex& index, std::uint64_t generation, std::size_t pos) {
  built_gen_ = generation;
  built_pos_ = pos;
  rows_.clear();
  for (std::size_t n = 0; n < index.nodes().size(); ++n) {
    const auto& entries = index.queue_entries(static_cast<int>(n));
    // Entries are in order of entry: only those that entered before pos can be there.
    auto end = std::partition_point(entries.begin(), entries.end(), [pos](const QueueEntry& q) { return q.enter < pos; });
    for (auto it = entries.begin(); it != end; ++it) {
      if (it->leave < pos) continue;
      const auto queued = std::lower_bound(it->queued.begin(), it->queued.end(), pos) - it->queued.begin();
      const auto failures = std::lower_bound(it->failures.begin(), it->failures.end(), pos) - it->failures.begin();
      rows_.push_back({static_cast<int>(n), static_cast<std::size_t>(it - entries.begin()),
                       static_cast<std::size_t>(queued), failures > 0 ? it->attempts[failures - 1] : 0});
    }
  }
}

void QueuePanel::draw_content(Context& ctx) {
  const TraceIndex* index = ctx.index();
  if (!index) {
    ImGui::TextDisabled("%s", tr(Str::NoScenario));
    return;
  }
  const std::size_t pos = ctx.timeline.pos();
  if (ctx.generation != built_gen_ || pos != built_pos_) rebuild(*index, ctx.generation, pos);
  if (rows_.empty()) {
    ImGui::TextDisabled("%s", tr(Str::QueueEmpty));
    return;
  }
  const Trace& trace = index->trace();
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##queues", 5, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(Str::Hosts));
  ImGui::TableSetupColumn(tr(Str::Message));
  ImGui::TableSetupColumn(tr(Str::Since));
  ImGui::TableSetupColumn(tr(Str::Attempts));
  ImGui::TableSetupColumn(tr(Str::NextRetry), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows_.size()));
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const Row& row = rows_[r];
      const QueueEntry& entry = index->queue_entries(row.node)[row.entry];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(index->nodes()[row.node].name.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(message_label(entry.message).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%s s", format_time(trace[entry.enter].time).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%u", row.failed);
      ImGui::TableNextColumn();
      if (row.queued > 0) ImGui::TextUnformatted(event_note(trace[entry.queued[row.queued - 1]]).c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace mailsim::gui
