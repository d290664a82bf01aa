#include "smtp/server.hpp"

#include <algorithm>
#include <cctype>

#include "smtp/command_args.hpp"

namespace mailsim::smtp {

namespace {
constexpr std::uint8_t bit(ServerState s) { return static_cast<std::uint8_t>(1u << static_cast<int>(s)); }
constexpr std::uint8_t kAnyOpen = bit(ServerState::Connected) | bit(ServerState::Ready) | bit(ServerState::Mail) |
                                  bit(ServerState::Rcpt);
constexpr std::uint8_t kAfterHelo = bit(ServerState::Ready) | bit(ServerState::Mail) | bit(ServerState::Rcpt);

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

const char* server_state_name(ServerState s) {
  static const char* const names[] = {"CONNECTED", "READY", "MAIL", "RCPT", "DATA", "CLOSED"};
  return names[static_cast<int>(s)];
}

// The command table: verb, states in which it is allowed, handler. A verb used in another
// state gets 503; a verb not in the table gets 500.
const Server::Command Server::kCommands[] = {
    {"HELO", kAnyOpen, &Server::cmd_helo},
    {"EHLO", kAnyOpen, &Server::cmd_ehlo},
    {"MAIL", bit(ServerState::Ready), &Server::cmd_mail},
    {"RCPT", bit(ServerState::Mail) | bit(ServerState::Rcpt), &Server::cmd_rcpt},
    {"DATA", bit(ServerState::Rcpt), &Server::cmd_data},
    {"RSET", kAnyOpen, &Server::cmd_rset},
    {"NOOP", kAnyOpen, &Server::cmd_noop},
    {"QUIT", kAnyOpen, &Server::cmd_quit},
    {"VRFY", kAnyOpen, &Server::cmd_vrfy},
    {"HELP", kAnyOpen, &Server::cmd_help},
    {"SEND", kAnyOpen, &Server::cmd_obsolete},
    {"SOML", kAnyOpen, &Server::cmd_obsolete},
    {"SAML", kAnyOpen, &Server::cmd_obsolete},
    {"TURN", kAnyOpen, &Server::cmd_obsolete},
};

Server::Server(ServerConfig config, ServerPolicy& policy) : config_(std::move(config)), policy_(policy) {}

bool Server::advertises(std::string_view keyword) const {
  for (const auto& ext : config_.extensions) {
    const std::string_view word = std::string_view(ext).substr(0, ext.find(' '));
    if (word.size() == keyword.size() &&
        std::equal(word.begin(), word.end(), keyword.begin(), [](char a, char b) {
          return std::toupper(static_cast<unsigned char>(a)) == std::toupper(static_cast<unsigned char>(b));
        }))
      return true;
  }
  return false;
}

void Server::on_open(SimTime now) {
  now_ = last_activity_ = now;
  reply(replies::service_ready(config_.hostname, config_.banner));
}

SimTime Server::deadline() const {
  if (state_ == ServerState::Closed) return kNoDeadline;
  return last_activity_ + (state_ == ServerState::Data ? config_.limits.data_timeout : config_.limits.command_timeout);
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

std::string Server::take_output() { return std::move(output_); }

void Server::enter(ServerState next) { state_ = next; }

void Server::reset_transaction() {
  envelope_.mail_from.clear();
  envelope_.rcpt_to.clear();
  data_.clear();
  data_line_too_long_ = false;
}

void Server::reply(const Reply& r) {
  output_ += r.format(advertises("ENHANCEDSTATUSCODES"));
  if (r.code >= 500 || (r.code >= 400 && r.code != 421 && r.code != 450 && r.code != 451 && r.code != 452)) ++errors_;
  if (r.code == 221 || r.code == 421) {
    enter(ServerState::Closed);
    return;
  }
  if (errors_ >= config_.limits.max_errors) {
    output_ += replies::service_unavailable(config_.hostname, "too many errors").format(advertises("ENHANCEDSTATUSCODES"));
    enter(ServerState::Closed);
  }
}

void Server::on_bytes(std::string_view bytes, SimTime now) {
  now_ = last_activity_ = now;
  input_.append(bytes);
  std::size_t start = 0;
  while (state_ != ServerState::Closed) {
    const std::size_t lf = input_.find('\n', start);
    const std::size_t limit = state_ == ServerState::Data ? config_.limits.text_line : config_.limits.command_line;
    if (lf == std::string::npos) {
      if (input_.size() - start > limit) {  // no end of line within the limit
        if (state_ == ServerState::Data) {
          data_line_too_long_ = true;
        } else if (!discarding_long_line_) {
          discarding_long_line_ = true;
          reply(replies::line_too_long());
        }
        start = input_.size();
      }
      break;
    }
    std::string line = input_.substr(start, lf - start);
    start = lf + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (discarding_long_line_) {  // the tail of a command that was already refused
      discarding_long_line_ = false;
      continue;
    }
    if (line.size() + 2 > limit) {
      if (state_ == ServerState::Data) data_line_too_long_ = true;
      else {
        reply(replies::line_too_long());
        continue;
      }
    }
    handle_line(std::move(line));
  }
  input_.erase(0, start);
}

void Server::handle_line(std::string line) {
  if (state_ == ServerState::Data) handle_data_line(line);
  else handle_command(line);
}

void Server::handle_command(const std::string& line) {
  const std::size_t space = line.find(' ');
  current_verb_ = upper(line.substr(0, space));
  const std::string arg = space == std::string::npos ? "" : line.substr(space + 1);
  for (const Command& c : kCommands) {
    if (current_verb_ != c.verb) continue;
    if (!(c.allowed & bit(state_))) {
      switch (state_) {
        case ServerState::Connected: reply(replies::bad_sequence("send HELO or EHLO first")); break;
        case ServerState::Ready: reply(replies::bad_sequence(current_verb_ == "DATA" ? "need MAIL before DATA" : "need MAIL before RCPT")); break;
        case ServerState::Mail: reply(replies::bad_sequence(current_verb_ == "DATA" ? "need RCPT before DATA" : "nested MAIL command")); break;
        default: reply(replies::bad_sequence("MAIL already given")); break;
      }
      return;
    }
    (this->*c.handle)(arg);
    return;
  }
  reply(replies::syntax_error_command(current_verb_.substr(0, 32)));
}

void Server::cmd_helo(const std::string& arg) {
  if (arg.empty() || arg.find(' ') != std::string::npos) {
    reply(replies::syntax_error_parameters("HELO needs exactly one domain name"));
    return;
  }
  reset_transaction();
  envelope_.helo = arg;
  envelope_.esmtp = false;
  enter(ServerState::Ready);
  reply(replies::ok(config_.hostname + " Hello " + arg + ", pleased to meet you"));
}

void Server::cmd_ehlo(const std::string& arg) {
  if (!config_.esmtp) {
    reply(replies::syntax_error_command("EHLO"));
    return;
  }
  if (arg.empty() || arg.find(' ') != std::string::npos) {
    reply(replies::syntax_error_parameters("EHLO needs exactly one domain name or address literal"));
    return;
  }
  reset_transaction();
  envelope_.helo = arg;
  envelope_.esmtp = true;
  enter(ServerState::Ready);
  Reply r(250, "", config_.hostname + " Hello " + arg + ", pleased to meet you");
  for (const auto& ext : config_.extensions) r.lines.push_back(ext);
  reply(r);
}

void Server::cmd_mail(const std::string& arg) {
  PathArgument p = parse_path_argument(arg, "FROM");
  if (!p.ok) {
    reply(replies::syntax_error_parameters(p.error));
    return;
  }
  for (const auto& [key, value] : p.params) {
    if (key == "SIZE" && advertises("SIZE")) {
      if (!value.empty() && std::all_of(value.begin(), value.end(), ::isdigit) && value.size() < 12 &&
          std::stoull(value) > config_.limits.max_message_size) {
        reply(replies::storage_exceeded("message size exceeds fixed maximum message size"));
        return;
      }
    } else if (key == "BODY" && advertises("8BITMIME")) {
      if (upper(value) != "7BIT" && upper(value) != "8BITMIME") {
        reply(replies::syntax_error_parameters("BODY must be 7BIT or 8BITMIME"));
        return;
      }
    } else {
      reply(Reply(555, "5.5.4", "MAIL FROM parameter " + key + " not recognized or not implemented"));
      return;
    }
  }
  Reply r = policy_.check_mail(envelope_, p.path);
  if (r.positive()) {
    envelope_.mail_from = p.path;
    enter(ServerState::Mail);
  }
  reply(r);
}

void Server::cmd_rcpt(const std::string& arg) {
  PathArgument p = parse_path_argument(arg, "TO");
  if (!p.ok) {
    reply(replies::syntax_error_parameters(p.error));
    return;
  }
  if (p.path.empty()) {
    reply(replies::syntax_error_parameters("the null path <> is not a valid recipient"));
    return;
  }
  if (!p.params.empty()) {
    reply(Reply(555, "5.5.4", "RCPT TO parameter " + p.params.front().first + " not recognized or not implemented"));
    return;
  }
  if (envelope_.rcpt_to.size() >= config_.limits.max_recipients) {
    reply(replies::too_many_recipients());
    return;
  }
  Reply r = policy_.check_rcpt(envelope_, p.path);
  if (r.positive()) {
    envelope_.rcpt_to.push_back(p.path);
    enter(ServerState::Rcpt);
  }
  reply(r);
}

void Server::cmd_data(const std::string& arg) {
  if (!arg.empty()) {
    reply(replies::syntax_error_parameters("DATA takes no argument"));
    return;
  }
  data_.clear();
  data_line_too_long_ = false;
  enter(ServerState::Data);
  reply(replies::start_mail_input());
}

void Server::handle_data_line(const std::string& line) {
  if (line == ".") {
    Reply r;
    if (data_line_too_long_) r = Reply(500, "5.5.2", "Line too long in message text (limit 1000 octets)");
    else if (data_.size() > config_.limits.max_message_size) r = replies::storage_exceeded("message too large");
    else r = policy_.accept_message(envelope_, std::move(data_));
    reset_transaction();
    enter(ServerState::Ready);
    reply(r);
    return;
  }
  // Dot-stuffing (RFC 5321 section 4.5.2): a leading dot was doubled by the client.
  const std::size_t skip = !line.empty() && line[0] == '.' ? 1 : 0;
  if (data_.size() <= config_.limits.max_message_size) {
    data_.append(line, skip, std::string::npos);
    data_ += "\r\n";
  }
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
  reply(Reply(252, "2.5.2", "Cannot VRFY user, but will accept message and attempt delivery"));
}

void Server::cmd_help(const std::string&) {
  Reply r(214, "2.0.0", "Commands supported:");
  r.lines.push_back("HELO EHLO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP");
  r.lines.push_back("End of HELP info");
  reply(r);
}

void Server::cmd_obsolete(const std::string&) {
  const char* why = current_verb_ == "TURN" ? "TURN let anyone claim a domain's mail and was insecure; ETRN replaced it (RFC 1985)"
                                            : "obsolete command of RFC 821, removed from RFC 5321";
  reply(replies::not_implemented(current_verb_, why));
}

}  // namespace mailsim::smtp
