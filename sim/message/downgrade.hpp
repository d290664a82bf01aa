// 8-bit to 7-bit downgrade, for an SMTP client whose next hop does not offer 8BITMIME
// (RFC 6152 §3, RFC 2045 §6): every leaf whose body has 8-bit octets is re-encoded, text
// as quoted-printable and anything else as base64, and its Content-Transfer-Encoding
// rewritten; multiparts and message/rfc822 parts are rewritten recursively and
// relabelled 7bit, 8-bit octets of their preamble and epilogue (which readers ignore)
// becoming '?'. A quoted-printable or base64 part with stray 8-bit octets is decoded as a
// reader would and encoded again. Parts that are already 7-bit are copied byte for byte.
// A message without MIME fields gets MIME-Version and a text/plain Content-Type naming
// utf-8 when the body is valid UTF-8, else unknown-8bit (RFC 1428).
// Header fields are not changed: 8-bit octets there, in the message's header or a part's,
// need SMTPUTF8 (RFC 6531), which `header_has_8bit` reports.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::message {

struct DowngradeResult {
  std::string message;
  bool changed = false;
  std::vector<std::string> converted;  // "part 1: 8bit -> quoted-printable", ...
  bool header_has_8bit = false;
};

DowngradeResult downgrade_8bit_to_7bit(std::string_view message);

}  // namespace mailsim::message
