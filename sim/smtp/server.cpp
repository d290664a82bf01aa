#include "smtp/server.hpp"

#include <algorithm>
#include <cctype>

#include "core/md5.hpp"
#include "message/smtp_path.hpp"
#include "message/transfer_encoding.hpp"
#include "smtp/esmtp_params.hpp"
#include "core/ascii.hpp"

namespace mailsim::smtp {

namespace {
// The message buffer is kept from one transaction to the next (no allocation per message)
// unless a large message left it bigger than this.
constexpr std::size_t kKeptDataCapacity = 64 * 1024;

constexpr std::uint16_t bit(ServerState s) { return static_cast<std::uint16_t>(1u << static_cast<int>(s)); }
constexpr std::uint16_t kAnyOpen = bit(ServerState::Connected) | bit(ServerState::Ready) | bit(ServerState::Mail) |
                                   bit(ServerState::Rcpt);
constexpr std::uint16_t kNoTransaction = bit(ServerState::Connected) | bit(ServerState::Ready);
constexpr std::uint16_t kEverywhere = kAnyOpen | bit(ServerState::Chunk);

bool non_ascii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}
// Received: fields in the header section of a message (RFC 5321 6.3 loop detection).
int count_received(const std::string& data) {
  int n = 0;
  std::size_t pos = 0;
  while (pos < data.size()) {
    const std::size_t eol = data.find('\n', pos);
    const std::size_t end = eol == std::string::npos ? data.size() : eol;
    if (end == pos || (end == pos + 1 && data[pos] == '\r')) break;  // the empty line: end of the header
    if (end - pos >= 9 && ascii::iequals(std::string_view(data).substr(pos, 9), "Received:")) ++n;
    pos = end + 1;
  }
  return n;
}
}  // namespace

const char* server_state_name(ServerState s) {
  static const char* const names[] = {"CONNECTED", "READY", "MAIL", "RCPT", "DATA", "CHUNK", "AUTH", "CLOSED"};
  return names[static_cast<int>(s)];
}

// The command table: verb, states in which it is allowed, handler. A verb used in another
// state gets 503; a verb not in the table gets 500. Extension verbs (AUTH, STARTTLS,
// ETRN, BDAT) check in their handler that the extension is advertised (502 otherwise).
const Server::Command Server::kCommands[] = {
    {"HELO", kAnyOpen, &Server::cmd_helo},
    {"EHLO", kAnyOpen, &Server::cmd_ehlo},
    {"LHLO", kAnyOpen, &Server::cmd_lhlo},
    {"MAIL", bit(ServerState::Ready), &Server::cmd_mail},
    {"RCPT", bit(ServerState::Mail) | bit(ServerState::Rcpt), &Server::cmd_rcpt},
    {"DATA", bit(ServerState::Rcpt), &Server::cmd_data},
    {"BDAT", kEverywhere, &Server::cmd_bdat},  // its octets must be read even when refused
    {"RSET", kEverywhere, &Server::cmd_rset},
    {"NOOP", kEverywhere, &Server::cmd_noop},
    {"QUIT", kEverywhere, &Server::cmd_quit},
    {"VRFY", kAnyOpen, &Server::cmd_vrfy},
    {"EXPN", kAnyOpen, &Server::cmd_expn},
    {"HELP", kEverywhere, &Server::cmd_help},
    {"AUTH", bit(ServerState::Ready), &Server::cmd_auth},
    {"STARTTLS", kNoTransaction, &Server::cmd_starttls},
    {"ETRN", bit(ServerState::Ready), &Server::cmd_etrn},
    {"SEND", kAnyOpen, &Server::cmd_obsolete},
    {"SOML", kAnyOpen, &Server::cmd_obsolete},
    {"SAML", kAnyOpen, &Server::cmd_obsolete},
    {"TURN", kAnyOpen, &Server::cmd_obsolete},
};

Server::Server(ServerConfig config, ServerPolicy& policy) : config_(std::move(config)), policy_(policy) {
  envelope_.tls = config_.tls_from_start;
  enhanced_codes_ = advertises("ENHANCEDSTATUSCODES");
  // "SIZE n" advertises the fixed maximum message size (RFC 1870): it is the limit.
  if (const auto size = parse_decimal(extension_argument("SIZE")); size && *size > 0)
    config_.limits.max_message_size = static_cast<std::size_t>(*size);
}

