// Simulated time: a signed 64-bit count of microseconds since the start of a run.
// Integer time keeps runs exact and repeatable; helpers below convert for display.
#pragma once
#include <cstdint>
#include <string>

namespace mailsim {

using SimTime = std::int64_t;

constexpr SimTime kMicrosecond = 1;
constexpr SimTime kMillisecond = 1000;
constexpr SimTime kSecond = 1000 * kMillisecond;
constexpr SimTime kMinute = 60 * kSecond;
constexpr SimTime kHour = 60 * kMinute;

// "12.345678" (seconds, six decimals): the form used in transcripts.
std::string format_time(SimTime t);

}  // namespace mailsim
