// Theory of operation: the SMTP server engine (RFC 5321 and its extensions), sans-I/O.
//
// Bytes come in through on_bytes(); complete lines are handled one at a time, so
// pipelined commands (RFC 2920) simply queue up in the input buffer. In command mode each
// line is split into a verb and its argument and dispatched through a table that says in
// which states the verb is allowed (otherwise 503) and which handler runs. In DATA mode
// lines are collected, a leading dot is removed (dot-stuffing) and a lone "." ends the
// message. After "BDAT n" (RFC 3030) exactly n octets are read as message data, whatever
// they contain. During an AUTH exchange (RFC 4954) each line is a SASL response.
// With ServerConfig::lmtp the same engine speaks LMTP (RFC 2033): LHLO replaces HELO and
// EHLO (which get 500), and after the data it sends one reply per accepted recipient, in
// RCPT order, from ServerPolicy::accept_lmtp(), so one full mailbox fails one recipient.
// STARTTLS (RFC 3207): after "220 Ready to start TLS" the engine forgets everything the
// client said (HELO, AUTH, pipelined input) and waits for a new EHLO. The engine sees
// plaintext either way: in the simulation the handshake is simulated (a note); in live
// mode (ServerConfig::real_tls) the driver does it on the socket and traces it.
//
// Every reply goes through reply(), the one choke point that formats it (enhanced codes
// when ENHANCEDSTATUSCODES is advertised, RFC 2034), counts errors against the budget and
// closes the session after 221/421. Every state change goes through enter().
//
// Policy (who may send, which recipients exist, what happens to an accepted message,
// credentials, injected reply rules) is not decided here: the engine asks its
// ServerPolicy, implemented by the node. The engine enforces only the protocol.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/engine.hpp"
#include "net/line_framer.hpp"
#include "smtp/reply.hpp"

namespace mailsim::smtp {

// Protocol limits, with the RFC defaults.
struct Limits {
  std::size_t command_line = 512;      // octets, CRLF included (RFC 5321 4.5.3.1.4)
  std::size_t text_line = 1000;        // octets, CRLF included (4.5.3.1.6)
  std::size_t max_recipients = 100;    // at least 100 must be accepted (4.5.3.1.8); then 452
  std::size_t max_message_size = 10 * 1024 * 1024;  // octets (RFC 1870 SIZE)
  int max_errors = 10;                 // error budget before 421 and close
  int max_received = 100;              // Received: fields before 554 5.4.6 (RFC 5321 6.3)
  SimTime command_timeout = 5 * kMinute;  // 4.5.3.2.7
  SimTime data_timeout = 10 * kMinute;    // 4.5.3.2.6
};

enum class ServerState : std::uint8_t { Connected, Ready, Mail, Rcpt, Data, Chunk, Auth, Closed };
const char* server_state_name(ServerState s);

// DSN parameters of one recipient (RFC 3461 4.1, 4.2).
struct RcptParams {
  std::string notify;  // "" (not given), "NEVER", or a list of SUCCESS,FAILURE,DELAY
  std::string orcpt;   // "rfc822;paul@uvsq.fr" as given (xtext decoded)
};

struct Envelope {
  std::string helo;                  // the name the client gave in HELO/EHLO
  bool esmtp = false;                // EHLO rather than HELO
  bool tls = false;                  // after a (simulated) STARTTLS
  std::string auth_user;             // after a successful AUTH
  std::string mail_from;             // reverse-path without brackets ("" = null path)
  std::string ret;                   // DSN RET: "", "FULL" or "HDRS"
  std::string envid;                 // DSN ENVID (xtext decoded)
  std::string body;                  // "", "7BIT", "8BITMIME", "BINARYMIME"
  bool smtputf8 = false;
  std::vector<std::string> rcpt_to;  // accepted forward-paths
  std::vector<RcptParams> rcpt_params;  // one per accepted forward-path
  bool chunked = false;              // the data came by BDAT
};

// Where a reply rule of a scenario can apply.
enum class Stage : std::uint8_t { Connect, Helo, Mail, Rcpt, Data, EndOfData };

class ServerPolicy {
 public:
  virtual ~ServerPolicy() = default;
  // An injected reply at a stage (greylisting, full mailbox…); nullopt: go on normally.
  // `address` is the path of MAIL/RCPT, the HELO name, or "" at connect, DATA and end of data.
  virtual std::optional<Reply> rule(Stage, const Envelope&, const std::string& /*address*/) { return std::nullopt; }
  virtual Reply check_mail(const Envelope& env, const std::string& reverse_path) = 0;
  virtual Reply check_rcpt(const Envelope& env, const std::string& forward_path) = 0;
  // The message (dot-stuffing removed, CRLF line ends) is complete: take it or refuse it.
  // `data` is the engine's buffer, valid during the call: copy what you keep.
  virtual Reply accept_message(const Envelope& env, std::string_view data) = 0;
  // LMTP (RFC 2033 §4.2): one reply per accepted recipient, in order. Default: the same for all.
  virtual std::vector<Reply> accept_lmtp(const Envelope& env, std::string_view data) {
    const std::size_t n = env.rcpt_to.size();
    return std::vector<Reply>(n, accept_message(env, data));
  }
  virtual void data_started(const Envelope&) {}
  virtual Reply verify(const std::string&) { return replies::cannot_verify(); }
  virtual Reply expand(const std::string&) {
    return replies::not_implemented("EXPN", "mailing lists are not disclosed here");
  }
  virtual Reply etrn(const std::string& node) { return Reply(458, "4.3.0", "Unable to queue messages for node " + node); }
  virtual bool authenticate(const std::string& /*user*/, const std::string& /*password*/) { return false; }
  // The shared secret of a user, for CRAM-MD5 (nullopt: unknown user).
  virtual std::optional<std::string> secret(const std::string&) { return std::nullopt; }
  // Something worth a line in the trace (TLS handshake, AUTH outcome).
  virtual void event(const std::string&) {}
  // The text of the 211 reply to "HELP STATUS".
  virtual std::string status() { return "System status: running"; }
};

struct ServerConfig {
  std::string hostname;
  std::string banner = "ESMTP mailsim";
  bool esmtp = true;                    // EHLO answered (false: 500, as an RFC 821 server)
  std::vector<std::string> extensions;  // EHLO keywords, e.g. "PIPELINING", "SIZE 10485760"
  bool require_auth = false;            // MAIL needs a successful AUTH first (530), as on 587 (RFC 6409)
  bool require_tls_for_auth = false;    // AUTH before STARTTLS gets 538
  bool plaintext_auth_too_weak = false; // PLAIN and LOGIN get 534: only CRAM-MD5 is good enough
  bool lmtp = false;                    // LMTP (RFC 2033): LHLO, one reply per recipient after the data
  bool real_tls = false;                // the transport does STARTTLS's handshake (live mode): no simulated note
  bool tls_from_start = false;          // implicit TLS (port 465, RFC 8314): under TLS from the greeting on
  bool strict_syntax = false;           // a space after "MAIL FROM:" or "RCPT TO:" gets 501 (RFC 5321 §4.1.2)
  Limits limits;
};

class Server : public Engine {
 public:
  Server(ServerConfig config, ServerPolicy& policy);