bool Server::advertises(std::string_view keyword) const {
  for (const auto& ext : config_.extensions) {
    const std::string_view word = std::string_view(ext).substr(0, ext.find(' '));
    if (ascii::iequals(word, keyword)) return !(ascii::iequals(keyword, "STARTTLS") && envelope_.tls);
  }
  return false;
}

std::string Server::extension_argument(std::string_view keyword) const {
  for (const auto& ext : config_.extensions) {
    const std::size_t space = ext.find(' ');
    if (ascii::iequals(std::string_view(ext).substr(0, space), keyword))
      return space == std::string::npos ? std::string() : ext.substr(space + 1);
  }
  return {};
}

void Server::on_open(SimTime now) {
  now_ = last_activity_ = now;
  if (injected(Stage::Connect, "")) return;
  reply(replies::service_ready(config_.hostname, config_.banner));
}

bool Server::injected(Stage stage, const std::string& address) {
  std::optional<Reply> r = policy_.rule(stage, envelope_, address);
  if (!r) return false;
  if (stage == Stage::Connect && r->code == 554) refused_ = true;  // then only QUIT (RFC 5321 3.1)
  if (stage == Stage::EndOfData || stage == Stage::Data) {
    reset_transaction();
    enter(ServerState::Ready);
  }
  reply(*r);
  return true;
}

SimTime Server::deadline() const {
  if (state_ == ServerState::Closed) return kNoDeadline;
  const bool data = state_ == ServerState::Data || state_ == ServerState::Chunk;
  return last_activity_ + (data ? config_.limits.data_timeout : config_.limits.command_timeout);
}

void Server::on_timer(SimTime now) {
  now_ = now;
  if (state_ == ServerState::Closed || now < deadline()) return;
  reply(replies::service_unavailable(config_.hostname, "timeout waiting for the client"));
}

void Server::on_peer_closed(SimTime now) {
  now_ = now;
  enter(ServerState::Closed);  // a transaction without its final "." is abandoned
}

void Server::enter(ServerState next) { state_ = next; }

void Server::reset_transaction() {
  envelope_.mail_from.clear();
  envelope_.ret.clear();
  envelope_.envid.clear();
  envelope_.body.clear();
  envelope_.smtputf8 = false;
  envelope_.chunked = false;
  envelope_.rcpt_to.clear();
  envelope_.rcpt_params.clear();
  if (data_.capacity() > kKeptDataCapacity) std::string().swap(data_);
  else data_.clear();
  data_line_too_long_ = false;
}

void Server::write_reply(const Reply& r) {
  const bool sasl = r.code == 334;  // a challenge (RFC 4954)
  if (r.lines.size() > 1) tag_output({LineRole::ReplyPart, sasl, envelope_.tls});
  const std::size_t last = r.format_into(output_, enhanced_codes_);
  tag_output_from(last, {LineRole::Reply, sasl, envelope_.tls});
}

LineTag Server::input_tag(std::string_view line) const {
  if (in_chunk_) return {LineRole::Data, false, envelope_.tls};
  if (state_ == ServerState::Data) return {line == "." ? LineRole::End : LineRole::Data, false, envelope_.tls};
  return {LineRole::Command, state_ == ServerState::Auth, envelope_.tls};
}

void Server::reply(const Reply& r) {
  write_reply(r);
  if (r.code >= 500 || (r.code >= 400 && r.code != 421 && r.code != 450 && r.code != 451 && r.code != 452 && r.code != 455))
    ++errors_;
  if (r.code == 221 || r.code == 421) {
    enter(ServerState::Closed);
    return;
  }
  if (errors_ >= config_.limits.max_errors) {
    write_reply(replies::service_unavailable(config_.hostname, "too many errors"));
    enter(ServerState::Closed);
  }
}

