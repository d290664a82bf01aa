// Theory of operation: the SMTP client engine (RFC 5321), sans-I/O.
//
// A Client is given the name to announce and a list of mail transactions; it waits for
// the greeting, says EHLO (falling back to HELO when the server answers 500 or 502),
// then for each transaction sends MAIL, one RCPT per recipient, DATA and the dot-stuffed
// message if any recipient was accepted (RSET otherwise), and finally QUIT. Each reply
// is read by a ReplyReader and handled according to the current state; every reply is
// recorded in the transaction it belongs to, so that the node that opened the connection
// can decide, after it closes, what was delivered, what must be retried (4xx, dropped
// connection) and what bounces (5xx).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "net/engine.hpp"
#include "smtp/reply.hpp"

namespace mailsim::smtp {

enum class ClientState : std::uint8_t { Greeting, Ehlo, Helo, Mail, Rcpt, Data, Body, Rset, Quit, Done };
const char* client_state_name(ClientState s);

struct Transaction {
  std::string mail_from;
  std::vector<std::string> rcpt_to;
  std::shared_ptr<const std::string> data;  // CRLF line ends, not dot-stuffed
  // Results, filled in as replies arrive:
  Reply mail_reply;
  std::vector<Reply> rcpt_replies;  // one per recipient, in order
  Reply data_reply;                 // the 354 (or the refusal of DATA)
  Reply final_reply;                // the reply to the final "." (code 0: never got it)
  bool delivered() const { return final_reply.code == 250; }
};

struct ClientOptions {
  bool try_ehlo = true;
  SimTime reply_timeout = 5 * kMinute;  // RFC 5321 section 4.5.3.2 (a single figure here)
};

class Client : public Engine {
 public:
  Client(std::string helo_name, std::vector<Transaction> transactions, ClientOptions options = {});

  void on_open(SimTime now) override;
  void on_bytes(std::string_view bytes, SimTime now) override;
  void on_timer(SimTime now) override;
  void on_peer_closed(SimTime now) override;
  std::string take_output() override;
  bool wants_close() const override { return state_ == ClientState::Done; }
  SimTime deadline() const override;
  const char* state_name() const override { return client_state_name(state_); }

  const std::vector<Transaction>& transactions() const { return transactions_; }
  // Why the session ended early (greeting refused, 421, timeout, connection lost); empty if it did not.
  const std::string& session_error() const { return session_error_; }
  // The reply that ended the session early, if it was a reply (code 0 otherwise).
  const Reply& session_reply() const { return session_reply_; }
  const std::vector<std::string>& extensions() const { return extensions_; }

 private:
  void handle_reply(const Reply& r);
  void send_line(const std::string& line);
  void start_next_transaction();
  void send_next_rcpt_or_data();
  void send_body();
  void abort_session(const std::string& why, const Reply& r);
  void enter(ClientState s) { state_ = s; }

  std::string helo_name_;
  std::vector<Transaction> transactions_;
  ClientOptions options_;
  ClientState state_ = ClientState::Greeting;
  ReplyReader reader_;
  std::string input_;
  std::string output_;
  std::vector<std::string> extensions_;
  std::size_t current_ = 0;  // transaction index
  std::size_t rcpt_index_ = 0;
  std::string session_error_;
  Reply session_reply_;
  SimTime waiting_since_ = 0;
};

}  // namespace mailsim::smtp
