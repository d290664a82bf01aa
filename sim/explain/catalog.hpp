// Theory of operation: the explanation catalogue.
//
// One table per protocol maps a command verb (SMTP/ESMTP/LMTP, POP3, IMAP) or an SMTP
// reply code to a short explanation in English and in French, with the RFC that defines
// it. Front ends (the GUI's hover help, the CLI) look a transcript line up here, so both
// explain the same thing in the same words. Lookups never allocate and never fail loudly:
// an unknown verb or code gives nullptr, or for codes the explanation of its class
// (2xx, 3xx, 4xx, 5xx).
#pragma once
#include <optional>
#include <string_view>

#include "core/trace.hpp"

namespace mailsim::explain {

enum class Lang { En, Fr };
std::string_view lang_name(Lang lang);                // "fr", "en"
std::optional<Lang> parse_lang(std::string_view text);  // "fr"/"en" (any case)

struct Entry {
  std::string_view key;  // the verb ("MAIL") or the code ("550")
  std::string_view rfc;  // "RFC 5321 §4.1.1.2"
  std::string_view en;
  std::string_view fr;
  std::string_view text(Lang lang) const { return lang == Lang::Fr ? fr : en; }
};

// The client command on a line ("MAIL FROM:<a@b>", IMAP "a1 LOGIN x y"), or nullptr.
const Entry* command(Protocol proto, std::string_view line);
// An SMTP/LMTP reply code (exact code, else its class), or nullptr when not a reply code.
const Entry* reply(int code);
// A POP3 status line ("+OK …", "-ERR …") or an IMAP tagged status, or nullptr.
const Entry* status(Protocol proto, std::string_view line);

// What an SMTP/LMTP reply's class means for the command it answers ("RCPT", "MAIL",
// "DATA" for the 354, "." for the reply after the message's end, "BDAT", "AUTH"...):
// a 550 to one RCPT refuses that recipient only, a 5xx after the dot refuses the
// message. nullptr when the command's reply needs no more than reply(code).
const Entry* reply_to(std::string_view verb, int code);

// The enhanced status code (RFC 3463) after a reply's code ("550 5.1.1 …"), explained:
// its class, its subject and, when the detail is a known one, the detail. Empty when the
// line has none.
struct EnhancedStatus {
  std::string_view code;       // "5.1.1"
  const Entry* klass = nullptr;    // "5": permanent failure
  const Entry* subject = nullptr;  // "x.1": addressing
  const Entry* detail = nullptr;   // "x.1.1": bad destination mailbox, or nullptr
};
std::optional<EnhancedStatus> enhanced_status(std::string_view line);

}  // namespace mailsim::explain