  void on_open(SimTime now) override;
  void on_bytes(std::string_view bytes, SimTime now) override;
  void on_timer(SimTime now) override;
  void on_peer_closed(SimTime now) override;
  bool wants_close() const override { return state_ == ServerState::Closed; }
  SimTime deadline() const override;
  const char* state_name() const override { return server_state_name(state_); }
  LineTag input_tag(std::string_view line) const override;

  ServerState state() const { return state_; }
  const Envelope& envelope() const { return envelope_; }
  bool advertises(std::string_view keyword) const;

 private:
  struct Command {
    std::string_view verb;
    std::uint16_t allowed;  // bit per ServerState
    void (Server::*handle)(const std::string& arg);
  };
  static const Command kCommands[];

  void handle_command(std::string_view line);
  bool space_after_colon(const std::string& arg, std::string_view keyword);  // strict_syntax: replied 501
  void handle_data_line(std::string_view line);
  void handle_auth_line(std::string_view line);
  void finish_chunk();
  void reply(const Reply& r);
  void write_reply(const Reply& r);  // its lines tagged: all but the last are ReplyPart
  void enter(ServerState next);
  void reset_transaction();
  void end_of_data();
  bool injected(Stage stage, const std::string& address);
  std::string extension_argument(std::string_view keyword) const;
  bool auth_mechanism_offered(const std::string& mech) const;
  void auth_step(const std::string& response);

  void cmd_helo(const std::string& arg);
  void cmd_ehlo(const std::string& arg);
  void cmd_lhlo(const std::string& arg);
  void extended_hello(const std::string& arg, const char* verb);  // EHLO and LHLO
  void cmd_mail(const std::string& arg);
  void cmd_rcpt(const std::string& arg);
  void cmd_data(const std::string& arg);
  void cmd_bdat(const std::string& arg);
  void cmd_rset(const std::string& arg);
  void cmd_noop(const std::string& arg);
  void cmd_quit(const std::string& arg);
  void cmd_vrfy(const std::string& arg);
  void cmd_expn(const std::string& arg);
  void cmd_help(const std::string& arg);
  void cmd_auth(const std::string& arg);
  void cmd_starttls(const std::string& arg);
  void cmd_etrn(const std::string& arg);
  void cmd_obsolete(const std::string& arg);

  ServerConfig config_;
  ServerPolicy& policy_;
  ServerState state_ = ServerState::Connected;
  Envelope envelope_;
  LineFramer input_;
  std::string data_;
  std::string current_verb_;
  bool enhanced_codes_ = false;
  bool data_line_too_long_ = false;
  bool refused_ = false;          // 554 greeting: only QUIT is accepted (RFC 5321 3.1)
  bool tls_restart_ = false;      // STARTTLS accepted: discard the rest of the input
  // BDAT
  std::uint64_t chunk_remaining_ = 0;
  bool chunk_last_ = false;
  bool chunk_discard_ = false;    // the chunk was refused but its octets must still be read
  bool in_chunk_ = false;
  Reply pending_refusal_;         // given once the refused chunk has been read
  std::size_t chunk_size_ = 0;
  // AUTH
  std::string auth_mech_;
  int auth_step_ = 0;
  std::string auth_user_;
  std::string auth_challenge_;
  unsigned auth_counter_ = 0;
  int errors_ = 0;
  SimTime now_ = 0;
  SimTime last_activity_ = 0;
};

}  // namespace mailsim::smtp
