// Theory of operation: the sequence diagram (Wireshark's flow graph for the trace).
//
// One lane per host (in the topology's left-to-right order, the DNS last), time going
// down, one row per event that has happened (or per event passing the filter): an arrow
// from the sender's lane to the receiver's for lines and other two-party events, a dot
// on the lane for the rest, with the line's text beside it. Rows go through a clipper,
// so only the visible ones cost anything; the current event's row is highlighted and
// kept in view, sideways too.
//
// Any number of hosts stays readable at any text size: when the lanes do not all fit the
// pane at a readable width, the hosts outside the current exchange (the current event's
// two ends and its connection's) fold, each run of neighbours into one narrow lane headed
// "+N" (hover it for their names), and a row that starts or ends on a folded lane names
// that host before its text. The exchange's lanes share the room left. Only when even that
// does not fit, the diagram scrolls sideways under a time column and host names that stay
// in place.
#pragma once
#include <vector>

#include "panels/panel.hpp"

namespace mailsim::gui {

class SequencePanel : public Panel {
 public:
  SequencePanel() : Panel(Str::Sequence, "sequence") {}
  void draw_content(Context& ctx) override;

  struct Lane {
    std::vector<int> nodes;  // one host, or the run of hosts folded into this lane
    bool folded = false;
    float left = 0, width = 0;  // from the start of the lanes (after the time column)
  };
  // The lanes as last drawn, left to right, and the width the pane gave them.
  const std::vector<Lane>& lanes() const { return lanes_; }
  float lanes_room() const { return lanes_room_; }
  float time_width() const { return time_w_; }  // the time column, left of the lanes

 private:
  void sort_nodes(const TraceIndex& index);
  void lay_out(const TraceIndex& index, const TraceEvent* current, float room);
  std::uint64_t sorted_gen_ = 0;
  std::vector<int> order_;  // node indices, left to right
  std::vector<Lane> lanes_;
  std::vector<int> lane_of_node_;  // node index -> lane
  float lanes_room_ = 0;
  float time_w_ = 0;
};

}  // namespace mailsim::gui
