// Small ASCII text helpers shared by the message module's parsers (header names,
// MIME tokens and charsets are case-insensitive ASCII; RFC 5234 WSP is SP / HTAB).
#pragma once
#include <string>
#include <string_view>

#include "core/ascii.hpp"

namespace mailsim::message {

inline bool is_wsp(char c) { return c == ' ' || c == '\t'; }
using ascii::iequals;  // core/ascii.hpp
using ascii::istarts_with;
using ascii::to_lower;
std::string_view trim(std::string_view s);  // strips SP, HTAB, CR, LF at both ends
bool is_ascii(std::string_view s);
// RFC 5322 §3.2.3 atext, ASCII only: letters, digits and !#$%&'*+-/=?^_`{|}~
bool is_atext(unsigned char c);
// A dotted-quad IPv4 address (RFC 5321 §4.1.3 IPv4-address-literal without brackets).
bool is_ipv4_address(std::string_view s);
// Value 0..15 of a hexadecimal digit (either case), or -1.
inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace mailsim::message