void Server::on_bytes(std::string_view bytes, SimTime now) {
  now_ = last_activity_ = now;
  input_.feed(bytes);
  while (state_ != ServerState::Closed) {
    if (in_chunk_) {  // BDAT octets: taken as they are, whatever they contain
      const std::string_view octets = input_.take(chunk_remaining_);
      if (!chunk_discard_ && data_.size() <= config_.limits.max_message_size) data_.append(octets);
      chunk_remaining_ -= octets.size();
      if (chunk_remaining_ > 0) break;
      in_chunk_ = false;
      finish_chunk();
      continue;
    }
    const bool text = state_ == ServerState::Data;
    const auto line = input_.next(text ? config_.limits.text_line : config_.limits.command_line);
    if (!line) break;
    if (line->too_long) {  // answered once; a line of message text spoils the message
      if (text) data_line_too_long_ = true;
      else reply(replies::line_too_long());
      continue;
    }
    if (state_ == ServerState::Data) handle_data_line(line->text);
    else if (state_ == ServerState::Auth) handle_auth_line(line->text);
    else handle_command(line->text);
    if (tls_restart_) {  // RFC 3207 section 4.2: nothing sent before the handshake counts
      tls_restart_ = false;
      input_.clear();
      return;
    }
  }
  input_.keep_rest();
}

void Server::handle_command(std::string_view line) {
  const std::size_t space = line.find(' ');
  current_verb_ = ascii::to_upper(line.substr(0, space));
  const std::string arg = space == std::string_view::npos ? std::string() : std::string(line.substr(space + 1));
  if (refused_ && current_verb_ != "QUIT") {
    reply(replies::bad_sequence("no SMTP service here, only QUIT is accepted"));
    return;
  }
  for (const Command& c : kCommands) {
    if (current_verb_ != c.verb) continue;
    if (!(c.allowed & bit(state_))) {
      switch (state_) {
        case ServerState::Connected: reply(replies::bad_sequence("send HELO/EHLO first")); break;
        case ServerState::Ready:
          reply(replies::bad_sequence(current_verb_ == "DATA" ? "need MAIL command" : "need MAIL command before RCPT"));
          break;
        case ServerState::Mail:
          reply(replies::bad_sequence(current_verb_ == "DATA"   ? "need RCPT command"
                                      : current_verb_ == "MAIL" ? "nested MAIL command"
                                                                : "not allowed during a mail transaction"));
          break;
        case ServerState::Chunk:
          reply(replies::bad_sequence(current_verb_ == "DATA" ? "DATA cannot follow BDAT in a transaction"
                                                              : "BDAT transaction in progress"));
          break;
        default:
          reply(replies::bad_sequence(current_verb_ == "MAIL" ? "nested MAIL command" : "not allowed during a mail transaction"));
          break;
      }
      return;
    }
    (this->*c.handle)(arg);
    return;
  }
  reply(replies::syntax_error_command(current_verb_.substr(0, 32)));
}

namespace {

// What is wrong with a HELO/EHLO/LHLO argument ("" if nothing): one Domain or
// address-literal (RFC 5321 §4.1.1.1). The sentence never quotes the argument, which
// may hold control bytes.
std::string hello_argument_problem(std::string_view arg) {
  if (arg.empty()) return "none given";
  std::string error;
  const std::size_t len = message::domain_or_literal_length(arg, error);
  if (len == 0) return arg[0] == '[' ? "not a valid address literal (RFC 5321 §4.1.3)" : "not a valid domain (RFC 5321 §4.1.2)";
  if (len != arg.size()) return "one name only, letters, digits, hyphens and dots (RFC 5321 §4.1.2)";
  if (len > 255) return "longer than 255 octets (RFC 5321 §4.5.3.1.2)";
  return "";
}

}  // namespace

void Server::cmd_helo(const std::string& arg) {
  if (config_.lmtp) return reply(replies::syntax_error_command("HELO"));
  if (const std::string why = hello_argument_problem(arg); !why.empty())
    return reply(replies::syntax_error_parameters("HELO needs one domain name: " + why));
  reset_transaction();
  envelope_.helo = arg;
  envelope_.esmtp = false;
  if (injected(Stage::Helo, arg)) return;
  enter(ServerState::Ready);
  reply(replies::ok(config_.hostname + " Hello " + arg + ", pleased to meet you"));
}

// LHLO is EHLO under another name (RFC 2033 §4.1); an LMTP server knows only LHLO.
void Server::cmd_lhlo(const std::string& arg) {
  if (!config_.lmtp) return reply(replies::syntax_error_command("LHLO"));
  extended_hello(arg, "LHLO");
}

