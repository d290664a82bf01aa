// Theory of operation: the IMAP4rev1 server engine (RFC 3501, IDLE of RFC 2177).
//
// A sans-I/O Engine. on_bytes() assembles complete commands: a line ending in a
// synchronising literal "{n}" gets a "+ " continuation, then n octets are read verbatim
// and the line goes on; the assembled text (literals kept in place) is parsed by the
// command's handler with a Reader (syntax.hpp). Dispatch is a table of {name, states,
// handler}; states are NOT AUTHENTICATED, AUTHENTICATED, SELECTED and LOGOUT (§3).
// Every line the server sends goes through respond(): untagged "*", continuation "+" or a
// tagged OK/NO/BAD completion with an optional [response code].
//
// The engine enforces the protocol; the mail store is its policy's (imap/mailboxes.hpp,
// as smtp::ServerPolicy for SMTP): it reads the user's folders as they stand and makes
// every change (folders, APPEND, flags, \Recent, EXPUNGE) through its Mailboxes.
// The selected mailbox is a snapshot (UIDs, flags as last reported, this session's
// \Recent set) over a Folder of the shared store. sync() diffs it against the folder
// when Folder::version moved: vanished UIDs give "* n EXPUNGE" (not during FETCH, STORE
// or SEARCH, §7.4.1), new ones "* n EXISTS" / "* n RECENT", changed flags "* n FETCH
// (FLAGS ...)". sync() runs before each tagged completion and, during IDLE, whenever the
// driver calls poll() or the IDLE poll timer fires (deadline()); no change is missed
// whichever session, POP3 UPDATE or MDA delivery made it.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "imap/framing.hpp"
#include "imap/syntax.hpp"
#include "net/engine.hpp"
#include "imap/mailboxes.hpp"
#include "store/credentials.hpp"

namespace mailsim::imap {

struct Limits {
  std::size_t max_line_octets = 8192;         // a command line between literals (RFC 7162 §4 advises ≥ 8000)
  std::size_t max_literal_octets = 10 << 20;  // APPEND size; larger: NO [TOOBIG]-style refusal
  std::size_t max_command_octets = 12 << 20;  // a whole command, literals included
  SimTime autologout = 30 * kMinute;          // RFC 3501 §5.4: at least 30 minutes
  SimTime idle_poll = 1 * kSecond;            // how often an IDLE session looks at its mailbox
  int max_bad_commands = 20;                  // not from an RFC: then BYE
};

struct Settings {
  std::string host_name = "localhost";
  bool offer_starttls = false;  // STARTTLS in CAPABILITY (simulated unless real_tls); only where TLS can be had
  bool real_tls = false;        // the transport does the handshake (live mode)
  bool tls_from_start = false;  // implicit TLS (port 993, RFC 8314): under TLS from the greeting on
  Limits limits;
};

enum class State { NotAuthenticated, Authenticated, Selected, Logout };
const char* state_name(State s);

class Server final : public Engine {
 public:
  Server(Mailboxes& mailboxes, const Credentials& credentials, Settings settings);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void on_open(SimTime now) override;
  void on_bytes(std::string_view bytes, SimTime now) override;
  void on_timer(SimTime now) override;
  void on_peer_closed(SimTime now) override;
  bool wants_close() const override { return state_ == State::Logout; }
  SimTime deadline() const override;
  const char* state_name() const override { return imap::state_name(state_); }
  LineTag input_tag(std::string_view line) const override;

  // During IDLE: report mailbox changes now (the driver may call it after any store change).
  void poll(SimTime now);
  State state() const { return state_; }
  bool idling() const { return idle_tag_.has_value(); }
  bool tls_active() const { return tls_; }  // under TLS (after STARTTLS, or from the start)
  const std::string& user() const { return user_; }

