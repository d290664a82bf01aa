// Theory of operation: the SMTP client engine (RFC 5321 and extensions), sans-I/O.
//
// A Client is given the name to announce and a list of mail transactions. It waits for
// the greeting and says EHLO (falling back to HELO when the server answers 500 or 502).
// From the EHLO reply it learns the extensions and uses them: STARTTLS first when asked
// to (then EHLO again, RFC 3207), AUTH with the given credentials (PLAIN, LOGIN or
// CRAM-MD5, RFC 4954), SIZE= on MAIL (1870), BODY=8BITMIME (6152) or, when the server
// lacks 8BITMIME, a downgrade of 8-bit bodies to quoted-printable/base64, the DSN
// parameters RET/ENVID/NOTIFY/ORCPT (3461), BDAT instead of DATA (3030), and PIPELINING
// (2920: MAIL, every RCPT and DATA go out in one group).
//
// Every command sent pushes what its reply will mean on a queue (`expect_`): replies come
// back in order, so each one is matched with the oldest expectation; this is what makes
// pipelining and non-pipelined dialogues the same code. Every reply is recorded in the
// transaction it belongs to, so the node that opened the connection can decide, after it
// closes, what was delivered, what must be retried (4xx, dropped connection) and what
// bounces (5xx).
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "net/engine.hpp"
#include "net/line_framer.hpp"
#include "smtp/reply.hpp"

namespace mailsim::smtp {

enum class ClientState : std::uint8_t { Greeting, Ehlo, Helo, StartTls, Auth, Mail, Rcpt, Data, Body, Rset, Quit, Done };
const char* client_state_name(ClientState s);

struct Transaction {
  std::string mail_from;
  std::vector<std::string> rcpt_to;
  std::shared_ptr<const std::string> data;  // CRLF line ends, not dot-stuffed
  // DSN (RFC 3461), sent only when the server offers DSN:
  std::string ret, envid;                   // "" = not given
  std::vector<std::string> notify, orcpt;   // per recipient ("" = not given)
  bool binary = false;                      // BODY=BINARYMIME wanted (needs CHUNKING)
  // Results, filled in as replies arrive:
  Reply mail_reply;
  std::vector<Reply> rcpt_replies;  // one per recipient, in order
  Reply data_reply;                 // the 354 (or the refusal of DATA / of a BDAT chunk)
  Reply final_reply;                // the reply to the final "." or BDAT LAST (code 0: never got it)
  bool downgraded = false;          // the 8-bit body was converted to 7 bits for this server
  bool dsn_passed = false;          // the server offered DSN: the parameters went with the message
  std::vector<Reply> lmtp_replies;  // LMTP: the reply after the data for each recipient (code 0: refused at RCPT)
  bool delivered() const { return final_reply.code == 250; }
};

struct ClientOptions {
  bool try_ehlo = true;
  SimTime reply_timeout = 5 * kMinute;  // RFC 5321 section 4.5.3.2 (a single figure here)
  bool use_pipelining = true;           // when offered
  bool use_chunking = true;             // BDAT when offered
  std::size_t chunk_size = 0;           // BDAT chunk size (0: the whole message in one chunk)
  bool starttls = false;                // STARTTLS when offered
  std::string auth_user, auth_password; // AUTH when offered and a user is given
  std::string auth_mechanism;           // PLAIN, LOGIN, CRAM-MD5 ("" = the first offered)
  bool lmtp = false;                    // LMTP (RFC 2033): LHLO, then one reply per accepted recipient after the data
};

class Client : public Engine {
 public:
  Client(std::string helo_name, std::vector<Transaction> transactions, ClientOptions options = {});

  void on_open(SimTime now) override;
  void on_bytes(std::string_view bytes, SimTime now) override;
  void on_timer(SimTime now) override;
  void on_peer_closed(SimTime now) override;
  bool wants_close() const override { return state_ == ClientState::Done; }
  SimTime deadline() const override;
  const char* state_name() const override { return client_state_name(state_); }

  const std::vector<Transaction>& transactions() const { return transactions_; }
  // Why the session ended early (greeting refused, 421, timeout, connection lost); empty if it did not.
  const std::string& session_error() const { return session_error_; }
  // The reply that ended the session early, if it was a reply (code 0 otherwise).
  const Reply& session_reply() const { return session_reply_; }
  const std::vector<std::string>& extensions() const { return extensions_; }
  bool offers(std::string_view keyword) const;
  bool tls() const { return tls_; }
  const Reply& auth_reply() const { return auth_reply_; }  // 235, 535, ... (code 0: no AUTH)

 private:
  enum class Expect : std::uint8_t { Greeting, Ehlo, Helo, StartTls, Auth, Mail, Rcpt, Data, Body, Chunk, Rset, Quit };
  void handle_reply(const Reply& r);
  void send_line(const std::string& line, LineRole role = LineRole::Command, bool sasl = false);
  void send(Expect e, const std::string& line, LineRole role = LineRole::Command, bool sasl = false);
  bool record_lmtp_reply(Transaction& t, const Reply& r);
  void after_hello();
  void start_auth();
  void start_next_transaction();
  void send_rcpts_and_data();
  void send_data_command();
  void send_body();
  void send_chunks();
  void send_one_chunk();
  std::size_t next_chunk(std::size_t pos) const;
  bool chunking() const;
  void end_transaction(bool reset);
  void abort_session(const std::string& why, const Reply& r);
  void enter(ClientState s) { state_ = s; }
  std::string extension_argument(std::string_view keyword) const;
  const std::string& payload();  // the data, downgraded if needed

  std::string helo_name_;
  std::vector<Transaction> transactions_;
  ClientOptions options_;
  ClientState state_ = ClientState::Greeting;
  ReplyReader reader_;
  LineFramer input_;
  std::vector<std::string> extensions_;
  std::deque<Expect> expect_;
  std::size_t current_ = 0;  // transaction index
  std::size_t rcpt_replies_wanted_ = 0;
  std::size_t chunks_pending_ = 0;
  std::size_t chunk_sent_ = 0;  // octets of the payload already sent by BDAT
  bool tls_ = false;
  bool pipelining_ = false;
  std::string auth_mech_;
  int auth_step_ = 0;
  Reply auth_reply_;
  std::shared_ptr<const std::string> payload_;  // current transaction's bytes on the wire
  std::string session_error_;
  Reply session_reply_;
  SimTime waiting_since_ = 0;
};

}  // namespace mailsim::smtp