void Server::cmd_ehlo(const std::string& arg) {
  if (!config_.esmtp || config_.lmtp) return reply(replies::syntax_error_command("EHLO"));
  extended_hello(arg, "EHLO");
}

void Server::extended_hello(const std::string& arg, const char* verb) {
  if (const std::string why = hello_argument_problem(arg); !why.empty())
    return reply(replies::syntax_error_parameters(std::string(verb) + " needs one domain name or address literal: " + why));
  reset_transaction();
  envelope_.helo = arg;
  envelope_.esmtp = true;
  if (injected(Stage::Helo, arg)) return;
  enter(ServerState::Ready);
  std::vector<std::string> keywords;
  for (const auto& ext : config_.extensions)
    if (advertises(std::string_view(ext).substr(0, ext.find(' ')))) keywords.push_back(ext);
  reply(replies::extended_hello(config_.hostname + " Hello " + arg + ", pleased to meet you", std::move(keywords)));
}

// RFC 5321 §4.1.2 allows no space after "FROM:" or "TO:"; most servers tolerate one (the
// lecture's slide writes one), a strict server refuses it and says where it is.
bool Server::space_after_colon(const std::string& arg, std::string_view keyword) {
  if (!config_.strict_syntax || arg.size() <= keyword.size() || (arg[keyword.size()] != ' ' && arg[keyword.size()] != '\t'))
    return false;
  const std::string verb = keyword == "FROM:" ? "MAIL FROM:" : "RCPT TO:";
  reply(replies::syntax_error_parameters("no space allowed after \"" + verb + "\" (RFC 5321 §4.1.2): write " + verb +
                                         "<address>"));
  return true;
}

void Server::cmd_mail(const std::string& arg) {
  if (arg.size() < 5 || !ascii::iequals(std::string_view(arg).substr(0, 5), "FROM:")) {
    reply(replies::syntax_error_parameters("expected FROM:<address>"));
    return;
  }
  if (space_after_colon(arg, "FROM:")) return;
  if (config_.require_auth && envelope_.auth_user.empty()) {
    reply(replies::auth_required());
    return;
  }
  const std::string_view rest = std::string_view(arg).substr(5);
  // Non-ASCII paths are checked with their UTF-8 octets folded to letters (RFC 6531).
  std::string probe(rest);
  for (char& c : probe)
    if (static_cast<unsigned char>(c) >= 0x80) c = 'u';
  message::PathParse p = message::parse_smtp_path(probe, message::PathRole::reverse);
  if (!p.ok) {
    reply(replies::path_refused(p.reply_code, "5.1.7", p.error));
    return;
  }
  const std::string params(p.parameters);
  EsmtpParams ep = parse_esmtp_params(params);
  if (!ep.ok) {
    reply(replies::syntax_error_parameters(ep.error));
    return;
  }
  Envelope next = envelope_;
  next.mail_from = p.path.mailbox();
  if (non_ascii(rest)) next.mail_from = original_mailbox(rest);
  for (const auto& [key, value] : ep.params) {
    if (key == "SIZE" && advertises("SIZE")) {
      const auto size = parse_decimal(value);
      if (!size) {
        reply(replies::syntax_error_parameters("SIZE must be a number of octets"));
        return;
      }
      if (*size > config_.limits.max_message_size) {
        reply(replies::message_too_big());
        return;
      }
    } else if (key == "BODY" && (advertises("8BITMIME") || advertises("BINARYMIME"))) {
      const std::string body = ascii::to_upper(value);
      if (body != "7BIT" && !(body == "8BITMIME" && advertises("8BITMIME")) &&
          !(body == "BINARYMIME" && advertises("BINARYMIME") && advertises("CHUNKING"))) {
        reply(replies::parameter_not_implemented("BODY=" + value));
        return;
      }
      next.body = body;
    } else if (key == "RET" && advertises("DSN")) {
      const std::string ret = ascii::to_upper(value);
      if (ret != "FULL" && ret != "HDRS") {
        reply(replies::syntax_error_parameters("RET must be FULL or HDRS"));
        return;
      }
      next.ret = ret;
    } else if (key == "ENVID" && advertises("DSN")) {
      auto decoded = xtext_decode(value);
      if (!decoded || value.empty() || value.size() > 100) {
        reply(replies::syntax_error_parameters("ENVID must be xtext of at most 100 characters"));
        return;
      }
      next.envid = *decoded;
    } else if (key == "AUTH" && advertises("AUTH")) {
      // RFC 4954 section 5: the original submitter; kept only in the trace.
    } else if (key == "SMTPUTF8" && advertises("SMTPUTF8")) {
      next.smtputf8 = true;
    } else {
      reply(replies::parameter_unrecognized("MAIL FROM", key));
      return;
    }
  }
  if (non_ascii(rest) && !next.smtputf8) {
    reply(replies::non_ascii_not_permitted(next.mail_from));
    return;
  }
  if (injected(Stage::Mail, next.mail_from)) return;
  Reply r = policy_.check_mail(next, next.mail_from);
  if (r.positive()) {
    envelope_ = std::move(next);
    enter(ServerState::Mail);
  }
  reply(r);
}

