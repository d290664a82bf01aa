#include "model/timeline.hpp"

#include <algorithm>

namespace mailsim::gui {

void Timeline::attach(const TraceIndex* index) {
  index_ = index;
  playing_ = false;
  live_ = false;
  seek(0);
}

const TraceEvent* Timeline::current() const {
  return pos_ == 0 || !index_ ? nullptr : &index_->event(pos_ - 1);
}

void Timeline::seek(std::size_t pos) {
  pos_ = std::min(pos, size());
  clock_ = pos_ == 0 ? 0.0 : static_cast<double>(index_->trace()[pos_ - 1].time);
}

void Timeline::seek_time(SimTime t) {
  if (!index_) return;
  pos_ = index_->events_until(t);
  clock_ = static_cast<double>(t);
}

bool Timeline::is_boundary(std::size_t i, StepSize size) const {
  switch (size) {
    case StepSize::Event: return true;
    case StepSize::Reply: return (index_->step_flags(i) & kStepReply) != 0;
    case StepSize::Hop: return (index_->step_flags(i) & kStepHop) != 0;
  }
  return true;
}

void Timeline::step(int direction, StepSize size) {
  if (!index_) return;
  std::size_t p = pos_;
  if (direction > 0) {
    // Happen events until a boundary event has happened.
    while (p < this->size() && !is_boundary(p++, size)) {}
  } else {
    // Go back to just after the previous boundary (or to the start).
    if (p > 0) --p;
    while (p > 0 && !is_boundary(p - 1, size)) --p;
  }
  seek(p);
}

void Timeline::play(bool on) {
  playing_ = on && index_ && size() > 0 && !at_live_end();
  if (playing_ && pos_ >= size()) seek(0);
}

void Timeline::restart() {
  playing_ = false;
  seek(0);
}

void Timeline::tick(double real_seconds) {
  if (!playing_) return;
  const double per_second = speed * static_cast<double>(kSecond);
  clock_ += real_seconds * per_second;
  if (pos_ < size()) {
    const double next = static_cast<double>(index_->trace()[pos_].time);
    if (next - clock_ > per_second) clock_ = next - 0.25 * per_second;  // skip idle gaps
  }
  pos_ = index_->events_until(static_cast<SimTime>(clock_));
  if (pos_ >= size()) playing_ = false;
}

}  // namespace mailsim::gui
