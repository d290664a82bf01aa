// Theory of operation: the time cursor.
//
// The simulation has already run to completion; the timeline is a cursor into its trace.
// `pos` counts the events that have happened (0..size): every panel shows the state after
// events [0, pos). Stepping moves pos by one event, to the end of the next reply
// (a command and its answer) or to the next hop of a message, in either direction, using
// the step flags of TraceIndex. Playing advances a simulated clock at `speed` simulated
// seconds per real second and sets pos from it; idle gaps longer than a real second are
// skipped so a retry an hour later does not freeze the class. In live mode the trace grows
// and its end is the live end: play there has nothing to replay and leaves the cursor
// following it, instead of starting over from the first event.
#pragma once
#include <cstddef>

#include "model/trace_index.hpp"

namespace mailsim::gui {

enum class StepSize { Event, Reply, Hop };

class Timeline {
 public:
  explicit Timeline(const TraceIndex* index = nullptr) : index_(index) {}
  void attach(const TraceIndex* index);

  std::size_t pos() const { return pos_; }
  std::size_t size() const { return index_ ? index_->size() : 0; }
  SimTime time() const { return static_cast<SimTime>(clock_); }
  double clock() const { return clock_; }
  bool playing() const { return playing_; }
  // The last event that happened (pos - 1), or nullptr at the start.
  const TraceEvent* current() const;

  void seek(std::size_t pos);       // exact event position
  void seek_time(SimTime t);        // the events up to time t have happened
  void step(int direction, StepSize size);
  void play(bool on);
  // Live mode (set_live(true) until serving stops): the end is the live end.
  void set_live(bool live) { live_ = live; }
  bool at_live_end() const { return live_ && pos_ >= size(); }
  void restart();
  void tick(double real_seconds);  // advance while playing

  double speed = 0.05;  // simulated seconds per real second
  StepSize step_size = StepSize::Event;

 private:
  bool is_boundary(std::size_t i, StepSize size) const;
  const TraceIndex* index_;
  std::size_t pos_ = 0;
  double clock_ = 0;  // simulated µs
  bool playing_ = false;
  bool live_ = false;
};

}  // namespace mailsim::gui