void Server::cmd_rcpt(const std::string& arg) {
  if (arg.size() < 3 || !ascii::iequals(std::string_view(arg).substr(0, 3), "TO:")) {
    reply(replies::syntax_error_parameters("expected TO:<address>"));
    return;
  }
  if (space_after_colon(arg, "TO:")) return;
  const std::string_view rest = std::string_view(arg).substr(3);
  std::string probe(rest);
  for (char& c : probe)
    if (static_cast<unsigned char>(c) >= 0x80) c = 'u';
  message::PathParse p = message::parse_smtp_path(probe, message::PathRole::forward);
  if (!p.ok) {
    reply(replies::path_refused(p.reply_code, "5.1.3", p.error));
    return;
  }
  std::string path = non_ascii(rest) ? original_mailbox(rest) : p.path.mailbox();
  if (non_ascii(rest) && !envelope_.smtputf8) {
    reply(replies::non_ascii_not_permitted(path));
    return;
  }
  EsmtpParams ep = parse_esmtp_params(std::string(p.parameters));
  if (!ep.ok) {
    reply(replies::syntax_error_parameters(ep.error));
    return;
  }
  RcptParams rp;
  for (const auto& [key, value] : ep.params) {
    if (key == "NOTIFY" && advertises("DSN")) {
      auto notify = normalize_notify(value);
      if (!notify) {
        reply(replies::syntax_error_parameters("NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY"));
        return;
      }
      rp.notify = *notify;
    } else if (key == "ORCPT" && advertises("DSN")) {
      auto decoded = xtext_decode(value);
      if (!decoded || decoded->find(';') == std::string::npos) {
        reply(replies::syntax_error_parameters("ORCPT must be addr-type;xtext, as rfc822;user@domain"));
        return;
      }
      rp.orcpt = *decoded;
    } else {
      reply(replies::parameter_unrecognized("RCPT TO", key));
      return;
    }
  }
  if (envelope_.rcpt_to.size() >= config_.limits.max_recipients) {
    reply(replies::too_many_recipients());
    return;
  }
  if (injected(Stage::Rcpt, path)) return;
  Reply r = policy_.check_rcpt(envelope_, path);
  if (r.positive()) {
    envelope_.rcpt_to.push_back(std::move(path));
    envelope_.rcpt_params.push_back(std::move(rp));
    enter(ServerState::Rcpt);
  }
  reply(r);
}

void Server::cmd_data(const std::string& arg) {
  if (!arg.empty()) {
    reply(replies::syntax_error_parameters("DATA takes no argument"));
    return;
  }
  if (envelope_.body == "BINARYMIME") {  // RFC 3030 section 3: BINARYMIME needs BDAT
    reply(replies::bad_sequence("BODY=BINARYMIME requires BDAT, not DATA"));
    return;
  }
  if (injected(Stage::Data, "")) return;
  data_.clear();
  data_line_too_long_ = false;
  enter(ServerState::Data);
  reply(replies::start_mail_input());
  policy_.data_started(envelope_);
}

void Server::handle_data_line(std::string_view line) {
  if (line.size() == 1 && line[0] == '.') {
    end_of_data();
    return;
  }
  // Dot-stuffing (RFC 5321 section 4.5.2): a leading dot was doubled by the client.
  if (!line.empty() && line[0] == '.') line.remove_prefix(1);
  if (data_.size() <= config_.limits.max_message_size) {
    data_.append(line);
    data_ += "\r\n";
  }
}

