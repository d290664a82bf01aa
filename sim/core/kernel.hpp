// Theory of operation: the discrete-event kernel.
//
// A Kernel is an owned instance (no globals), so tests and the GUI can hold several.
// Events are closures scheduled at an integer SimTime. They run in (time, insertion
// sequence) order, which makes every run with the same inputs and seed identical.
// Cancelling only marks the slot; the heap entry is dropped when it reaches the top
// (as in ns-3). Time never goes backwards: scheduling in the past is refused.
//
// Storage: a binary min-heap of entries {time, seq, slot, closure}; the closure is a
// Callback that moves as plain bytes, so heap moves stay cheap. An event scheduled for
// the current time (a zero-latency hand-over, most events of a live session) goes to a
// FIFO instead: its seq is larger than any pending one's, so the FIFO is already in
// order, and it runs after the heap's events of the same time and before any later one.
// The slot table (with a free list) holds only each event's generation and liveness, for
// O(1) cancellation.
#pragma once
#include <cstdint>
#include <deque>
#include <vector>

#include "core/callback.hpp"
#include "core/random.hpp"
#include "core/time.hpp"

namespace mailsim {

// Names one scheduled event; stays safe to cancel after the event ran.
struct EventId {
  std::uint32_t slot = UINT32_MAX;
  std::uint32_t generation = 0;
  bool valid() const { return slot != UINT32_MAX; }
};

class Kernel {
 public:
  using Handler = Callback;

  explicit Kernel(std::uint64_t seed = 1) : random_(seed) {}
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  SimTime now() const { return now_; }
  Random& random() { return random_; }

  EventId schedule_at(SimTime when, Handler handler);
  EventId schedule_in(SimTime delay, Handler handler) { return schedule_at(now_ + delay, std::move(handler)); }
  // True when the event was pending and is now cancelled.
  bool cancel(EventId id);

  // Runs the next live event; false when none is left.
  bool step();
  // Runs every event whose time is <= limit, then sets the clock to limit.
  void run_until(SimTime limit);
  void run();

  std::size_t pending() const { return live_; }
  std::uint64_t executed() const { return executed_; }
  // Time of the next live event, or -1 when there is none.
  SimTime next_time();

 private:
  struct Entry {
    SimTime time;
    std::uint64_t seq;
    std::uint32_t slot;
    Handler handler;
  };
  struct Slot {
    std::uint32_t generation = 0;
    bool live = false;
  };
  // "a runs after b": the heap's ordering, as a type so the comparisons inline.
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const { return a.time != b.time ? a.time > b.time : a.seq > b.seq; }
  };
  void drop_dead_top();
  Entry pop_top();
  Entry pop_next();  // the earlier of the heap's top and the FIFO's front
  void retire(std::uint32_t slot);

  SimTime now_ = 0;
  std::uint64_t next_seq_ = 0;
  std::uint64_t executed_ = 0;
  std::size_t live_ = 0;
  std::vector<Entry> heap_;
  std::deque<Entry> now_fifo_;  // all at the same time, now_
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  Random random_;
};

}  // namespace mailsim
