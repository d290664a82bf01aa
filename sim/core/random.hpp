// Seeded pseudo-random generator (xoshiro256**, seeded through splitmix64).
// Its own arithmetic, not <random>'s distributions, so a seed gives the same draws
// on every platform and standard library.
#pragma once
#include <cstdint>

namespace mailsim {

class Random {
 public:
  explicit Random(std::uint64_t seed) { reseed(seed); }
  void reseed(std::uint64_t seed);
  std::uint64_t next();
  // Uniform integer in [lo, hi] (inclusive); lo <= hi.
  std::int64_t uniform(std::int64_t lo, std::int64_t hi);

 private:
  std::uint64_t s_[4];
};

}  // namespace mailsim