void Server::end_of_data() {
  Reply r;
  std::vector<Reply> lmtp;  // LMTP: one reply per accepted recipient
  int hops = 0;
  if (data_line_too_long_) r = replies::text_line_too_long(config_.limits.text_line);
  else if (data_.size() > config_.limits.max_message_size) r = replies::message_too_big();
  else if ((hops = count_received(data_)) > config_.limits.max_received) r = replies::too_many_hops(hops);
  else if (std::optional<Reply> rule = policy_.rule(Stage::EndOfData, envelope_, "")) r = *rule;
  else if (config_.lmtp) lmtp = policy_.accept_lmtp(envelope_, data_);
  else r = policy_.accept_message(envelope_, data_);
  if (config_.lmtp && lmtp.empty()) lmtp.assign(envelope_.rcpt_to.size(), r);  // a refusal, once per recipient
  reset_transaction();
  enter(ServerState::Ready);
  if (!config_.lmtp) return reply(r);
  for (const Reply& each : lmtp) reply(each);
}

void Server::cmd_bdat(const std::string& arg) {
  // "BDAT size [LAST]": the size octets follow at once and must be read whatever happens.
  const std::size_t space = arg.find(' ');
  const auto size = parse_decimal(arg.substr(0, space));
  const std::string rest = space == std::string::npos ? "" : ascii::to_upper(arg.substr(space + 1));
  if (!size || (!rest.empty() && rest != "LAST")) {
    reply(replies::syntax_error_parameters("BDAT needs a chunk size and optionally LAST"));
    return;  // the octets that follow will be taken as commands: the client broke the protocol
  }
  chunk_remaining_ = *size;
  chunk_last_ = rest == "LAST";
  chunk_size_ = static_cast<std::size_t>(*size);
  chunk_discard_ = false;
  Reply refusal;
  if (!advertises("CHUNKING")) refusal = replies::not_implemented("BDAT", "CHUNKING is not offered here");
  else if (state_ == ServerState::Connected) refusal = replies::bad_sequence("send HELO/EHLO first");
  else if (state_ == ServerState::Ready) refusal = replies::bad_sequence("need MAIL command");
  else if (state_ == ServerState::Mail) refusal = replies::bad_sequence("need RCPT command");
  if (refusal.code != 0) {
    chunk_discard_ = true;
    in_chunk_ = chunk_remaining_ > 0;
    if (in_chunk_) pending_refusal_ = refusal;
    else reply(refusal);
    return;
  }
  if (state_ == ServerState::Rcpt) {
    data_.clear();
    data_line_too_long_ = false;
    envelope_.chunked = true;
    policy_.data_started(envelope_);
  }
  enter(ServerState::Chunk);
  in_chunk_ = chunk_remaining_ > 0;
  if (!in_chunk_) finish_chunk();
}

void Server::finish_chunk() {
  if (chunk_discard_) {
    chunk_discard_ = false;
    reply(pending_refusal_);
    return;
  }
  if (chunk_last_) {
    end_of_data();
    return;
  }
  if (data_.size() > config_.limits.max_message_size) {
    reset_transaction();
    enter(ServerState::Ready);
    reply(replies::message_too_big());
    return;
  }
  reply(replies::chunk_received(chunk_size_));
}

void Server::cmd_rset(const std::string& arg) {
  if (!arg.empty()) {
    reply(replies::syntax_error_parameters("RSET takes no argument"));
    return;
  }
  reset_transaction();
  if (state_ != ServerState::Connected) enter(ServerState::Ready);
  reply(replies::ok("Reset state"));
}

void Server::cmd_noop(const std::string&) { reply(replies::ok("Ok")); }

void Server::cmd_quit(const std::string&) { reply(replies::closing(config_.hostname)); }

void Server::cmd_vrfy(const std::string& arg) {
  if (arg.empty()) {
    reply(replies::syntax_error_parameters("VRFY needs a user name or address"));
    return;
  }
  reply(policy_.verify(arg));
}

