#include "core/time.hpp"

#include <cstdio>

namespace mailsim {

std::string format_time(SimTime t) {
  char buf[40];
  const char* sign = t < 0 ? "-" : "";
  const SimTime a = t < 0 ? -t : t;
  std::snprintf(buf, sizeof buf, "%s%lld.%06lld", sign, static_cast<long long>(a / kSecond),
                static_cast<long long>(a % kSecond));
  return buf;
}

std::string format_seconds(SimTime d) {
  std::string out = format_time(d);
  out.erase(out.find_last_not_of('0') + 1);
  if (out.back() == '.') out.pop_back();
  return out;
}

namespace {
// Appends v in decimal, zero-padded to `width` characters (printf's "%0*lld").
void append_padded(std::string& out, long long v, int width) {
  if (v < 0) {
    out += '-';
    --width;
    v = -v;
  }
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  for (int i = n; i < width; ++i) out += '0';
  while (n > 0) out += digits[--n];
}
}  // namespace

std::string format_rfc5322_date(std::int64_t unix_seconds) {
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm, public domain arithmetic).
  std::int64_t days = unix_seconds / 86400;
  std::int64_t secs = unix_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  const int weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // Built by hand rather than with snprintf: every accepted message gets a date.
  std::string out;
  out.reserve(31);
  out += kDays[weekday];
  out += ", ";
  append_padded(out, day, 2);
  out += ' ';
  out += kMonths[month - 1];
  out += ' ';
  append_padded(out, year, 4);
  out += ' ';
  append_padded(out, secs / 3600, 2);
  out += ':';
  append_padded(out, secs / 60 % 60, 2);
  out += ':';
  append_padded(out, secs % 60, 2);
  out += " +0000";
  return out;
}

}  // namespace mailsim
