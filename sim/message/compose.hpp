// Theory of operation: turning a scenario's message description into RFC 5322 bytes.
//
// A client action describes its message at a high level ({"subject": …, "text": …,
// "attachments": […]}; "body" is accepted as another name for "text") or points at a
// raw .eml file ({"eml": "messages/x.eml"}). compose_message() fills in what the
// envelope already says (From from MAIL FROM, To from the RCPT list) and hands the
// description to the MIME builder of sim/message, so the bytes are exactly what that
// library builds. A MUA that submits over SMTP dates and numbers its message itself
// (Date and Message-ID from the simulated clock and the message number, so a run is
// repeatable) unless the description says "leave_to_msa": true; a local submission
// leaves them to the host's MTA, as `mail` does with sendmail.
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
  std::string base_dir;              // where relative paths (eml, attachments) are resolved
  bool add_date_and_id = true;       // false: leave Date and Message-ID to the MTA
};

struct ComposeResult {
  std::string bytes;
  std::vector<std::string> errors;  // each names the field, e.g. "message.to[1]: …"
  bool ok() const { return errors.empty(); }
};

ComposeResult compose_message(const ComposeInput& in);

}  // namespace mailsim