void Server::cmd_expn(const std::string& arg) {
  if (arg.empty()) {
    reply(replies::syntax_error_parameters("EXPN needs the name of a mailing list"));
    return;
  }
  reply(policy_.expand(arg));
}

void Server::cmd_help(const std::string& arg) {
  const std::string topic = ascii::to_upper(arg);
  if (topic.empty()) {
    std::string verbs;
    for (const Command& c : kCommands) {
      const std::string v(c.verb);
      if ((v == "AUTH" || v == "STARTTLS" || v == "ETRN") && !advertises(v)) continue;
      if (v == "BDAT" && !advertises("CHUNKING")) continue;
      if (v == "SEND" || v == "SOML" || v == "SAML" || v == "TURN") continue;
      verbs += (verbs.empty() ? "" : " ") + v;
    }
    reply(replies::help({"Commands supported:", verbs, "HELP STATUS gives the server's status; HELP <command> describes one",
                         "End of HELP info"}));
    return;
  }
  if (topic == "STATUS") {
    reply(replies::system_status(policy_.status()));
    return;
  }
  static const std::pair<const char*, const char*> kTopics[] = {
      {"HELO", "HELO <domain>: introduce yourself (RFC 821 SMTP)"},
      {"EHLO", "EHLO <domain>: introduce yourself and list the extensions (ESMTP)"},
      {"MAIL", "MAIL FROM:<reverse-path> [params]: start a transaction"},
      {"RCPT", "RCPT TO:<forward-path> [params]: add a recipient"},
      {"DATA", "DATA: send the message, end with a line holding only \".\""},
      {"BDAT", "BDAT <size> [LAST]: send size octets of the message (CHUNKING)"},
      {"RSET", "RSET: abort the transaction"},
      {"VRFY", "VRFY <user>: verify a mailbox"},
      {"EXPN", "EXPN <list>: expand a mailing list"},
      {"NOOP", "NOOP: do nothing"},
      {"QUIT", "QUIT: close the session"},
      {"AUTH", "AUTH <mechanism> [initial-response]: authenticate (SASL)"},
      {"STARTTLS", "STARTTLS: switch to TLS (simulated here)"},
      {"ETRN", "ETRN <domain>: ask this backup MX to flush its queue for a domain"},
      {"TURN", "TURN: historical, refused (insecure); see ETRN"},
      {"CHECKPOINT", "CHECKPOINT/TRANSID (RFC 1845): historical restart extension, not offered"},
  };
  for (const auto& [verb, text] : kTopics)
    if (topic == verb) {
      reply(replies::help({text}));
      return;
    }
  reply(replies::parameter_not_implemented("HELP topic " + arg.substr(0, 32)));
}

bool Server::auth_mechanism_offered(const std::string& mech) const {
  const std::string list = " " + ascii::to_upper(extension_argument("AUTH")) + " ";
  return list.find(" " + mech + " ") != std::string::npos;
}

void Server::cmd_auth(const std::string& arg) {
  if (!advertises("AUTH")) {
    reply(replies::not_implemented("AUTH", "authentication is not offered here"));
    return;
  }
  if (!envelope_.auth_user.empty()) {
    reply(replies::bad_sequence("already authenticated"));
    return;
  }
  const std::size_t space = arg.find(' ');
  const std::string mech = ascii::to_upper(arg.substr(0, space));
  const std::string initial = space == std::string::npos ? "" : arg.substr(space + 1);
  if (mech.empty()) {
    reply(replies::syntax_error_parameters("AUTH needs a mechanism"));
    return;
  }
  if (!auth_mechanism_offered(mech)) {
    reply(replies::auth_mechanism_unknown(mech.substr(0, 20)));
    return;
  }
  if (config_.require_tls_for_auth && !envelope_.tls) {
    reply(replies::encryption_required());
    return;
  }
  if (config_.plaintext_auth_too_weak && (mech == "PLAIN" || mech == "LOGIN")) {
    reply(replies::auth_too_weak());
    return;
  }
  auth_mech_ = mech;
  auth_step_ = 0;
  auth_user_.clear();
  enter(ServerState::Auth);
  if (mech == "PLAIN") {
    if (initial.empty()) reply(replies::auth_challenge(""));
    else auth_step(initial);
  } else if (mech == "LOGIN") {
    if (initial.empty()) reply(replies::auth_challenge(message::encode_base64("Username:", 0)));
    else {
      auth_step_ = 0;
      auth_step(initial);
    }
  } else {  // CRAM-MD5 (RFC 2195): a unique challenge, HMAC-MD5 keyed with the secret
    auth_challenge_ = "<" + std::to_string(++auth_counter_) + "." + std::to_string(now_) + "@" + config_.hostname + ">";
    reply(replies::auth_challenge(message::encode_base64(auth_challenge_, 0)));
  }
}

