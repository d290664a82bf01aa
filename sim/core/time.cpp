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

}  // namespace mailsim
