// Theory of operation: a scripted IMAP4rev1 client engine (the MUA side of RFC 3501).
//
// A sans-I/O Engine. After the greeting it logs in (LOGIN with quoted strings), runs its
// actions in order, then LOGOUT. Each action becomes one or more tagged commands (tags
// "c1", "c2"...), sent one at a time, each waiting for its tagged completion:
//   CheckNew(mailbox)   SELECT mailbox, UID SEARCH UNSEEN    -> exists, unseen
//   Read(uid)           UID FETCH uid BODY[] (sets \Seen)    -> messages[uid]
//   Flag(uid, flag)     UID STORE uid +FLAGS (flag)
//   Move(uid, target)   UID COPY uid target, UID STORE uid +FLAGS.SILENT (\Deleted), EXPUNGE
//                       (if the COPY fails, the message stays where it is)
//   Search(criteria)    UID SEARCH criteria                  -> search_hits
//   Expunge             EXPUNGE
// Read / Flag / Move / Search / Expunge work on the mailbox selected last (INBOX is
// selected first if no CheckNew came before). A NO or BAD is recorded and the script
// goes on. Raw mode instead sends the given lines verbatim (tags included), moving to
// the next line at the tagged completion of the line's own tag or at a "+" continuation
// (so literals and IDLE / DONE can be scripted), then closes. A raw line may wait a
// while before it is sent (raw_pauses, through deadline()): "IDLE", wait 30 s, "DONE".
// Responses are read with literals; results are read from result() after wants_close().
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "imap/framing.hpp"
#include "net/engine.hpp"

namespace mailsim::imap {

struct ClientAction {
  enum class Kind { CheckNew, Read, Flag, Move, Search, Expunge };
  Kind kind = Kind::CheckNew;
  std::string mailbox = "INBOX";    // CheckNew
  std::uint32_t uid = 0;            // Read, Flag, Move
  std::string flag = "\\Flagged";   // Flag
  std::string target;               // Move
  std::string criteria = "ALL";     // Search (raw IMAP search keys)
};

struct ClientScript {
  std::string user, password;
  std::vector<ClientAction> actions;
  bool raw = false;
  std::vector<std::string> raw_lines;  // raw: complete lines, tags included
  std::vector<SimTime> raw_pauses;     // raw: wait this long before line i (missing or 0: at once)
};

struct Exchange {
  std::string command;  // "" for the greeting
  std::string reply;    // every response line it got, CRLF-separated, literals inline
};

struct ClientResult {
  bool finished = false;  // reached LOGOUT's completion (or the end of the raw lines)
  bool ok = false;        // finished and no command got NO / BAD
  std::string error;      // the first NO / BAD completion line, or why it ended early
  std::uint32_t exists = 0;                      // last EXISTS seen
  std::vector<std::uint32_t> unseen;             // CheckNew
  std::map<std::uint32_t, std::string> messages; // Read: uid -> message bytes
  std::vector<std::uint32_t> search_hits;        // last Search
  std::vector<Exchange> transcript;
};

enum class ClientState { Greeting, Authenticating, Working, LoggingOut, Raw, Done };
const char* state_name(ClientState s);

class Client final : public Engine {
 public:
  explicit Client(ClientScript script);
  void on_open(SimTime) override {}
  void on_bytes(std::string_view bytes, SimTime now) override;
  void on_timer(SimTime now) override;
  void on_peer_closed(SimTime now) override;
  bool wants_close() const override { return state_ == ClientState::Done; }
  SimTime deadline() const override { return paused_until_; }
  const char* state_name() const override { return imap::state_name(state_); }
  const ClientResult& result() const { return result_; }

 private:
  enum class Purpose { Plain, Select, SearchUnseen, Search, FetchBody, MoveCopy };
  struct Planned {
    std::string text;  // without tag
    Purpose purpose = Purpose::Plain;
  };
  void send_next(bool continuation = false);
  void on_response(const std::string& response);  // one complete response, literals inline
  void on_completion(bool ok, const std::string& line);
  void plan(const ClientAction& a);

  ClientScript script_;
  ClientState state_ = ClientState::Greeting;
  ClientResult result_;
  LiteralFramer input_;
  std::string response_;         // being assembled
  std::vector<Planned> queue_;   // commands still to send
  std::size_t next_ = 0;
  std::optional<Planned> current_;
  std::string tag_;              // tag of the command in flight
  std::string sent_;             // its text, for the transcript
  bool authenticating_ = false;  // raw mode: the command in flight is AUTHENTICATE
  std::string replies_;          // responses to it so far
  int tag_counter_ = 0;
  bool selected_ = false;
  SimTime now_ = 0;
  SimTime paused_until_ = kNoDeadline;  // a raw line waits for its pause
  bool paused_continuation_ = false;
};

}  // namespace mailsim::imap
