#include "pop3/server.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "core/md5.hpp"
#include "message/text_util.hpp"
#include "net/text_lines.hpp"

namespace mailsim::pop3 {

using message::iequals;

const char* state_name(State s) {
  switch (s) {
    case State::Authorization: return "AUTHORIZATION";
    case State::Transaction: return "TRANSACTION";
    case State::Update: return "UPDATE";
    case State::Closed: return "CLOSED";
  }
  return "?";
}

// QUIT and CAPA are valid in both AUTHORIZATION and TRANSACTION: they appear twice.
const Server::Command Server::kCommands[] = {
    {"USER", State::Authorization, &Server::cmd_user}, {"PASS", State::Authorization, &Server::cmd_pass},
    {"APOP", State::Authorization, &Server::cmd_apop}, {"CAPA", State::Authorization, &Server::cmd_capa},
    {"QUIT", State::Authorization, &Server::cmd_quit}, {"STLS", State::Authorization, &Server::cmd_stls},
    {"CAPA", State::Transaction, &Server::cmd_capa},
    {"QUIT", State::Transaction, &Server::cmd_quit},   {"STAT", State::Transaction, &Server::cmd_stat},
    {"LIST", State::Transaction, &Server::cmd_list},   {"UIDL", State::Transaction, &Server::cmd_uidl},
    {"RETR", State::Transaction, &Server::cmd_retr},   {"TOP", State::Transaction, &Server::cmd_top},
    {"DELE", State::Transaction, &Server::cmd_dele},   {"NOOP", State::Transaction, &Server::cmd_noop},
    {"RSET", State::Transaction, &Server::cmd_rset},   {"LAST", State::Transaction, &Server::cmd_last},
};

namespace {

std::optional<std::size_t> parse_count(std::string_view s) {
  std::size_t v = 0;
  if (s.empty() || s.size() > 9) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Splits "a b" at the first space.
std::pair<std::string_view, std::string_view> split_word(std::string_view s) {
  const auto sp = s.find(' ');
  if (sp == std::string_view::npos) return {s, {}};
  return {s.substr(0, sp), s.substr(sp + 1)};
}

}  // namespace

Server::Server(Maildrop& maildrop, const Credentials& credentials, Settings settings, std::uint64_t session_id)
    : maildrop_(maildrop), credentials_(credentials), settings_(std::move(settings)), session_id_(session_id),
      tls_(settings_.tls_from_start) {}

Server::~Server() { release_lock(); }

void Server::reply(Reply r) {
  tag_output({LineRole::Reply, false, tls_});
  output_ += r.ok ? "+OK" : "-ERR";
  if (!r.text.empty()) output_ += ' ' + r.text;
  output_ += "\r\n";
  if (!r.body) return;
  tag_output({r.message_text ? LineRole::Data : LineRole::ReplyPart, false, tls_});
  append_dot_stuffed(output_, *r.body);
  tag_output({LineRole::End, false, tls_});
  output_ += ".\r\n";
}

// POP3 has no state in which the client sends anything but commands (no SASL here).
LineTag Server::input_tag(std::string_view) const { return {LineRole::Command, false, tls_}; }

void Server::enter(State s) { state_ = s; }

void Server::release_lock() {
  if (!locked_) return;
  maildrop_.unlock(user_);
  locked_ = false;
}

void Server::on_open(SimTime now) {
  last_activity_ = now;
  timestamp_ = "<" + std::to_string(session_id_) + "." + std::to_string(now) + "@" + settings_.host_name + ">";
  reply({true, settings_.host_name + " POP3 server ready " + timestamp_, {}});
}

void Server::on_bytes(std::string_view bytes, SimTime now) {
  last_activity_ = now;
  input_.feed(bytes);
  while (state_ != State::Closed) {
    const auto line = input_.next(settings_.limits.max_command_octets);
    if (!line) break;
    if (line->too_long) reply({false, "Command line too long", {}});
    else handle_line(line->text);
    if (std::exchange(tls_restart_, false)) {  // the handshake comes next, not these bytes
      input_.clear();
      return;
    }
  }
  if (state_ == State::Closed) input_.clear();
  else input_.keep_rest();
}

void Server::on_timer(SimTime now) {
  if (state_ == State::Closed || now < deadline()) return;
  reply({false, "Autologout; idle for too long", {}});
  release_lock();
  enter(State::Closed);
}

void Server::on_peer_closed(SimTime) {
  release_lock();  // RFC 1939 §6: no UPDATE when the session did not end with QUIT
  enter(State::Closed);
}

SimTime Server::deadline() const {
  return state_ == State::Closed ? kNoDeadline : last_activity_ + settings_.limits.idle_timeout;
}

void Server::handle_line(std::string_view line) {
  auto [verb, args] = split_word(line);
  bool known = false;
  for (const Command& c : kCommands) {
    if (!iequals(c.verb, verb)) continue;
    known = true;
    if (c.state == state_) return (this->*c.handler)(args);
  }
  reply({false, known ? "Command not valid in this state" : "Unknown command", {}});
}

std::string Server::maildrop_summary() const {
  std::size_t n = 0;
  std::uint64_t octets = 0;
  for (const Entry& e : drop_)
    if (!e.deleted) ++n, octets += e.data->size();
  return std::to_string(n) + " " + std::to_string(octets);
}

Server::Entry* Server::message_arg(std::string_view arg, bool allow_deleted) {
  const auto n = parse_count(arg);
  if (!n) {
    reply({false, "Invalid message number", {}});
    return nullptr;
  }
  if (*n == 0 || *n > drop_.size()) {
    reply({false, "No such message, only " + std::to_string(drop_.size()) + " messages in maildrop", {}});
    return nullptr;
  }
  Entry& e = drop_[*n - 1];
  if (e.deleted && !allow_deleted) {
    reply({false, "Message " + std::to_string(*n) + " already deleted", {}});
    return nullptr;
  }
  return &e;
}

// ---- AUTHORIZATION ----

void Server::cmd_user(std::string_view args) {
  if (args.empty()) return reply({false, "Syntax: USER name", {}});
  pending_user_ = std::string(args);
  // The same answer whether or not the user exists: the check happens at PASS.
  reply({true, "Password required for " + pending_user_ + ".", {}});
}

void Server::login(const std::string& user, bool password_ok) {
  if (!password_ok) {
    if (++auth_failures_ >= settings_.limits.max_auth_failures) {
      reply({false, "[AUTH] Invalid login; too many failures, closing", {}});
      return enter(State::Closed);
    }
    return reply({false, "[AUTH] Invalid login or password", {}});
  }
  std::optional<Maildrop::Listing> listing = maildrop_.lock(user);
  if (!listing) return reply({false, "[IN-USE] Maildrop already locked by another session", {}});
  locked_ = true;
  user_ = user;
  uid_validity_ = listing->uid_validity;
  drop_.clear();
  highest_accessed_ = 0;
  for (Maildrop::Message& m : listing->messages) {
    drop_.push_back({m.uid, std::move(m.data), false, false});
    if (m.seen) highest_accessed_ = drop_.size();
  }
  enter(State::Transaction);
  reply({true,
         user_ + " has " + std::to_string(drop_.size()) + " messages (" + std::to_string(listing->octets) + " octets).",
         {}});
}

void Server::cmd_pass(std::string_view args) {
  if (pending_user_.empty()) return reply({false, "USER first", {}});
  const std::string user = std::exchange(pending_user_, {});
  const auto secret = credentials_.password(user);
  login(user, secret && *secret == args);
}

void Server::cmd_apop(std::string_view args) {
  if (!settings_.allow_apop) return reply({false, "APOP not supported", {}});
  auto [name, digest] = split_word(args);
  if (name.empty() || digest.size() != 32) return reply({false, "Syntax: APOP name digest", {}});
  pending_user_.clear();
  const auto secret = credentials_.password(std::string(name));
  login(std::string(name), secret && iequals(md5_hex(timestamp_ + *secret), digest));
}

void Server::cmd_capa(std::string_view) {
  std::string body = "TOP\r\nUSER\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\n";
  if (settings_.last == LastMode::Emulated) body += "LAST\r\n";
  if (settings_.offer_stls && !tls_ && state_ == State::Authorization) body += "STLS\r\n";
  body += "IMPLEMENTATION " + settings_.implementation + "\r\n";
  reply({true, "Capability list follows", std::move(body)});
}

// RFC 2595 §4: only in AUTHORIZATION (the table says so), once, and only where offered.
void Server::cmd_stls(std::string_view args) {
  if (!settings_.offer_stls || tls_) return reply({false, tls_ ? "Already in TLS" : "STLS not available", {}});
  if (!args.empty()) return reply({false, "STLS takes no argument", {}});
  pending_user_.clear();  // nothing said before the handshake counts
  reply({true, settings_.real_tls ? "Begin TLS negotiation" : "Begin TLS negotiation (simulated)", {}});
  start_tls_after_output();
  tls_ = true;
  tls_restart_ = true;
}

void Server::cmd_quit(std::string_view) {
  if (state_ == State::Authorization) {
    reply({true, settings_.host_name + " POP3 server signing off", {}});
    return enter(State::Closed);
  }
  enter(State::Update);
  std::vector<Maildrop::Outcome> outcomes;
  outcomes.reserve(drop_.size());
  for (const Entry& e : drop_) outcomes.push_back({e.uid, e.retrieved, e.deleted});
  const Maildrop::Updated updated = maildrop_.update(user_, uid_validity_, outcomes);
  release_lock();
  reply({true,
         settings_.host_name + " POP3 server signing off (" + std::to_string(updated.removed) +
             (updated.removed == 1 ? " message" : " messages") + " deleted, " +
             std::to_string(updated.left) + " left)",
         {}});
  enter(State::Closed);
}

// ---- TRANSACTION ----

void Server::cmd_stat(std::string_view args) {
  if (!args.empty()) return reply({false, "Syntax: STAT", {}});
  reply({true, maildrop_summary(), {}});
}

void Server::cmd_list(std::string_view args) {
  if (!args.empty()) {
    if (Entry* e = message_arg(args)) reply({true, std::string(args) + " " + std::to_string(e->data->size()), {}});
    return;
  }
  std::string body;
  for (std::size_t i = 0; i < drop_.size(); ++i)
    if (!drop_[i].deleted) body += std::to_string(i + 1) + " " + std::to_string(drop_[i].data->size()) + "\r\n";
  const std::string summary = maildrop_summary();
  const auto sp = summary.find(' ');
  reply({true, summary.substr(0, sp) + " messages (" + summary.substr(sp + 1) + " octets)", std::move(body)});
}

void Server::cmd_uidl(std::string_view args) {
  // A unique-id is 1 to 70 characters 0x21..0x7E (RFC 1939 §7): UIDVALIDITY.UID.
  auto unique_id = [this](const Entry& e) { return std::to_string(uid_validity_) + "." + std::to_string(e.uid); };
  if (!args.empty()) {
    if (Entry* e = message_arg(args)) reply({true, std::string(args) + " " + unique_id(*e), {}});
    return;
  }
  std::string body;
  for (std::size_t i = 0; i < drop_.size(); ++i)
    if (!drop_[i].deleted) body += std::to_string(i + 1) + " " + unique_id(drop_[i]) + "\r\n";
  reply({true, "Unique-ID listing follows", std::move(body)});
}

void Server::cmd_retr(std::string_view args) {
  Entry* e = message_arg(args);
  if (!e) return;
  e->retrieved = true;
  highest_accessed_ = std::max(highest_accessed_, static_cast<std::size_t>(e - drop_.data()) + 1);
  reply({true, std::to_string(e->data->size()) + " octets", *e->data, true});
}

void Server::cmd_top(std::string_view args) {
  auto [msg, lines_arg] = split_word(args);
  const auto lines = parse_count(lines_arg);
  if (msg.empty() || !lines) return reply({false, "Syntax: TOP msg n", {}});
  Entry* e = message_arg(msg);
  if (!e) return;
  const std::string& data = *e->data;
  std::size_t end = data.find("\r\n\r\n");
  end = end == std::string::npos ? data.size() : end + 4;  // the header and the blank line
  for (std::size_t n = 0; n < *lines && end < data.size(); ++n) {
    const auto lf = data.find('\n', end);
    end = lf == std::string::npos ? data.size() : lf + 1;
  }
  reply({true, "Top of message follows", data.substr(0, end), true});
}

void Server::cmd_dele(std::string_view args) {
  Entry* e = message_arg(args);
  if (!e) return;
  e->deleted = true;
  reply({true, "Message " + std::string(args) + " has been deleted.", {}});
}

void Server::cmd_noop(std::string_view args) {
  if (!args.empty()) return reply({false, "Syntax: NOOP", {}});
  reply({true, "", {}});
}

void Server::cmd_rset(std::string_view args) {
  if (!args.empty()) return reply({false, "Syntax: RSET", {}});
  for (Entry& e : drop_) e.deleted = false;
  highest_accessed_ = 0;
  const std::string summary = maildrop_summary();
  const auto sp = summary.find(' ');
  reply({true, "Maildrop has " + summary.substr(0, sp) + " messages (" + summary.substr(sp + 1) + " octets)", {}});
}

void Server::cmd_last(std::string_view) {
  if (settings_.last == LastMode::Historical)
    return reply({false, "LAST was removed from POP3 by RFC 1725; use UIDL", {}});
  reply({true, std::to_string(highest_accessed_), {}});
}

}  // namespace mailsim::pop3
