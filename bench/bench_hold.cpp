// The "hold" model: P pending events; each, when run, reschedules itself after a
// pseudo-random delay of 1..1000 µs, until E events have run. Prints events per second
// for mailsim's Kernel and, as a baseline measured in the same run, for the textbook
// event list (std::priority_queue of {time, seq, std::function}), medians of R rounds
// alternating the two, so a busy machine affects both alike.
#include <chrono>
#include <cstdio>
#include <functional>
#include <queue>
#include <string>
#include <vector>

#include "benches.hpp"
#include "core/kernel.hpp"

namespace mailsim::bench {

namespace {

struct KernelHold {
  Kernel kernel;
  std::uint64_t remaining;
  KernelHold(std::uint64_t seed, std::uint64_t reschedules) : kernel(seed), remaining(reschedules) {}
  void fire() {
    if (remaining == 0) return;
    --remaining;
    kernel.schedule_in(kernel.random().uniform(1, 1000), [this] { fire(); });
  }
  std::uint64_t run(std::uint64_t pending) {
    for (std::uint64_t i = 0; i < pending; ++i) kernel.schedule_in(kernel.random().uniform(1, 1000), [this] { fire(); });
    kernel.run();
    return kernel.executed();
  }
};

// The baseline: what one writes first with the standard library.
struct BaselineHold {
  struct Event {
    SimTime time;
    std::uint64_t seq;
    std::function<void()> fn;
    bool operator>(const Event& o) const { return time != o.time ? time > o.time : seq > o.seq; }
  };
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> queue;
  Random random;
  SimTime now = 0;
  std::uint64_t seq = 0, remaining, executed = 0;
  BaselineHold(std::uint64_t seed, std::uint64_t reschedules) : random(seed), remaining(reschedules) {}
  void fire() {
    if (remaining == 0) return;
    --remaining;
    queue.push(Event{now + random.uniform(1, 1000), seq++, [this] { fire(); }});
  }
  std::uint64_t run(std::uint64_t pending) {
    for (std::uint64_t i = 0; i < pending; ++i) queue.push(Event{random.uniform(1, 1000), seq++, [this] { fire(); }});
    while (!queue.empty()) {
      Event e = queue.top();
      queue.pop();
      now = e.time;
      ++executed;
      e.fn();
    }
    return executed;
  }
};

template <typename Model>
double events_per_second(std::uint64_t seed, std::uint64_t pending, std::uint64_t events) {
  Model model(seed, events > pending ? events - pending : 0);
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t ran = model.run(pending);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(ran) / seconds;
}

}  // namespace

int bench_hold(const Args& args) {
  std::uint64_t pending = 1000, events = 5'000'000, seed = 1, rounds = 5;
  if (!parse_counts(args, "hold", {{"--pending", &pending}, {"--events", &events}, {"--seed", &seed}, {"--rounds", &rounds}}))
    return 2;
  std::vector<double> ours, baseline;
  for (std::uint64_t r = 0; r < rounds; ++r) {
    ours.push_back(events_per_second<KernelHold>(seed, pending, events));
    baseline.push_back(events_per_second<BaselineHold>(seed, pending, events));
    std::printf("round %llu: kernel %.0f events/s, baseline %.0f events/s\n", static_cast<unsigned long long>(r + 1),
                ours.back(), baseline.back());
  }
  const double k = median(ours), b = median(baseline);
  std::printf("baseline (std::priority_queue + std::function) median events_per_s=%.0f\n", b);
  std::printf("hold pending=%llu events=%llu seconds=%.3f events_per_s=%.0f ratio_vs_baseline=%.2f\n",
              static_cast<unsigned long long>(pending), static_cast<unsigned long long>(events),
              static_cast<double>(events) / k, k, k / b);
  return 0;
}

}  // namespace mailsim::bench
