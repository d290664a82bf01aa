// Theory of operation: the mailbox inspector.
//
// What each mailbox host has filed, per user and folder, after the current event: the
// Delivered events before the cursor ("user folder" in their text), counted. The counts
// are kept incrementally while the cursor moves forward and recounted when it moves back.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "panels/panel.hpp"

namespace mailsim::gui {

class MailboxPanel : public Panel {
 public:
  MailboxPanel() : Panel(Str::Mailboxes, "mailboxes") {}
  void draw_content(Context& ctx) override;

 private:
  struct Box {
    std::size_t count = 0;
    std::uint32_t last_message = 0;
  };
  void advance(const TraceIndex& index, std::uint64_t generation, std::size_t pos);
  std::map<std::pair<int, std::string>, Box> boxes_;  // (node, "user folder")
  std::vector<std::size_t> done_;                     // per node: deliveries counted
  std::uint64_t built_gen_ = 0;
  std::size_t built_pos_ = 0;
};

}  // namespace mailsim::gui
