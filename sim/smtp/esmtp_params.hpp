// Theory of operation: ESMTP parameters of MAIL and RCPT (RFC 5321 section 4.1.2).
//
// After the path, "KEYWORD[=VALUE]" items separated by spaces: SIZE (RFC 1870), BODY
// (6152, 3030), RET/ENVID (3461), NOTIFY/ORCPT (3461), AUTH (4954), SMTPUTF8 (6531).
// This file splits them (keywords upper-cased) and holds the small value codecs they
// need: decimal numbers, xtext (RFC 3461 section 4: "+XX" for unsafe octets), NOTIFY lists.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailsim::smtp {

struct EsmtpParams {
  bool ok = true;
  std::string error;
  std::vector<std::pair<std::string, std::string>> params;  // keyword upper-cased, value as written
};

EsmtpParams parse_esmtp_params(const std::string& text);
std::optional<std::uint64_t> parse_decimal(std::string_view text);
std::optional<std::string> xtext_decode(std::string_view text);
std::string xtext_encode(std::string_view text);
// "success,failure" -> "SUCCESS,FAILURE"; NEVER alone; nullopt when malformed.
std::optional<std::string> normalize_notify(std::string_view text);
// The mailbox between the brackets of "<...> params" (source route removed), as written.
std::string original_mailbox(std::string_view path_and_params);

}  // namespace mailsim::smtp
