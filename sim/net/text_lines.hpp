// Theory of operation: message text as line protocols carry it.
//
// SMTP's DATA (RFC 5321 section 4.5.2) and POP3's multi-line responses (RFC 1939 section 3)
// send a message as CRLF lines ended by a lone "."; a line of the text that begins with "."
// gets one more in front (dot-stuffing), so that it cannot be taken for the end. Both the
// SMTP client and the POP3 server write text with append_dot_stuffed().
#pragma once
#include <string>
#include <string_view>

namespace mailsim {

// Appends `text` to `out` as CRLF lines (a bare LF becomes CRLF, a last line without an
// end gets one), each line that begins with "." stuffed; the "." that ends it is not written.
void append_dot_stuffed(std::string& out, std::string_view text);

}  // namespace mailsim
