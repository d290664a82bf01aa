// Small helpers on mail addresses and host names (mail hosts, the scenario loader):
// domains compare without case; the local part is kept as written.
#pragma once
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.hpp"

namespace mailsim::names {

inline std::string lower(std::string_view s) { return ascii::to_lower(s); }
using ascii::iequals;
// The domain of an address: after the last '@', lower-cased.
inline std::string domain_of(const std::string& address) {
  const std::size_t at = address.rfind('@');
  return at == std::string::npos ? std::string() : lower(address.substr(at + 1));
}
inline std::string local_part_of(const std::string& address) {
  const std::size_t at = address.rfind('@');
  return at == std::string::npos ? address : address.substr(0, at);
}
inline bool contains(const std::vector<std::string>& list, const std::string& name) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& x) { return iequals(x, name); });
}

}  // namespace mailsim::names
