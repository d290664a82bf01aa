// The "hold" model: P pending events; each, when run, reschedules itself after a
// pseudo-random delay of 1..1000 µs, until E events have run. Prints events per second.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "benches.hpp"
#include "core/kernel.hpp"

namespace mailsim::bench {

namespace {
struct Hold {
  Kernel kernel;
  std::uint64_t remaining;
  Hold(std::uint64_t seed, std::uint64_t reschedules) : kernel(seed), remaining(reschedules) {}
  void fire() {
    if (remaining == 0) return;
    --remaining;
    kernel.schedule_in(kernel.random().uniform(1, 1000), [this] { fire(); });
  }
};
}  // namespace

int bench_hold(const Args& args) {
  std::uint64_t pending = 1000, events = 5'000'000, seed = 1;
  for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
    const std::uint64_t v = std::strtoull(args[i + 1].c_str(), nullptr, 10);
    if (args[i] == "--pending") pending = v;
    else if (args[i] == "--events") events = v;
    else if (args[i] == "--seed") seed = v;
    else {
      std::fprintf(stderr, "mailsim-bench hold: unknown option '%s'\n", args[i].c_str());
      return 2;
    }
  }
  Hold hold(seed, events > pending ? events - pending : 0);
  for (std::uint64_t i = 0; i < pending; ++i)
    hold.kernel.schedule_in(hold.kernel.random().uniform(1, 1000), [&hold] { hold.fire(); });
  const auto start = std::chrono::steady_clock::now();
  hold.kernel.run();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto ran = hold.kernel.executed();
  std::printf("hold pending=%llu events=%llu seconds=%.3f events_per_s=%.0f\n",
              static_cast<unsigned long long>(pending), static_cast<unsigned long long>(ran), seconds,
              static_cast<double>(ran) / seconds);
  return 0;
}

}  // namespace mailsim::bench
