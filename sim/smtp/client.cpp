#include "smtp/client.hpp"

#include <algorithm>
#include <cctype>

#include "core/md5.hpp"
#include "message/downgrade.hpp"
#include "message/transfer_encoding.hpp"
#include "net/text_lines.hpp"
#include "smtp/esmtp_params.hpp"
#include "core/ascii.hpp"

namespace mailsim::smtp {

namespace {
bool has_8bit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}
}  // namespace

const char* client_state_name(ClientState s) {
  static const char* const names[] = {"GREETING", "EHLO", "HELO", "STARTTLS", "AUTH", "MAIL",
                                      "RCPT",     "DATA", "BODY", "RSET",     "QUIT", "DONE"};
  return names[static_cast<int>(s)];
}

Client::Client(std::string helo_name, std::vector<Transaction> transactions, ClientOptions options)
    : helo_name_(std::move(helo_name)), transactions_(std::move(transactions)), options_(std::move(options)) {
  expect_.push_back(Expect::Greeting);
}

void Client::on_open(SimTime now) { waiting_since_ = now; }

SimTime Client::deadline() const {
  return state_ == ClientState::Done ? kNoDeadline : waiting_since_ + options_.reply_timeout;
}

void Client::on_timer(SimTime now) {
  if (state_ == ClientState::Done || now < deadline()) return;
  if (session_error_.empty()) session_error_ = "no reply from the server within " + format_seconds(options_.reply_timeout) + " s";
  enter(ClientState::Done);
}

void Client::on_peer_closed(SimTime) {
  if (state_ != ClientState::Done && state_ != ClientState::Quit && session_error_.empty())
    session_error_ = "connection closed by the server in state " + std::string(client_state_name(state_));
  enter(ClientState::Done);
}

bool Client::offers(std::string_view keyword) const {
  for (const auto& ext : extensions_)
    if (ascii::iequals(std::string_view(ext).substr(0, ext.find(' ')), keyword)) return true;
  return false;
}

std::string Client::extension_argument(std::string_view keyword) const {
  for (const auto& ext : extensions_) {
    const std::size_t space = ext.find(' ');
    if (ascii::iequals(std::string_view(ext).substr(0, space), keyword))
      return space == std::string::npos ? std::string() : ext.substr(space + 1);
  }
  return {};
}

void Client::send_line(const std::string& line, LineRole role, bool sasl) {
  tag_output({role, sasl, tls_});
  output_ += line;
  output_ += "\r\n";
}

void Client::send(Expect e, const std::string& line, LineRole role, bool sasl) {
  send_line(line, role, sasl);
  expect_.push_back(e);
}

void Client::on_bytes(std::string_view bytes, SimTime now) {
  waiting_since_ = now;
  input_.feed(bytes);
  while (state_ != ClientState::Done) {
    const auto line = input_.next();
    if (!line) break;
    if (auto reply = reader_.feed(line->text)) handle_reply(*reply);
  }
  input_.keep_rest();
}

void Client::abort_session(const std::string& why, const Reply& r) {
  session_error_ = why;
  session_reply_ = r;
  expect_.clear();
  if (r.code == 421) {  // the server is closing: no QUIT
    enter(ClientState::Done);
    return;
  }
  send(Expect::Quit, "QUIT");
  enter(ClientState::Quit);
}

void Client::after_hello() {
  if (options_.starttls && !tls_ && offers("STARTTLS")) {
    send(Expect::StartTls, "STARTTLS");
    enter(ClientState::StartTls);
    return;
  }
  if (!options_.auth_user.empty() && auth_reply_.code == 0 && offers("AUTH")) {
    start_auth();
    return;
  }
  start_next_transaction();
}

void Client::start_auth() {
  std::string mech = ascii::to_upper(options_.auth_mechanism);
  if (mech.empty()) {
    const std::string offered = " " + extension_argument("AUTH") + " ";
    for (const char* m : {"CRAM-MD5", "PLAIN", "LOGIN"})
      if (offered.find(std::string(" ") + m + " ") != std::string::npos) {
        mech = m;
        break;
      }
    if (mech.empty()) mech = "PLAIN";
  }
  auth_mech_ = mech;
  auth_step_ = 0;
  enter(ClientState::Auth);
  if (mech == "PLAIN")  // RFC 4616: authzid NUL authcid NUL password, as an initial response
    send(Expect::Auth, "AUTH PLAIN " +
                           message::encode_base64(std::string(1, '\0') + options_.auth_user + '\0' + options_.auth_password, 0));
  else
    send(Expect::Auth, "AUTH " + mech);
}

const std::string& Client::payload() {
  Transaction& t = transactions_[current_];
  payload_ = t.data;
  t.downgraded = false;
  const bool binary_ok = t.binary && offers("BINARYMIME") && offers("CHUNKING");
  if (!binary_ok && !offers("8BITMIME") && has_8bit(*t.data)) {
    message::DowngradeResult d = message::downgrade_8bit_to_7bit(*t.data);
    if (d.changed) {
      payload_ = std::make_shared<const std::string>(std::move(d.message));
      t.downgraded = true;
    }
  }
  return *payload_;
}

