// Theory of operation: case in protocol text.
//
// Commands, keywords, domains, header field names and IMAP atoms compare without case, and
// only in ASCII (RFC 5321 section 2.4, RFC 5322 section 1.2.2, RFC 3501 section 9): "MAIL"
// equals "mail", but no letter beyond 0x7F is folded (message::fold_case does that, for the
// words of a text). These helpers are the one place where that folding is written; inline
// and locale-free, since the engines call them for every line.
#pragma once
#include <string>
#include <string_view>

namespace mailsim::ascii {

constexpr char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }
constexpr char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - ('a' - 'A')) : c; }

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

inline std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = upper(c);
  return out;
}

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

constexpr bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

}  // namespace mailsim::ascii
