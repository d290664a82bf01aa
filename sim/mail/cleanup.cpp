#include "mail/cleanup.hpp"

#include "mail/environment.hpp"
#include "message/submission.hpp"

namespace mailsim {

std::string complete_submission(MailEnvironment& env, HostId host, const std::string& host_name, std::uint32_t message,
                                std::string_view data) {
  message::HeaderEdit bcc = message::remove_bcc(data);
  const std::int64_t now = env.unix_now();
  message::HeaderEdit added = message::add_missing_date_and_message_id(
      bcc.message, format_rfc5322_date(now), "<M" + std::to_string(message) + "." + std::to_string(now) + "@" + host_name + ">");
  for (const auto& change : bcc.changes)
    env.note(TraceKind::Decision, host, message, "submission: " + change + " (Bcc recipients stay hidden)");
  for (const auto& change : added.changes)
    env.note(TraceKind::Decision, host, message, "submission: the MUA left it out, " + change);
  return std::move(added.message);
}

void note_headers(MailEnvironment& env, HostId host, std::uint32_t message, std::string_view data) {
  const std::size_t end = data.find("\r\n\r\n");
  env.note(TraceKind::Headers, host, message, data.substr(0, end == std::string_view::npos ? data.size() : end + 2));
}

}  // namespace mailsim