void Server::handle_auth_line(std::string_view line) {
  if (line == "*") {
    enter(ServerState::Ready);
    reply(replies::auth_cancelled());
    return;
  }
  auth_step(std::string(line));
}

void Server::auth_step(const std::string& response) {
  std::string problem;
  const std::string decoded = response == "=" ? std::string() : message::decode_base64(response, &problem);
  if (!problem.empty()) {
    enter(ServerState::Ready);
    reply(replies::auth_bad_base64());
    return;
  }
  bool done = false, good = false;
  std::string user;
  if (auth_mech_ == "PLAIN") {  // authzid NUL authcid NUL passwd (RFC 4616)
    const std::size_t a = decoded.find('\0');
    const std::size_t b = a == std::string::npos ? a : decoded.find('\0', a + 1);
    done = true;
    if (b != std::string::npos) {
      user = decoded.substr(a + 1, b - a - 1);
      good = policy_.authenticate(user, decoded.substr(b + 1));
    }
  } else if (auth_mech_ == "LOGIN") {
    if (auth_step_ == 0) {
      auth_user_ = decoded;
      auth_step_ = 1;
      reply(replies::auth_challenge(message::encode_base64("Password:", 0)));
      return;
    }
    done = true;
    user = auth_user_;
    good = policy_.authenticate(user, decoded);
  } else {
    const std::size_t space = decoded.rfind(' ');
    done = true;
    if (space != std::string::npos) {
      user = decoded.substr(0, space);
      const auto secret = policy_.secret(user);
      good = secret && hmac_md5_hex(*secret, auth_challenge_) == decoded.substr(space + 1);
    }
  }
  if (!done) return;
  enter(ServerState::Ready);
  if (good) {
    envelope_.auth_user = user;
    policy_.event("AUTH " + auth_mech_ + " succeeded for " + user + (envelope_.tls ? " (over TLS)" : " (in clear text!)"));
    reply(replies::auth_succeeded());
  } else {
    policy_.event("AUTH " + auth_mech_ + " failed" + (user.empty() ? std::string() : " for " + user));
    reply(replies::auth_failed());
  }
}

void Server::cmd_starttls(const std::string& arg) {
  if (!advertises("STARTTLS")) {
    reply(replies::not_implemented("STARTTLS", envelope_.tls ? "TLS is already active" : "TLS is not offered here"));
    return;
  }
  if (!arg.empty()) {
    reply(replies::syntax_error_parameters("STARTTLS takes no argument"));
    return;
  }
  reply(replies::ready_for_tls());
  start_tls_after_output();
  // After the handshake the session starts over (RFC 3207 section 4.2).
  reset_transaction();
  envelope_ = Envelope();
  envelope_.tls = true;
  enter(ServerState::Connected);
  tls_restart_ = true;
  if (!config_.real_tls)
    policy_.event("TLS handshake (simulated): TLS 1.3, certificate " + config_.hostname +
                  "; the SMTP session starts over, the client must say EHLO again");
}

void Server::cmd_etrn(const std::string& arg) {
  if (!advertises("ETRN")) {
    reply(replies::not_implemented("ETRN", "remote queue starting is not offered here"));
    return;
  }
  if (arg.empty()) {
    reply(replies::syntax_error_parameters("ETRN needs a domain (or @domain, #queue)"));
    return;
  }
  reply(policy_.etrn(arg));
}

void Server::cmd_obsolete(const std::string&) {
  const char* why = current_verb_ == "TURN"
                        ? "TURN let anyone claim a domain's mail and was insecure; ETRN replaced it (RFC 1985)"
                        : "obsolete command of RFC 821, removed from RFC 5321";
  reply(replies::not_implemented(current_verb_, why));
}

}  // namespace mailsim::smtp