void Client::start_next_transaction() {
  if (current_ >= transactions_.size()) {
    send(Expect::Quit, "QUIT");
    enter(ClientState::Quit);
    return;
  }
  Transaction& t = transactions_[current_];
  const std::string& data = payload();
  std::string line = "MAIL FROM:<" + t.mail_from + ">";
  if (offers("SIZE")) line += " SIZE=" + std::to_string(data.size());
  if (t.binary && offers("BINARYMIME") && offers("CHUNKING")) line += " BODY=BINARYMIME";
  else if (offers("8BITMIME") && has_8bit(data)) line += " BODY=8BITMIME";
  t.dsn_passed = offers("DSN");
  if (t.dsn_passed) {
    if (!t.ret.empty()) line += " RET=" + t.ret;
    if (!t.envid.empty()) line += " ENVID=" + xtext_encode(t.envid);
  }
  bool utf8 = has_8bit(t.mail_from);
  for (const auto& r : t.rcpt_to) utf8 = utf8 || has_8bit(r);
  if (utf8 && offers("SMTPUTF8")) line += " SMTPUTF8";
  pipelining_ = options_.use_pipelining && offers("PIPELINING");
  send(Expect::Mail, line);
  enter(ClientState::Mail);
  rcpt_replies_wanted_ = t.rcpt_to.size();
  if (pipelining_) send_rcpts_and_data();
}

namespace {
std::string rcpt_line(const Transaction& t, std::size_t i, bool dsn) {
  std::string line = "RCPT TO:<" + t.rcpt_to[i] + ">";
  if (dsn) {
    if (i < t.notify.size() && !t.notify[i].empty()) line += " NOTIFY=" + t.notify[i];
    if (i < t.orcpt.size() && !t.orcpt[i].empty()) {
      const std::size_t semi = t.orcpt[i].find(';');
      line += " ORCPT=" + t.orcpt[i].substr(0, semi + 1) + xtext_encode(t.orcpt[i].substr(semi + 1));
    }
  }
  return line;
}
}  // namespace

bool Client::chunking() const {
  const Transaction& t = transactions_[current_];
  return offers("CHUNKING") && (options_.use_chunking || t.binary);
}

void Client::send_rcpts_and_data() {
  // RFC 2920: MAIL, every RCPT and DATA in one group; BDAT waits for the RCPT replies.
  const Transaction& t = transactions_[current_];
  for (std::size_t i = 0; i < t.rcpt_to.size(); ++i) send(Expect::Rcpt, rcpt_line(t, i, t.dsn_passed));
  enter(ClientState::Rcpt);
  if (!chunking()) send_data_command();
}

void Client::send_data_command() {
  send(Expect::Data, "DATA");
  enter(ClientState::Data);
}

void Client::send_body() {
  tag_output({LineRole::Data, false, tls_});
  append_dot_stuffed(output_, *payload_);
  send(Expect::Body, ".", LineRole::End);
  enter(ClientState::Body);
}

std::size_t Client::next_chunk(std::size_t pos) const {
  // At most chunk_size octets, cut after a line end when there is one (a readable trace).
  const std::string& data = *payload_;
  const std::size_t size = options_.chunk_size ? options_.chunk_size : std::max<std::size_t>(data.size(), 1);
  std::size_t n = std::min(size, data.size() - pos);
  if (pos + n < data.size()) {
    const std::size_t lf = data.rfind('\n', pos + n - 1);
    if (lf != std::string::npos && lf >= pos) n = lf + 1 - pos;
  }
  return n;
}

void Client::send_one_chunk() {
  // RFC 3030: "BDAT n [LAST]" then exactly n octets, no dot-stuffing, no end marker.
  const std::size_t n = next_chunk(chunk_sent_);
  const bool last = chunk_sent_ + n >= payload_->size();
  send_line("BDAT " + std::to_string(n) + (last ? " LAST" : ""));
  tag_output({LineRole::Data, false, tls_});
  output_.append(*payload_, chunk_sent_, n);
  expect_.push_back(Expect::Chunk);
  ++chunks_pending_;
  chunk_sent_ += n;
}

void Client::send_chunks() {
  chunks_pending_ = 0;
  chunk_sent_ = 0;
  do send_one_chunk();
  while (pipelining_ && chunk_sent_ < payload_->size());  // without PIPELINING: one chunk at a time
  enter(ClientState::Body);
}

void Client::end_transaction(bool reset) {
  if (reset) {
    send(Expect::Rset, "RSET");
    enter(ClientState::Rset);
    return;
  }
  ++current_;
  start_next_transaction();
}

