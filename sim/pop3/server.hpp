// Theory of operation: the POP3 server engine (RFC 1939, extensions of RFC 2449).
//
// A sans-I/O Engine: on_open() sends the greeting (with an APOP timestamp built from the
// session id, the time and the host name), on_bytes() buffers, cuts complete lines and
// runs each through the command table. Pipelined commands are simply processed in order.
// States follow RFC 1939 §3: AUTHORIZATION until USER/PASS or APOP succeed and the
// maildrop lock is taken; TRANSACTION works on a snapshot of INBOX taken at login
// (messages delivered later appear at the next session); QUIT in TRANSACTION enters
// UPDATE, which removes the messages marked deleted from the store, marks retrieved ones
// \Seen, and releases the lock. A dropped connection or the idle timer (deadline())
// releases the lock without UPDATE (RFC 1939 §3). Every reply leaves through reply(),
// which also byte-stuffs multi-line bodies (§3: a line starting with '.' gets one more).
//
// Policy lives outside: the Maildrop (pop3/maildrop.hpp) holds the messages and the lock,
// Credentials gives passwords; Settings chooses the host name, APOP and how to treat LAST (removed by RFC 1725: historical -ERR or an RFC 1460 emulation).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/engine.hpp"
#include "net/line_framer.hpp"
#include "pop3/maildrop.hpp"
#include "store/credentials.hpp"

namespace mailsim::pop3 {

struct Limits {
  std::size_t max_command_octets = 255;  // RFC 2449 §4: a command line, CRLF included
  SimTime idle_timeout = 10 * kMinute;   // RFC 1939 §3: at least 10 minutes
  int max_auth_failures = 3;             // not from an RFC: then the server hangs up
};

enum class LastMode { Historical, Emulated };

struct Settings {
  std::string host_name = "localhost";
  std::string implementation = "mailsim";  // the CAPA IMPLEMENTATION line
  bool allow_apop = true;
  LastMode last = LastMode::Historical;
  bool offer_stls = false;      // STLS in CAPA (RFC 2595; simulated unless real_tls); only where TLS can be had
  bool real_tls = false;        // the transport does the handshake (live mode)
  bool tls_from_start = false;  // implicit TLS (port 995, RFC 8314): under TLS from the greeting on
  Limits limits;
};

enum class State { Authorization, Transaction, Update, Closed };
const char* state_name(State s);

class Server final : public Engine {
 public:
  Server(Maildrop& maildrop, const Credentials& credentials, Settings settings, std::uint64_t session_id);
  ~Server() override;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void on_open(SimTime now) override;
  void on_bytes(std::string_view bytes, SimTime now) override;
  void on_timer(SimTime now) override;
  void on_peer_closed(SimTime now) override;
  bool wants_close() const override { return state_ == State::Closed; }
  SimTime deadline() const override;
  const char* state_name() const override { return pop3::state_name(state_); }
  LineTag input_tag(std::string_view line) const override;

  State state() const { return state_; }
  const std::string& timestamp() const { return timestamp_; }  // "<id.time@host>" of the greeting
  const std::string& user() const { return user_; }

 private:
  struct Reply {
    bool ok = true;
    std::string text;
    std::optional<std::string> body;  // multi-line payload: CRLF lines, not yet stuffed
    bool message_text = false;        // the body is a message's text (RETR, TOP), not a listing
  };
  struct Entry {
    std::uint32_t uid = 0;
    std::shared_ptr<const std::string> data;
    bool deleted = false;
    bool retrieved = false;
  };
  using Handler = void (Server::*)(std::string_view args);
  struct Command {
    std::string_view verb;
    State state;
    Handler handler;
  };
  static const Command kCommands[];

  void reply(Reply r);
  void enter(State s);
  void handle_line(std::string_view line);
  void release_lock();
  void login(const std::string& user, bool password_ok);
  Entry* message_arg(std::string_view arg, bool allow_deleted = false);
  std::string maildrop_summary() const;

  void cmd_user(std::string_view args);
  void cmd_pass(std::string_view args);
  void cmd_apop(std::string_view args);
  void cmd_capa(std::string_view args);
  void cmd_stls(std::string_view args);
  void cmd_quit(std::string_view args);
  void cmd_stat(std::string_view args);
  void cmd_list(std::string_view args);
  void cmd_uidl(std::string_view args);
  void cmd_retr(std::string_view args);
  void cmd_top(std::string_view args);
  void cmd_dele(std::string_view args);
  void cmd_noop(std::string_view args);
  void cmd_rset(std::string_view args);
  void cmd_last(std::string_view args);

  Maildrop& maildrop_;
  const Credentials& credentials_;
  Settings settings_;
  std::uint64_t session_id_;
  State state_ = State::Authorization;
  LineFramer input_;
  std::string timestamp_;
  std::string pending_user_;  // given by USER, waiting for PASS
  std::string user_;          // logged in
  bool locked_ = false;
  bool tls_ = false;          // under TLS (after STLS, or from the start)
  bool tls_restart_ = false;  // STLS accepted: what else the client sent is dropped
  int auth_failures_ = 0;
  std::uint32_t uid_validity_ = 0;
  std::vector<Entry> drop_;
  std::size_t highest_accessed_ = 0;  // LastMode::Emulated
  SimTime last_activity_ = 0;
};

}  // namespace mailsim::pop3
