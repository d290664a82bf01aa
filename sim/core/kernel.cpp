#include "core/kernel.hpp"

#include <algorithm>
#include <stdexcept>

namespace mailsim {

EventId Kernel::schedule_at(SimTime when, Handler handler) {
  if (when < now_) throw std::logic_error("Kernel::schedule_at: time in the past");
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  s.live = true;
  if (when == now_) {
    now_fifo_.push_back(Entry{when, next_seq_++, slot, std::move(handler)});
  } else {
    heap_.push_back(Entry{when, next_seq_++, slot, std::move(handler)});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  ++live_;
  return EventId{slot, s.generation};
}

bool Kernel::cancel(EventId id) {
  if (!id.valid() || id.slot >= slots_.size()) return false;
  Slot& s = slots_[id.slot];
  if (!s.live || s.generation != id.generation) return false;
  s.live = false;  // the closure goes when its entry reaches the top
  --live_;
  return true;
}

Kernel::Entry Kernel::pop_top() {
  std::pop_heap(heap_.begin(), heap_.end(), Later{});
  Entry e = std::move(heap_.back());
  heap_.pop_back();
  return e;
}

Kernel::Entry Kernel::pop_next() {
  if (now_fifo_.empty() || (!heap_.empty() && Later{}(now_fifo_.front(), heap_.front()))) return pop_top();
  Entry e = std::move(now_fifo_.front());
  now_fifo_.pop_front();
  return e;
}

void Kernel::retire(std::uint32_t slot) {
  Slot& s = slots_[slot];
  s.live = false;
  ++s.generation;
  free_slots_.push_back(slot);
}

void Kernel::drop_dead_top() {
  while (!heap_.empty() && !slots_[heap_.front().slot].live) retire(pop_top().slot);
  while (!now_fifo_.empty() && !slots_[now_fifo_.front().slot].live) {
    retire(now_fifo_.front().slot);
    now_fifo_.pop_front();
  }
}

SimTime Kernel::next_time() {
  drop_dead_top();
  if (!now_fifo_.empty()) return now_fifo_.front().time;  // nothing in the heap is earlier
  return heap_.empty() ? -1 : heap_.front().time;
}

bool Kernel::step() {
  drop_dead_top();
  if (heap_.empty() && now_fifo_.empty()) return false;
  Entry e = pop_next();
  retire(e.slot);
  --live_;
  now_ = e.time;
  ++executed_;
  e.handler();
  return true;
}

void Kernel::run_until(SimTime limit) {
  for (SimTime t = next_time(); t >= 0 && t <= limit; t = next_time()) step();
  if (limit > now_) now_ = limit;
}

void Kernel::run() {
  while (step()) {
  }
}

}  // namespace mailsim
