// Theory of operation: the sequence diagram (Wireshark's flow graph for the trace).
//
// One lane per host (in the topology's left-to-right order, the DNS last), time going
// down, one row per event that has happened (or per event passing the filter): an arrow
// from the sender's lane to the receiver's for lines and other two-party events, a dot
// on the lane for the rest, with the line's text beside it. Rows go through a clipper,
// so only the visible ones cost anything; the current event's row is highlighted and
// kept in view, sideways too: with more hosts than fit, the lanes scroll under a time
// column and host names that stay in place.
#pragma once
#include <vector>

#include "panels/panel.hpp"

namespace mailsim::gui {

class SequencePanel : public Panel {
 public:
  SequencePanel() : Panel(Str::Sequence, "sequence") {}
  void draw_content(Context& ctx) override;

 private:
  std::uint64_t lanes_gen_ = 0;
  std::vector<int> lane_of_node_;  // node index -> lane
  std::vector<int> lane_nodes_;    // lane -> node index
};

}  // namespace mailsim::gui
