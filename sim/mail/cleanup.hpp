// Theory of operation: what a mail host does to a message as it takes it in (the job of
// Postfix's cleanup(8)), shared by the SMTP server and the queue manager's local
// submissions. A submission (port 587, or a local `sendmail`) is completed as RFC 6409
// section 8 allows: Bcc removed (RFC 5322 section 3.6.3), Date and Message-ID added when
// the MUA left them out, each change traced as a decision. The header block of a message
// is traced each time a hop or the final delivery changed it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "net/network.hpp"

namespace mailsim {

class MailEnvironment;

// The submitted message `data`, completed by host `host_name` for message `message`.
std::string complete_submission(MailEnvironment& env, HostId host, const std::string& host_name, std::uint32_t message,
                                std::string_view data);
// A Headers event with the header block of `data` (up to its blank line).
void note_headers(MailEnvironment& env, HostId host, std::uint32_t message, std::string_view data);

}  // namespace mailsim
