// Theory of operation: the queue inspector.
//
// The messages each node holds after the current event: entered its custody (accepted or
// queued) and not yet relayed, delivered or bounced, with how long ago, the number of
// failed delivery attempts as the simulation counts them (TraceEvent::failed_attempt)
// and the last queue decision's text (why, and the next retry). Rows are rebuilt only when the cursor or the document changes.
#pragma once
#include <cstdint>
#include <vector>

#include "panels/panel.hpp"

namespace mailsim::gui {

class QueuePanel : public Panel {
 public:
  QueuePanel() : Panel(Str::Queues, "queues") {}
  void draw_content(Context& ctx) override;

 private:
  struct Row {
    int node;
    std::size_t entry;  // in index.queue_entries(node), which may grow (live mode)
    std::size_t queued;    // MessageQueued events of the entry so far
    std::uint32_t failed;  // the simulation's count of failed attempts so far
  };
  void rebuild(const TraceIndex& index, std::uint64_t generation, std::size_t pos);
  std::vector<Row> rows_;
  std::uint64_t built_gen_ = 0;
  std::size_t built_pos_ = SIZE_MAX;
};

}  // namespace mailsim::gui