void Client::handle_reply(const Reply& r) {
  if (r.code == 421 && state_ != ClientState::Quit) {
    abort_session("the server closed the session: " + r.summary(), r);
    return;
  }
  if (expect_.empty()) return;  // an unsolicited reply: ignored
  const Expect e = expect_.front();
  expect_.pop_front();
  switch (e) {
    case Expect::Greeting:
      if (r.code != 220) {
        abort_session("greeting refused: " + r.summary(), r);
        return;
      }
      if (options_.lmtp) send(Expect::Ehlo, "LHLO " + helo_name_);
      else send(options_.try_ehlo ? Expect::Ehlo : Expect::Helo, (options_.try_ehlo ? "EHLO " : "HELO ") + helo_name_);
      enter(options_.try_ehlo ? ClientState::Ehlo : ClientState::Helo);
      return;
    case Expect::Ehlo:
      if (r.code == 250) {
        extensions_.assign(r.lines.begin() + 1, r.lines.end());
        after_hello();
      } else if (!options_.lmtp && (r.code == 500 || r.code == 502)) {  // an RFC 821 server: fall back to HELO
        send(Expect::Helo, "HELO " + helo_name_);
        enter(ClientState::Helo);
      } else {
        abort_session("EHLO refused: " + r.summary(), r);
      }
      return;
    case Expect::Helo:
      if (r.code == 250) {
        extensions_.clear();
        after_hello();
      } else {
        abort_session("HELO refused: " + r.summary(), r);
      }
      return;
    case Expect::StartTls:
      if (r.code == 220) {  // the (simulated) handshake; then everything starts over
        tls_ = true;
        extensions_.clear();
        send(Expect::Ehlo, "EHLO " + helo_name_);
        enter(ClientState::Ehlo);
      } else {
        options_.starttls = false;
        after_hello();
      }
      return;
    case Expect::Auth:
      if (r.code == 334) {
        std::string response;
        if (auth_mech_ == "LOGIN") response = auth_step_++ == 0 ? options_.auth_user : options_.auth_password;
        else if (auth_mech_ == "CRAM-MD5")
          response = options_.auth_user + " " + hmac_md5_hex(options_.auth_password, message::decode_base64(r.text()));
        else response = std::string(1, '\0') + options_.auth_user + '\0' + options_.auth_password;
        send(Expect::Auth, message::encode_base64(response, 0), LineRole::Command, true);
        return;
      }
      auth_reply_ = r;
      if (r.code == 235) start_next_transaction();
      else abort_session("authentication failed: " + r.summary(), r);
      return;
    case Expect::Mail: {
      Transaction& t = transactions_[current_];
      t.mail_reply = r;
      if (pipelining_) return;  // the RCPTs (and DATA) are already on their way
      if (r.positive()) {
        send(Expect::Rcpt, rcpt_line(t, 0, t.dsn_passed));
        enter(ClientState::Rcpt);
      } else {
        end_transaction(false);
      }
      return;
    }
    case Expect::Rcpt: {
      Transaction& t = transactions_[current_];
      t.rcpt_replies.push_back(r);
      const bool last = t.rcpt_replies.size() >= t.rcpt_to.size();
      if (!pipelining_ && !last) {
        send(Expect::Rcpt, rcpt_line(t, t.rcpt_replies.size(), t.dsn_passed));
        return;
      }
      if (!last) return;
      const bool any = std::any_of(t.rcpt_replies.begin(), t.rcpt_replies.end(), [](const Reply& x) { return x.positive(); });
      if (pipelining_ && !chunking()) return;  // DATA already sent
      if (!any || !t.mail_reply.positive()) end_transaction(t.mail_reply.positive());
      else if (chunking()) send_chunks();
      else send_data_command();
      return;
    }
    case Expect::Data: {
      Transaction& t = transactions_[current_];
      t.data_reply = r;
      if (r.code == 354) send_body();
      else end_transaction(t.mail_reply.positive());  // RSET is always safe after a refused DATA
      return;
    }
    case Expect::Body:
      if (options_.lmtp && record_lmtp_reply(transactions_[current_], r)) {
        expect_.push_front(Expect::Body);  // more recipients' replies to come
        return;
      }
      transactions_[current_].final_reply = r;
      end_transaction(false);
      return;
    case Expect::Chunk: {
      Transaction& t = transactions_[current_];
      --chunks_pending_;
      if (r.code != 250 && t.data_reply.code == 0) t.data_reply = r;
      const bool more_to_send = !pipelining_ && chunk_sent_ < payload_->size() && r.code == 250;
      if (more_to_send) {
        send_one_chunk();
        return;
      }
      if (chunks_pending_ > 0) return;
      t.final_reply = t.data_reply.code != 0 ? t.data_reply : r;
      end_transaction(false);
      return;
    }
    case Expect::Rset:
      ++current_;
      start_next_transaction();
      return;
    case Expect::Quit:
      enter(ClientState::Done);
      return;
  }
}

// LMTP (RFC 2033 §4.2): after the data, one reply per recipient accepted at RCPT, in
// order. Records `r` for the next recipient still waiting; true while more are due.
bool Client::record_lmtp_reply(Transaction& t, const Reply& r) {
  if (t.lmtp_replies.empty()) t.lmtp_replies.resize(t.rcpt_to.size());
  bool placed = false;
  for (std::size_t i = 0; i < t.rcpt_replies.size() && i < t.lmtp_replies.size(); ++i) {
    if (!t.rcpt_replies[i].positive() || t.lmtp_replies[i].code != 0) continue;
    if (placed) return true;
    t.lmtp_replies[i] = r;
    placed = true;
  }
  return false;
}

}  // namespace mailsim::smtp
