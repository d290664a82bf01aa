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
// "30", "1.5", "0.00025": a duration in seconds without trailing zeros, for sentences.
std::string format_seconds(SimTime d);

// RFC 5322 date-time of a Unix time, in UTC: "Thu, 04 Mar 1999 17:24:07 +0000".
std::string format_rfc5322_date(std::int64_t unix_seconds);

}  // namespace mailsim
