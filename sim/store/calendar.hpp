// Theory of operation: Gregorian calendar arithmetic for mailbox dates.
//
// The store keeps internal dates as SimTime; with the store's epoch (Unix time of
// simulated time 0) they become UTC calendar dates for IMAP INTERNALDATE and SEARCH
// (RFC 3501 date and date-time), mbox "From " lines and Maildir file names. Days are
// counted from 1970-01-01 (Howard Hinnant's days_from_civil algorithm).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace mailsim {

struct CivilTime {
  int year = 1970, month = 1, day = 1;  // month 1..12
  int hour = 0, minute = 0, second = 0;
  int weekday = 4;  // 0 = Sunday; 1970-01-01 was a Thursday
};

std::int64_t days_from_civil(int year, int month, int day);
CivilTime civil_from_unix(std::int64_t unix_seconds);
std::int64_t unix_seconds(std::int64_t epoch, SimTime t);  // epoch + t, in whole seconds
const char* month_abbrev(int month);                     // "Jan" … "Dec"
const char* weekday_abbrev(int weekday);                 // "Sun" … "Sat"
std::optional<int> month_from_abbrev(std::string_view name);  // case-insensitive

}  // namespace mailsim
