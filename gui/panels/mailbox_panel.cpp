#include "panels/mailbox_panel.hpp"

#include <algorithm>

namespace mailsim::gui {

void MailboxPanel::collect_rows(const MailFolder& folder, std::size_t pos) {
  rows_.clear();
  // Mails are in order of arrival: only those that came before pos can be there.
  const auto end = std::partition_point(folder.mails.begin(), folder.mails.end(),
                                        [pos](const StoredMail& m) { return m.added < pos; });
  for (auto it = folder.mails.begin(); it != end; ++it)
    if (it->present_at(pos)) rows_.push_back(static_cast<std::uint32_t>(it - folder.mails.begin()));
}

void MailboxPanel::draw_content(Context& ctx) {
  const TraceIndex* index = ctx.index();
  if (!index) {
    ImGui::TextDisabled("%s", tr(Str::NoScenario));
    return;
  }
  const MailboxIndex& boxes = index->mailboxes();
  const std::size_t pos = ctx.timeline.pos();
  if (ctx.generation != gen_) {
    gen_ = ctx.generation;
    folder_ = rows_folder_ = -1;
  }
  if (pos != seen_pos_) {  // the cursor moved here: follow it onto a mailbox change
    seen_pos_ = pos;
    if (const TraceEvent* cur = ctx.timeline.current()) {
      const int changed = boxes.folder_of(*cur, index->node_of(cur->host));
      if (changed >= 0) folder_ = changed;
    }
  }
  const auto known = [&](int f) { return boxes.folders()[f].first_event < pos; };
  if (folder_ >= 0 && !known(folder_)) folder_ = -1;
  if (folder_ < 0) {
    const auto& sorted = boxes.sorted();
    const auto first = std::find_if(sorted.begin(), sorted.end(), known);
    if (first == sorted.end()) {
      ImGui::TextDisabled("%s", tr(Str::NoMail));
      return;
    }
    folder_ = *first;
  }
  draw_folders(boxes, pos);
  draw_messages(ctx, boxes, pos);
}

void MailboxPanel::draw_folders(const MailboxIndex& boxes, std::size_t pos) {
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_SizingFixedFit;
  const auto shown = std::count_if(boxes.folders().begin(), boxes.folders().end(),
                                   [pos](const MailFolder& f) { return f.first_event < pos; });
  // The header and up to five folders; more scroll.
  const float row = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
  const float height = row * static_cast<float>(std::min<std::ptrdiff_t>(shown, 5) + 1) + ImGui::GetStyle().ItemSpacing.y;
  if (!ImGui::BeginTable("##folder_list", 5, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(Str::Hosts));
  ImGui::TableSetupColumn(tr(Str::User));
  ImGui::TableSetupColumn(tr(Str::Folder), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn(tr(Str::Count));
  ImGui::TableSetupColumn(tr(Str::Unseen));
  ImGui::TableHeadersRow();
  for (int f : boxes.sorted()) {
    const MailFolder& folder = boxes.folders()[f];
    if (folder.first_event >= pos) continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(f);
    if (ImGui::Selectable(folder.host.c_str(), f == folder_, ImGuiSelectableFlags_SpanAllColumns)) folder_ = f;
    ImGui::PopID();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(folder.user.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(folder.folder.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%d", folder.count.value_at(pos));
    ImGui::TableNextColumn();
    ImGui::Text("%d", folder.unseen.value_at(pos));
  }
  ImGui::EndTable();
}

void MailboxPanel::draw_messages(Context& ctx, const MailboxIndex& boxes, std::size_t pos) {
  const MailFolder& folder = boxes.folders()[folder_];
  if (folder_ != rows_folder_ || pos != rows_pos_ || folder.mails.size() != rows_known_) {
    collect_rows(folder, pos);
    rows_folder_ = folder_;
    rows_pos_ = pos;
    rows_known_ = folder.mails.size();
  }
  ImGui::Text("%s  ·  %s  ·  %s", folder.host.c_str(), folder.user.c_str(), folder.folder.c_str());
  const TraceEvent* cur = ctx.timeline.current();
  const bool changed_here = cur && boxes.folder_of(*cur, folder.node) == folder_;
  if (changed_here) ImGui::TextDisabled("%s %.*s", tr(Str::NowChanged), static_cast<int>(cur->text.size()), cur->text.data());
  if (rows_.empty()) {
    ImGui::TextDisabled("%s", tr(Str::FolderEmpty));
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##mails", 3, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(Str::Uid));
  ImGui::TableSetupColumn(tr(Str::Message));
  ImGui::TableSetupColumn(tr(Str::Flags), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows_.size()));
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const StoredMail& mail = folder.mails[rows_[r]];
      const FlagSet& flags_now = boxes.flag_set(mail.flags_at(pos));
      ImGui::TableNextRow();
      if (changed_here && mail.touched_by(pos - 1)) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ctx.palette.current_row);
      ImGui::TableNextColumn();
      ImGui::Text("%u", mail.uid);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(mail.message ? message_label(mail.message).c_str() : tr(Str::ByClient));
      ImGui::TableNextColumn();
      if (flags_now.names.empty()) ImGui::TextDisabled("%s", tr(Str::NoFlags));
      else ImGui::TextUnformatted(flags_now.text.c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace mailsim::gui
