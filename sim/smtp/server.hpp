// Theory of operation: the SMTP server engine (RFC 5321), sans-I/O.
//
// Bytes come in through on_bytes(); complete lines are handled one at a time, so
// pipelined commands simply queue up in the input buffer. In command mode each line is
// split into a verb and its argument and dispatched through a table that says in which
// states the verb is allowed (otherwise 503) and which handler runs. In DATA mode lines
// are collected, a leading dot is removed (dot-stuffing) and a lone "." ends the message.
// Every reply goes through reply(), the one choke point that formats it (enhanced codes
// when ENHANCEDSTATUSCODES is advertised), counts errors against the budget and closes
// the session after 221/421. Every state change goes through enter().
//
// Policy (who may send, which recipients exist, what happens to an accepted message) is
// not decided here: the engine asks its SmtpServerPolicy, implemented by the node.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "net/engine.hpp"
#include "smtp/reply.hpp"

namespace mailsim::smtp {

// Protocol limits, with the RFC 5321 section 4.5.3 defaults.
struct Limits {
  std::size_t command_line = 512;      // octets, CRLF included (4.5.3.1.4)
  std::size_t text_line = 1000;        // octets, CRLF included (4.5.3.1.6)
  std::size_t max_recipients = 100;    // at least 100 must be accepted (4.5.3.1.8)
  std::size_t max_message_size = 10 * 1024 * 1024;  // octets
  int max_errors = 10;                 // error budget before 421 and close
  SimTime command_timeout = 5 * kMinute;  // 4.5.3.2.7
  SimTime data_timeout = 10 * kMinute;    // 4.5.3.2.6
};

enum class ServerState : std::uint8_t { Connected, Ready, Mail, Rcpt, Data, Closed };
const char* server_state_name(ServerState s);

struct Envelope {
  std::string helo;                  // the name the client gave in HELO/EHLO
  bool esmtp = false;                // EHLO rather than HELO
  std::string mail_from;             // reverse-path without brackets ("" = null path)
  std::vector<std::string> rcpt_to;  // accepted forward-paths
};

class ServerPolicy {
 public:
  virtual ~ServerPolicy() = default;
  virtual Reply check_mail(const Envelope& env, const std::string& reverse_path) = 0;
  virtual Reply check_rcpt(const Envelope& env, const std::string& forward_path) = 0;
  // The message (dot-stuffing removed, CRLF line ends) is complete: take it or refuse it.
  virtual Reply accept_message(const Envelope& env, std::string data) = 0;
};

struct ServerConfig {
  std::string hostname;
  std::string banner = "ESMTP mailsim";
  bool esmtp = true;                    // EHLO answered (false: 500, as an RFC 821 server)
  std::vector<std::string> extensions;  // EHLO keywords, e.g. "PIPELINING", "SIZE 10485760"
  Limits limits;
};

class Server : public Engine {
 public:
  Server(ServerConfig config, ServerPolicy& policy);

  void on_open(SimTime now) override;
  void on_bytes(std::string_view bytes, SimTime now) override;
  void on_timer(SimTime now) override;
  void on_peer_closed(SimTime now) override;
  std::string take_output() override;
  bool wants_close() const override { return state_ == ServerState::Closed; }
  SimTime deadline() const override;
  const char* state_name() const override { return server_state_name(state_); }

  ServerState state() const { return state_; }
  const Envelope& envelope() const { return envelope_; }
  bool advertises(std::string_view keyword) const;

 private:
  struct Command {
    const char* verb;
    std::uint8_t allowed;  // bit per ServerState
    void (Server::*handle)(const std::string& arg);
  };
  static const Command kCommands[];

  void handle_line(std::string line);
  void handle_command(const std::string& line);
  void handle_data_line(const std::string& line);
  void reply(const Reply& r);
  void enter(ServerState next);
  void reset_transaction();

  void cmd_helo(const std::string& arg);
  void cmd_ehlo(const std::string& arg);
  void cmd_mail(const std::string& arg);
  void cmd_rcpt(const std::string& arg);
  void cmd_data(const std::string& arg);
  void cmd_rset(const std::string& arg);
  void cmd_noop(const std::string& arg);
  void cmd_quit(const std::string& arg);
  void cmd_vrfy(const std::string& arg);
  void cmd_help(const std::string& arg);
  void cmd_obsolete(const std::string& arg);

  ServerConfig config_;
  ServerPolicy& policy_;
  ServerState state_ = ServerState::Connected;
  Envelope envelope_;
  std::string input_;
  std::string output_;
  std::string data_;
  std::string current_verb_;
  bool data_line_too_long_ = false;
  bool discarding_long_line_ = false;
  int errors_ = 0;
  SimTime now_ = 0;
  SimTime last_activity_ = 0;
};

}  // namespace mailsim::smtp
