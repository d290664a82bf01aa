// Theory of operation: SMTP replies.
//
// A Reply is typed: {code, enhanced status code (RFC 3463), text lines}. Servers build
// them from the catalogue below (one place for every code's default wording), and send
// them through one choke point that decides whether the enhanced code is shown
// (ENHANCEDSTATUSCODES advertised) and formats multi-line replies ("250-…" then "250 …").
// Clients parse reply lines back into Replies with ReplyReader.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::smtp {

struct Reply {
  int code = 0;
  std::string enhanced;            // "2.1.0", or empty
  std::vector<std::string> lines;  // at least one line of text (may be empty text)

  Reply() = default;
  Reply(int c, std::string enh, std::string text) : code(c), enhanced(std::move(enh)) {
    lines.push_back(std::move(text));  // moved: an initializer list would copy it (its elements are const)
  }
  int reply_class() const { return code / 100; }
  bool positive() const { return code >= 200 && code < 400; }
  bool transient() const { return code >= 400 && code < 500; }
  bool permanent() const { return code >= 500; }
  const std::string& text() const { return lines.front(); }
  // "250 2.1.0 text" (one line, for logs and traces)
  std::string summary() const;
  // Appends the wire form, CRLF-terminated lines, to `out` (an engine's output buffer);
  // `enhanced_codes` shows the RFC 3463 code.
  // Appends the reply's lines to `out`; returns where its last line starts in `out`.
  std::size_t format_into(std::string& out, bool enhanced_codes) const;
};

// The catalogue: every reply the engines give, with RFC 5321 / 3463 defaults.
namespace replies {
Reply service_ready(const std::string& host, const std::string& banner);        // 220
Reply closing(const std::string& host);                                          // 221
Reply ok(std::string text = "Ok");                                               // 250 2.0.0
Reply sender_ok(const std::string& path);                                        // 250 2.1.0
Reply recipient_ok(const std::string& path);                                     // 250 2.1.5
Reply start_mail_input();                                                        // 354
Reply message_accepted(const std::string& queue_id);                             // 250 2.0.0
Reply service_unavailable(const std::string& host, const std::string& why);      // 421 4.3.2
Reply local_error(const std::string& why);                                       // 451 4.3.0
Reply insufficient_storage(const std::string& why);                              // 452 4.3.1
Reply too_many_recipients();                                                     // 452 4.5.3
Reply syntax_error_command(const std::string& verb);                             // 500 5.5.1
Reply line_too_long();                                                           // 500 5.5.2
Reply syntax_error_parameters(const std::string& why);                           // 501 5.5.4
Reply not_implemented(const std::string& verb, const std::string& why);          // 502 5.5.1
Reply bad_sequence(const std::string& why);                                      // 503 5.5.1
Reply parameter_not_implemented(const std::string& param);                       // 504 5.5.4
Reply mailbox_unavailable(const std::string& path, const std::string& why);      // 550 5.1.1
Reply relay_denied(const std::string& path);                                     // 550 5.7.1
Reply user_not_local(const std::string& path);                                   // 551 5.1.6
Reply storage_exceeded(const std::string& why);                                  // 552 5.2.2
Reply mailbox_name_not_allowed(const std::string& path, const std::string& why); // 553 5.1.3
Reply transaction_failed(const std::string& why);                                // 554 5.0.0
// Less common replies, each reachable in some scenario.
Reply system_status(const std::string& text);                                     // 211 2.0.0
Reply help(std::vector<std::string> lines);                                      // 214 2.0.0
Reply auth_succeeded();                                                          // 235 2.7.0
Reply will_forward(const std::string& path, const std::string& to);              // 251 2.1.5
Reply cannot_verify();                                                           // 252 2.5.2
Reply auth_challenge(const std::string& base64);                                 // 334
Reply ready_for_tls();                                                           // 220 2.0.0
Reply parameters_not_accommodated(const std::string& why);                       // 455 4.5.4
Reply auth_required();                                                           // 530 5.7.0
Reply auth_too_weak();                                                           // 534 5.7.9
Reply auth_failed();                                                             // 535 5.7.8
Reply encryption_required();                                                     // 538 5.7.11
Reply parameter_unrecognized(const std::string& verb, const std::string& param);  // 555 5.5.4
Reply message_too_big();                                                         // 552 5.3.4
Reply too_many_hops(int hops);                                                   // 554 5.4.6
Reply non_ascii_not_permitted(const std::string& path);                          // 553 5.6.7
Reply no_service(const std::string& host);                                       // 554 5.3.2 (greeting)
// Replies whose text a host's policy or a command builds from its data.
Reply extended_hello(const std::string& greeting, std::vector<std::string> keywords);  // 250 (EHLO/LHLO)
Reply path_refused(int code, const char* enhanced, const std::string& why);     // 501 or 553, 5.1.7 / 5.1.3
Reply text_line_too_long(std::size_t limit);                                     // 500 5.5.2
Reply chunk_received(std::uint64_t octets);                                      // 250 2.0.0 (BDAT)
Reply auth_mechanism_unknown(const std::string& mechanism);                      // 504 5.5.4
Reply auth_cancelled();                                                          // 501 5.0.0
Reply auth_bad_base64();                                                         // 501 5.5.2
Reply mailbox_full_for_now(const std::string& path);                             // 452 4.2.2
Reply mailbox_full(const std::string& path);                                     // 552 5.2.2 (LMTP, per recipient)
Reply delivered(const std::string& path);                                        // 250 2.1.5 (LMTP, per recipient)
Reply verified(const std::string& address);                                      // 250 2.1.5 (VRFY)
Reply user_ambiguous(const std::vector<std::string>& addresses);                 // 553 5.1.4 (VRFY)
Reply list_members(const std::vector<std::string>& addresses);                   // 250 2.1.5 (EXPN)
Reply etrn_no_named_queues(const std::string& node);                             // 458 4.3.0
Reply etrn_not_allowed(const std::string& node, const std::string& why);         // 459 4.7.1
Reply etrn_nothing_waiting(const std::string& node);                             // 251 2.0.0
Reply etrn_started(int messages, const std::string& node);                       // 253 2.0.0
Reply custom(int code, std::string enhanced, std::string text);                  // reply rules of a scenario
// The enhanced code a bare basic code stands for, when none is given (RFC 3463 "x.0.0").
std::string default_enhanced(int code);
}  // namespace replies

// Reassembles reply lines ("250-a", "250 b") into Replies; an RFC 3463 code that starts
// the text ("550 5.1.1 User unknown") becomes the Reply's enhanced code.
class ReplyReader {
 public:
  // Feeds one line without CRLF; returns a Reply when the line completes one.
  std::optional<Reply> feed(std::string_view line);

 private:
  Reply partial_;
  bool in_progress_ = false;
};

}  // namespace mailsim::smtp
