#include "panels/mailbox_panel.hpp"

#include <algorithm>

namespace mailsim::gui {

void MailboxPanel::advance(const TraceIndex& index, std::uint64_t generation, std::size_t pos) {
  if (generation != built_gen_ || pos < built_pos_) {
    boxes_.clear();
    done_.assign(index.nodes().size(), 0);
    built_gen_ = generation;
  }
  built_pos_ = pos;
  done_.resize(index.nodes().size(), 0);  // live mode: hosts appear as the trace grows
  for (std::size_t n = 0; n < index.nodes().size(); ++n) {
    const auto& del = index.deliveries(static_cast<int>(n));
    for (std::size_t& k = done_[n]; k < del.size() && del[k] < pos; ++k) {
      const TraceEvent& e = index.trace()[del[k]];
      Box& box = boxes_[{static_cast<int>(n), e.text}];
      ++box.count;
      box.last_message = e.message;
    }
  }
}

void MailboxPanel::draw_content(Context& ctx) {
  const TraceIndex* index = ctx.index();
  if (!index) {
    ImGui::TextDisabled("%s", tr(Str::NoScenario));
    return;
  }
  advance(*index, ctx.generation, ctx.timeline.pos());
  if (boxes_.empty()) {
    ImGui::TextDisabled("%s", tr(Str::NoMail));
    return;
  }
  if (!ImGui::BeginTable("##boxes", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(Str::Hosts));
  ImGui::TableSetupColumn(tr(Str::Folder));
  ImGui::TableSetupColumn(tr(Str::Count));
  ImGui::TableSetupColumn(tr(Str::Message));
  ImGui::TableHeadersRow();
  for (const auto& [key, box] : boxes_) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(index->nodes()[key.first].name.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(key.second.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%zu", box.count);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(message_label(box.last_message).c_str());
  }
  ImGui::EndTable();
}

}  // namespace mailsim::gui
