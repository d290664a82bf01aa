// Theory of operation: turning a scenario's message description into RFC 5322 bytes.
//
// A client action describes its message at a high level ({"subject": …, "text": …,
// "attachments": […]}; "body" is accepted as another name for "text") or points at a
// raw .eml file ({"eml": "messages/x.eml"}); the scenario loader types it into a
// MessageDescription when the file loads (scenario/message_json.hpp), so nothing is read
// from JSON during a run. compose_message() fills in what the envelope already says (From
// from MAIL FROM, To from the RCPT list) and hands the spec to the MIME builder of
// sim/message, so the bytes are exactly what that library builds. A MUA that submits
// over SMTP dates and numbers its message itself (Date and Message-ID from the simulated
// clock and the message number, so a run is repeatable) unless the description says
// "leave_to_msa": true; a local submission leaves them to the host's MTA, as `mail` does
// with sendmail.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "message/builder.hpp"

namespace mailsim {

// A client action's message: a raw .eml file, or what to build. From, To, Date and
// Message-ID that the description leaves out are compose_message()'s to fill in.
struct MessageDescription {
  std::optional<std::string> eml;       // the .eml file's path (relative to the scenario): sent as is
  message::MessageSpec spec;            // otherwise: what to build
  bool has_from = false, has_to = false, has_date = false, has_message_id = false;
  bool leave_to_msa = false;            // the MSA dates and numbers the message, not the MUA
};

struct ComposeInput {
  const MessageDescription* description = nullptr;  // the action's message (null: all defaults)
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
