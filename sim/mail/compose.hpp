// Theory of operation: turning a scenario's message description into RFC 5322 bytes.
//
// A client action describes its message at a high level ({"subject": …, "body": …}) or
// points at a raw .eml file; compose_message() produces the bytes the MUA submits, with
// CRLF line ends. Date and Message-ID come from the simulated clock and the message
// number, so a run is repeatable.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mailsim {

struct ComposeInput {
  const nlohmann::json* description = nullptr;  // the action's "message" object (may be null)
  std::string envelope_from;
  std::vector<std::string> envelope_to;
  std::int64_t unix_time = 0;
  std::uint32_t message = 0;
  std::string sender_host;
  std::string base_dir;  // where relative file paths (eml, attachments) are resolved
};

// The message bytes, or throws std::runtime_error naming the offending field.
std::string compose_message(const ComposeInput& in);

}  // namespace mailsim
