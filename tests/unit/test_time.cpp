// Time formats: transcript times, durations in sentences, RFC 5322 dates (built by hand,
// digit by digit) across the calendar.
#include <doctest/doctest.h>

#include "core/time.hpp"

using namespace mailsim;

TEST_CASE("RFC 5322 dates: zero padding, leap days, the turn of a day, before 1970") {
  CHECK(format_rfc5322_date(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
  CHECK(format_rfc5322_date(951782400) == "Tue, 29 Feb 2000 00:00:00 +0000");
  CHECK(format_rfc5322_date(1709546399) == "Mon, 04 Mar 2024 09:59:59 +0000");
  CHECK(format_rfc5322_date(-1) == "Wed, 31 Dec 1969 23:59:59 +0000");
  CHECK(format_rfc5322_date(-62135596800) == "Mon, 01 Jan 0001 00:00:00 +0000");
  CHECK(format_rfc5322_date(253402300799) == "Fri, 31 Dec 9999 23:59:59 +0000");
}

TEST_CASE("durations in sentences drop trailing zeros; transcript times keep six decimals") {
  CHECK(format_time(30 * kSecond) == "30.000000");
  CHECK(format_seconds(30 * kSecond) == "30");
  CHECK(format_seconds(120 * kHour) == "432000");
  CHECK(format_seconds(1500 * kMillisecond) == "1.5");
  CHECK(format_seconds(250) == "0.00025");
  CHECK(format_seconds(0) == "0");
  CHECK(format_seconds(-2 * kSecond) == "-2");
}
