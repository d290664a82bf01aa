// Theory of operation: a value that changes at some trace events.
//
// A StepSeries records (event index, new value) pairs in trace order while the trace is
// indexed; value_at(pos) answers "what was it after the first pos events" by binary
// search. This is what makes stepping back exact and instant: nothing is replayed.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

namespace mailsim::gui {

class StepSeries {
 public:
  explicit StepSeries(int initial = 0) : initial_(initial) {}
  void set(std::uint64_t event_index, int value) { changes_.push_back({event_index, value}); }
  void add(std::uint64_t event_index, int delta) { set(event_index, last() + delta); }
  int last() const { return changes_.empty() ? initial_ : changes_.back().value; }
  // The value once events [0, pos) have happened.
  int value_at(std::uint64_t pos) const {
    auto it = std::lower_bound(changes_.begin(), changes_.end(), pos,
                               [](const Change& c, std::uint64_t p) { return c.index < p; });
    return it == changes_.begin() ? initial_ : std::prev(it)->value;
  }

 private:
  struct Change {
    std::uint64_t index;
    int value;
  };
  int initial_;
  std::vector<Change> changes_;
};

}  // namespace mailsim::gui
