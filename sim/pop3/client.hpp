// Theory of operation: a scripted POP3 client engine (the MUA side of RFC 1939).
//
// A sans-I/O Engine like the servers. It waits for the greeting, then runs its script one
// command at a time, each waiting for its reply (no pipelining):
//  - FetchAll / FetchAndDelete: USER+PASS (or APOP with the greeting's timestamp), STAT,
//    UIDL, RETR 1..n, DELE each one when deleting, QUIT. "Leave on server" is FetchAll.
//  - Raw: the given lines verbatim; a reply is multi-line when the command is CAPA, RETR,
//    TOP, or LIST/UIDL without an argument and the status is +OK. A line may wait a while
//    before it is sent (raw_pauses, through deadline()): a session that holds the maildrop
//    while another tries. After the last reply the client closes (send QUIT yourself to
//    see the UPDATE state).
// Everything is collected in ClientResult, read by the caller once wants_close() is true:
// the retrieved messages (byte-unstuffed, CRLF), their UIDL ids, and every exchange.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/engine.hpp"
#include "net/line_framer.hpp"

namespace mailsim::pop3 {

struct ClientScript {
  enum class Mode { FetchAll, FetchAndDelete, Raw };
  Mode mode = Mode::FetchAll;
  std::string user, password;
  bool use_apop = false;
  std::vector<std::string> raw_lines;  // Mode::Raw
  std::vector<SimTime> raw_pauses;     // Mode::Raw: wait this long before line i (missing or 0: at once)
};

struct Exchange {
  std::string command;  // "" for the greeting
  std::string reply;    // status line, then the body lines of a multi-line reply (CRLF)
};

struct ClientResult {
  bool finished = false;  // the dialogue ran to its end (QUIT answered or Raw lines done)
  bool ok = false;        // finished and no step failed
  std::string error;      // the first -ERR or the reason of an early end
  std::vector<std::string> messages;  // RETR bodies in order
  std::vector<std::string> uids;      // UIDL of each message retrieved
  std::vector<Exchange> transcript;
};

enum class ClientState { Greeting, Authorization, Transaction, Quitting, Raw, Done };
const char* state_name(ClientState s);

class Client final : public Engine {
 public:
  explicit Client(ClientScript script);
  void on_open(SimTime now) override;
  void on_bytes(std::string_view bytes, SimTime now) override;
  void on_timer(SimTime now) override;
  SimTime deadline() const override { return paused_until_; }
  void on_peer_closed(SimTime now) override;
  bool wants_close() const override { return state_ == ClientState::Done; }
  const char* state_name() const override { return pop3::state_name(state_); }
  const ClientResult& result() const { return result_; }

 private:
  void send(std::string line, bool multiline);
  void on_reply(bool ok, const std::string& status, const std::string& body);
  void next_transaction_step();
  void read_uid_listing(const std::string& body);
  void send_raw_next();
  void fail(std::string why);

  ClientScript script_;
  ClientState state_ = ClientState::Greeting;
  ClientResult result_;
  LineFramer input_;
  std::string pending_;       // the command waiting for its reply
  bool pending_multiline_ = false;
  std::optional<std::string> status_;  // a multi-line reply's status line, body pending
  std::string body_;
  std::size_t raw_next_ = 0;
  SimTime now_ = 0;
  SimTime paused_until_ = kNoDeadline;  // a raw line waits for its pause
  std::size_t count_ = 0;     // from STAT
  std::size_t current_ = 0;   // message being retrieved (1-based)
  std::map<std::size_t, std::string> listed_uids_;  // UIDL: message number -> unique id
  bool deleted_current_ = false;
};

}  // namespace mailsim::pop3