 private:
  enum class Kind { Untagged, Continuation, Tagged };
  enum class Status { None, Ok, No, Bad, Bye };
  struct Response {
    Kind kind = Kind::Untagged;
    std::string tag;  // Kind::Tagged
    Status status = Status::None;
    std::string code;  // without brackets
    std::string text;
  };
  struct Selected {
    std::string name;
    bool read_only = false;
    std::uint32_t uid_validity = 0;
    std::uint64_t version = 0;
    std::vector<std::uint32_t> uids;  // sequence number n -> uids[n - 1]
    std::vector<std::uint8_t> flags;  // as last reported (without \Recent)
    std::vector<std::vector<std::string>> keywords;
    std::set<std::uint32_t> recent;   // UIDs that are \Recent for this session
  };
  struct Command {
    std::string tag;
    std::string name;  // uppercase
    bool uid = false;  // UID FETCH / SEARCH / STORE / COPY
    Reader args;
  };
  using Handler = void (Server::*)(Command& c);
  struct Entry {
    std::string_view name;
    unsigned states;  // bit per State
    Handler handler;
  };
  static const Entry kCommands[];

  // role: the line's role when the kind does not say it (None: tagged Reply, else ReplyPart).
  void respond(Response r, LineRole role = LineRole::None);
  void untagged(std::string text) { respond({Kind::Untagged, {}, Status::None, {}, std::move(text)}); }
  void complete(const Command& c, Status s, std::string text, std::string code = {});
  void finish(const std::string& tag, Status s, std::string text, std::string code, bool allow_expunge);
  void enter(State s);
  void on_line_complete();
  void execute(std::string_view text);
  void sync(bool allow_expunge);
  const Mailbox* mailbox() const;
  const Folder* selected_folder() const;
  // Message indexes (0-based into the snapshot) named by a set; UID sets skip unknown UIDs.
  std::vector<std::size_t> resolve(const SequenceSet& set, bool uid) const;
  std::string capability_list() const;
  std::uint8_t session_flags(const StoredMessage& m) const;
  bool check_end(Command& c);  // the arguments are fully consumed, else BAD

  void cmd_capability(Command& c);
  void cmd_noop(Command& c);
  void cmd_logout(Command& c);
  void cmd_starttls(Command& c);
  void cmd_authenticate(Command& c);
  void cmd_login(Command& c);
  void cmd_select(Command& c);
  void cmd_create(Command& c);
  void cmd_delete(Command& c);
  void cmd_rename(Command& c);
  void cmd_subscribe(Command& c);
  void cmd_list(Command& c);
  void cmd_status(Command& c);
  void cmd_append(Command& c);
  void cmd_check(Command& c);
  void cmd_close(Command& c);
  void cmd_expunge(Command& c);
  void cmd_search(Command& c);
  void cmd_fetch(Command& c);
  void cmd_store(Command& c);
  void cmd_copy(Command& c);
  void cmd_uid(Command& c);
  void cmd_idle(Command& c);
  void finish_login(const Command& c, const std::string& user, const std::string& password);
  void authenticate_plain(const std::string& tag, std::string_view base64);

  Mailboxes& mailboxes_;  // every change to the store goes through it (imap/mailboxes.hpp)
  const Credentials& credentials_;
  Settings settings_;
  State state_ = State::NotAuthenticated;
  // Command assembly
  LiteralFramer input_;
  std::string command_;      // the command assembled so far
  bool discarding_ = false;  // an over-long line: skip to its LF
  // Continuations of AUTHENTICATE and IDLE
  std::optional<std::string> auth_tag_;
  std::optional<std::string> idle_tag_;
  SimTime now_ = 0;
  SimTime last_activity_ = 0;
  SimTime next_poll_ = kNoDeadline;
  int bad_commands_ = 0;
  bool tls_ = false;
  bool tls_restart_ = false;  // STARTTLS accepted: what else the client sent is dropped
  std::string user_;
  std::optional<Selected> selected_;
};

}  // namespace mailsim::imap
