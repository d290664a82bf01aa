// Theory of operation: the mailbox inspector.
//
// The mail stores after the current event, as the trace's MailboxChanged events tell them
// (TraceIndex::mailboxes()): on the left every folder known by then, per host and user,
// with its message and unseen counts; on the right the messages of the picked folder, by
// UID, with their flags at that step (\Seen, \Flagged, \Deleted …). Stepping back shows
// the flags as they were: nothing is replayed, each row is a lookup in the index. When the
// cursor lands on a mailbox change, its folder is picked and the changed row highlighted.
// The rows of the picked folder are rebuilt only when the cursor, the folder or the
// document changes, and drawn through a clipper, so a folder of 100 000 messages is fine.
#pragma once
#include <cstdint>
#include <vector>

#include "panels/panel.hpp"

namespace mailsim::gui {

class MailboxPanel : public Panel {
 public:
  MailboxPanel() : Panel(Str::Mailboxes, "mailboxes") {}
  void draw_content(Context& ctx) override;

 private:
  void draw_folders(const MailboxIndex& boxes, std::size_t pos);
  void draw_messages(Context& ctx, const MailboxIndex& boxes, std::size_t pos);
  void collect_rows(const MailFolder& folder, std::size_t pos);

  int folder_ = -1;                      // picked folder (MailboxIndex::folders()), -1: none
  std::size_t seen_pos_ = SIZE_MAX;      // the cursor at the last frame drawn
  std::uint64_t gen_ = 0;                // the document folder_ and rows_ belong to
  int rows_folder_ = -1;
  std::size_t rows_pos_ = SIZE_MAX, rows_known_ = 0;
  std::vector<std::uint32_t> rows_;      // indices into the picked folder's mails, present at pos
};

}  // namespace mailsim::gui
