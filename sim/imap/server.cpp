#include "imap/server.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "imap/fetch.hpp"
#include "imap/message_view.hpp"
#include "imap/search.hpp"
#include "message/text_util.hpp"
#include "message/transfer_encoding.hpp"

namespace mailsim::imap {

using message::iequals;

const char* state_name(State s) {
  switch (s) {
    case State::NotAuthenticated: return "NOT AUTHENTICATED";
    case State::Authenticated: return "AUTHENTICATED";
    case State::Selected: return "SELECTED";
    case State::Logout: return "LOGOUT";
  }
  return "?";
}

namespace {

constexpr unsigned bit(State s) { return 1u << static_cast<unsigned>(s); }
constexpr unsigned kAny = bit(State::NotAuthenticated) | bit(State::Authenticated) | bit(State::Selected);
constexpr unsigned kNotAuth = bit(State::NotAuthenticated);
constexpr unsigned kAuth = bit(State::Authenticated) | bit(State::Selected);
constexpr unsigned kSel = bit(State::Selected);

// LIST wildcards (RFC 3501 §6.3.8): '*' matches anything, '%' anything but the delimiter.
bool wildcard_match(std::string_view pattern, std::string_view name) {
  if (pattern.empty()) return name.empty();
  if (pattern.front() == '*' || pattern.front() == '%') {
    for (std::size_t i = 0; i <= name.size(); ++i) {
      if (wildcard_match(pattern.substr(1), name.substr(i))) return true;
      if (i < name.size() && pattern.front() == '%' && name[i] == kFolderDelimiter) return false;
    }
    return false;
  }
  return !name.empty() && pattern.front() == name.front() && wildcard_match(pattern.substr(1), name.substr(1));
}

}  // namespace

const Server::Entry Server::kCommands[] = {
    {"CAPABILITY", kAny, &Server::cmd_capability},
    {"NOOP", kAny, &Server::cmd_noop},
    {"LOGOUT", kAny, &Server::cmd_logout},
    {"STARTTLS", kNotAuth, &Server::cmd_starttls},
    {"AUTHENTICATE", kNotAuth, &Server::cmd_authenticate},
    {"LOGIN", kNotAuth, &Server::cmd_login},
    {"SELECT", kAuth, &Server::cmd_select},
    {"EXAMINE", kAuth, &Server::cmd_select},
    {"CREATE", kAuth, &Server::cmd_create},
    {"DELETE", kAuth, &Server::cmd_delete},
    {"RENAME", kAuth, &Server::cmd_rename},
    {"SUBSCRIBE", kAuth, &Server::cmd_subscribe},
    {"UNSUBSCRIBE", kAuth, &Server::cmd_subscribe},
    {"LIST", kAuth, &Server::cmd_list},
    {"LSUB", kAuth, &Server::cmd_list},
    {"STATUS", kAuth, &Server::cmd_status},
    {"APPEND", kAuth, &Server::cmd_append},
    {"IDLE", kAuth, &Server::cmd_idle},
    {"CHECK", kSel, &Server::cmd_check},
    {"CLOSE", kSel, &Server::cmd_close},
    {"EXPUNGE", kSel, &Server::cmd_expunge},
    {"SEARCH", kSel, &Server::cmd_search},
    {"FETCH", kSel, &Server::cmd_fetch},
    {"STORE", kSel, &Server::cmd_store},
    {"COPY", kSel, &Server::cmd_copy},
    {"UID", kSel, &Server::cmd_uid},
};

Server::Server(Mailboxes& mailboxes, const Credentials& credentials, Settings settings)
    : mailboxes_(mailboxes), credentials_(credentials), settings_(std::move(settings)), tls_(settings_.tls_from_start) {}

// ---- output ----

void Server::respond(Response r, LineRole role) {
  static const char* const status_words[] = {"", "OK", "NO", "BAD", "BYE"};
  std::string line = r.kind == Kind::Untagged ? "*" : r.kind == Kind::Continuation ? "+" : r.tag;
  if (r.status != Status::None) line += std::string(" ") + status_words[static_cast<int>(r.status)];
  if (!r.code.empty()) line += " [" + r.code + "]";
  if (!r.text.empty() || r.kind == Kind::Continuation) line += " " + r.text;
  if (role == LineRole::None) role = r.kind == Kind::Tagged ? LineRole::Reply : LineRole::ReplyPart;
  const LineTag tag{role, r.kind == Kind::Continuation && auth_tag_.has_value(), tls_};
  // A response may carry literals (a FETCH of a body): each line that ends in {n} is
  // followed by n octets of literal, then the response goes on.
  std::string_view rest = line;
  for (;;) {
    tag_output(tag);
    const std::size_t crlf = rest.find("\r\n");
    if (crlf == std::string_view::npos) break;
    const auto literal = trailing_literal(rest.substr(0, crlf));
    output_.append(rest.substr(0, crlf + 2));
    rest.remove_prefix(crlf + 2);
    if (!literal) continue;
    const std::size_t n = std::min(*literal, rest.size());
    tag_output({LineRole::Literal, false, tls_});
    output_.append(rest.substr(0, n));
    rest.remove_prefix(n);
  }
  output_.append(rest);
  output_ += "\r\n";
}

// What a client sends is a command line, a literal it announced, or an answer to a
// SASL challenge.
LineTag Server::input_tag(std::string_view) const {
  if (input_.literal_left() > 0) return {LineRole::Literal, false, tls_};
  return {LineRole::Command, auth_tag_.has_value(), tls_};
}

void Server::complete(const Command& c, Status s, std::string text, std::string code) {
  const bool seq_sensitive = !c.uid && (c.name == "FETCH" || c.name == "STORE" || c.name == "SEARCH");
  finish(c.tag, s, std::move(text), std::move(code), !seq_sensitive);
}

void Server::finish(const std::string& tag, Status s, std::string text, std::string code, bool allow_expunge) {
  if (state_ == State::Selected) sync(allow_expunge);
  respond({Kind::Tagged, tag, s, std::move(code), std::move(text)});
  if (s == Status::Bad && ++bad_commands_ >= settings_.limits.max_bad_commands) {
    respond({Kind::Untagged, {}, Status::Bye, {}, "Too many invalid commands"});
    enter(State::Logout);
  }
}

void Server::enter(State s) {
  state_ = s;
  if (s != State::Selected) selected_.reset();
}

std::string Server::capability_list() const {
  std::string caps = "IMAP4rev1";
  if (settings_.offer_starttls && !tls_ && state_ == State::NotAuthenticated) caps += " STARTTLS";
  return caps + " AUTH=PLAIN SASL-IR IDLE";
}

// ---- input ----

void Server::on_open(SimTime now) {
  now_ = last_activity_ = now;
  respond({Kind::Untagged, {}, Status::Ok, "CAPABILITY " + capability_list(), settings_.host_name + " IMAP4rev1 server ready"},
          LineRole::Reply);  // the greeting is the whole answer to the connection
}

void Server::on_bytes(std::string_view bytes, SimTime now) {
  now_ = last_activity_ = now;
  input_.feed(bytes);
  while (state_ != State::Logout) {
    const auto line = input_.next_line(command_);
    if (!line) break;
    if (discarding_) {
      discarding_ = false;
      continue;
    }
    if (line->size() > settings_.limits.max_line_octets) {
      command_.clear();
      respond({Kind::Untagged, {}, Status::Bad, {}, "Command line too long"});
      continue;
    }
    command_ += *line;
    on_line_complete();
    if (std::exchange(tls_restart_, false)) {  // the handshake comes next, not these bytes
      input_.discard();
      return;
    }
  }
  if (discarding_ || state_ == State::Logout) {
    input_.discard();
  } else if (input_.literal_left() == 0 && input_.pending() > settings_.limits.max_line_octets) {
    command_.clear();
    respond({Kind::Untagged, {}, Status::Bad, {}, "Command line too long"});
    discarding_ = true;
    input_.discard();
  }
}

void Server::on_line_complete() {
  if (auth_tag_) {
    const std::string tag = *std::exchange(auth_tag_, std::nullopt);
    const std::string line = std::exchange(command_, {});
    if (line == "*") return finish(tag, Status::Bad, "Authentication cancelled", {}, true);
    return authenticate_plain(tag, line);
  }
  if (idle_tag_) {
    const std::string tag = *std::exchange(idle_tag_, std::nullopt);
    next_poll_ = kNoDeadline;
    const std::string line = std::exchange(command_, {});
    if (iequals(line, "DONE")) return finish(tag, Status::Ok, "IDLE terminated", {}, true);
    return finish(tag, Status::Bad, "Expected DONE", {}, true);
  }
  if (auto n = trailing_literal(command_)) {
    if (*n > settings_.limits.max_literal_octets || command_.size() + *n > settings_.limits.max_command_octets) {
      const std::string tag = command_.substr(0, command_.find(' '));
      command_.clear();
      return finish(tag, Status::Bad, "Literal too large", {}, true);
    }
    command_ += "\r\n";
    input_.expect_literal(*n);
    return respond({Kind::Continuation, {}, Status::None, {}, "Ready for literal data"});
  }
  const std::string text = std::exchange(command_, {});
  execute(text);
}

void Server::execute(std::string_view text) {
  std::size_t tag_end = 0;  // tag = 1*<any ASTRING-CHAR except "+">
  while (tag_end < text.size() && (is_atom_char(text[tag_end]) || text[tag_end] == ']') && text[tag_end] != '+') ++tag_end;
  const std::string tag(text.substr(0, tag_end));
  Command c{tag, {}, false, Reader(text.substr(tag_end))};
  if (tag.empty() || !c.args.sp()) {
    respond({Kind::Untagged, {}, Status::Bad, {}, "Missing or invalid command tag"});
    if (++bad_commands_ >= settings_.limits.max_bad_commands) {
      respond({Kind::Untagged, {}, Status::Bye, {}, "Too many invalid commands"});
      enter(State::Logout);
    }
    return;
  }
  auto name = c.args.atom();
  if (!name) return complete(c, Status::Bad, "Missing command name");
  c.name = to_upper(*name);
  if (!c.args.at_end() && !c.args.sp()) return complete(c, Status::Bad, "Invalid characters in command name");
  for (const Entry& e : kCommands) {
    if (e.name != c.name) continue;
    if (!(e.states & bit(state_))) return complete(c, Status::Bad, c.name + " not allowed in state " + state_name());
    return (this->*e.handler)(c);
  }
  complete(c, Status::Bad, "Unknown command " + c.name);
}

bool Server::check_end(Command& c) {
  if (c.args.at_end()) return true;
  complete(c, Status::Bad, "Syntax error in " + c.name + " arguments");
  return false;
}

void Server::on_timer(SimTime now) {
  now_ = now;
  if (state_ == State::Logout) return;
  if (now >= last_activity_ + settings_.limits.autologout) {
    respond({Kind::Untagged, {}, Status::Bye, {}, "Autologout; idle for too long"});
    return enter(State::Logout);
  }
  if (idle_tag_ && next_poll_ != kNoDeadline && now >= next_poll_) poll(now);
}

void Server::poll(SimTime now) {
  now_ = now;
  if (!idle_tag_) return;
  if (state_ == State::Selected) sync(true);
  next_poll_ = settings_.limits.idle_poll > 0 ? now + settings_.limits.idle_poll : kNoDeadline;
}

void Server::on_peer_closed(SimTime now) {
  now_ = now;
  enter(State::Logout);
}

SimTime Server::deadline() const {
  if (state_ == State::Logout) return kNoDeadline;
  const SimTime logout = last_activity_ + settings_.limits.autologout;
  return next_poll_ != kNoDeadline ? std::min(logout, next_poll_) : logout;
}

// ---- the selected mailbox ----

const Mailbox* Server::mailbox() const { return mailboxes_.find(user_); }

const Folder* Server::selected_folder() const {
  const Mailbox* box = mailbox();
  const Folder* f = box && selected_ ? box->folder(selected_->name) : nullptr;
  return f && f->uid_validity == selected_->uid_validity ? f : nullptr;
}

std::uint8_t Server::session_flags(const StoredMessage& m) const {
  return static_cast<std::uint8_t>(m.flags & ~kFlagRecent);
}

void Server::sync(bool allow_expunge) {
  if (!selected_) return;
  Selected& sel = *selected_;
  const Folder* f = selected_folder();
  if (!f) {  // deleted or renamed under us: every message is gone
    if (!allow_expunge) return;
    for (std::size_t i = sel.uids.size(); i > 0; --i) untagged(std::to_string(i) + " EXPUNGE");
    sel.uids.clear(), sel.flags.clear(), sel.keywords.clear();
    return;
  }
  if (f->version == sel.version) return;
  const bool expunged =
      std::any_of(sel.uids.begin(), sel.uids.end(), [f](std::uint32_t uid) { return f->find_uid(uid) == nullptr; });
  if (expunged && !allow_expunge) return;  // reported at the next command that may
  for (std::size_t i = 0; i < sel.uids.size();) {
    if (f->find_uid(sel.uids[i])) {
      ++i;
      continue;
    }
    untagged(std::to_string(i + 1) + " EXPUNGE");
    sel.uids.erase(sel.uids.begin() + static_cast<std::ptrdiff_t>(i));
    sel.flags.erase(sel.flags.begin() + static_cast<std::ptrdiff_t>(i));
    sel.keywords.erase(sel.keywords.begin() + static_cast<std::ptrdiff_t>(i));
  }
  const std::size_t known = sel.uids.size();
  for (std::size_t i = 0; i < known; ++i) {
    const StoredMessage& m = *f->find_uid(sel.uids[i]);
    if (session_flags(m) == sel.flags[i] && m.keywords == sel.keywords[i]) continue;
    sel.flags[i] = session_flags(m);
    sel.keywords[i] = m.keywords;
    untagged(std::to_string(i + 1) + " FETCH (FLAGS " +
             format_flags(sel.flags[i], sel.keywords[i], sel.recent.count(sel.uids[i]) > 0) + ")");
  }
  const std::uint32_t last = sel.uids.empty() ? 0 : sel.uids.back();
  for (const StoredMessage& m : f->messages) {
    if (m.uid <= last) continue;
    if (m.flags & kFlagRecent) {
      sel.recent.insert(m.uid);
      if (!sel.read_only) mailboxes_.claim_recent(user_, f->name, m.uid);
    }
    sel.uids.push_back(m.uid);
    sel.flags.push_back(session_flags(m));
    sel.keywords.push_back(m.keywords);
  }
  if (sel.uids.size() != known) {
    untagged(std::to_string(sel.uids.size()) + " EXISTS");
    untagged(std::to_string(sel.recent.size()) + " RECENT");
  }
  sel.version = f->version;
}

std::vector<std::size_t> Server::resolve(const SequenceSet& set, bool uid) const {
  std::vector<std::size_t> out;
  const auto& uids = selected_->uids;
  const std::uint32_t largest = uid ? (uids.empty() ? 0 : uids.back()) : static_cast<std::uint32_t>(uids.size());
  for (std::size_t i = 0; i < uids.size(); ++i)
    if (set.contains(uid ? uids[i] : static_cast<std::uint32_t>(i + 1), largest)) out.push_back(i);
  return out;
}

// ---- any state ----

void Server::cmd_capability(Command& c) {
  if (!check_end(c)) return;
  untagged("CAPABILITY " + capability_list());
  complete(c, Status::Ok, "CAPABILITY completed");
}

void Server::cmd_noop(Command& c) {
  if (!check_end(c)) return;
  complete(c, Status::Ok, "NOOP completed");
}

void Server::cmd_logout(Command& c) {
  if (!check_end(c)) return;
  respond({Kind::Untagged, {}, Status::Bye, {}, settings_.host_name + " IMAP4rev1 server logging out"});
  enter(State::Logout);
  complete(c, Status::Ok, "LOGOUT completed");
}

// ---- not authenticated ----

void Server::cmd_starttls(Command& c) {
  if (!check_end(c)) return;
  if (!settings_.offer_starttls || tls_) return complete(c, Status::Bad, "STARTTLS not available");
  complete(c, Status::Ok, settings_.real_tls ? "Begin TLS negotiation now" : "Begin TLS negotiation now (simulated)");
  start_tls_after_output();
  tls_ = true;
  tls_restart_ = true;  // RFC 3501 §6.2.1: nothing sent before the handshake counts
}

void Server::cmd_authenticate(Command& c) {
  auto mech = c.args.atom();
  if (!mech) return complete(c, Status::Bad, "Syntax: AUTHENTICATE mechanism [initial-response]");
  if (!iequals(*mech, "PLAIN")) return complete(c, Status::No, "Unsupported authentication mechanism");
  if (c.args.sp()) {  // SASL-IR (RFC 4959): "=" stands for an empty initial response
    std::string ir = c.args.rest();
    return authenticate_plain(c.tag, ir == "=" ? "" : ir);
  }
  if (!check_end(c)) return;
  auth_tag_ = c.tag;
  respond({Kind::Continuation, {}, Status::None, {}, ""});
}

void Server::authenticate_plain(const std::string& tag, std::string_view base64) {
  std::string problem;
  const std::string decoded = message::decode_base64(base64, &problem);
  if (!problem.empty() || base64.size() % 4 != 0) return finish(tag, Status::Bad, "Invalid base64 data", {}, true);
  // authzid NUL authcid NUL passwd (RFC 4616 §2)
  const auto a = decoded.find('\0');
  const auto b = a == std::string::npos ? a : decoded.find('\0', a + 1);
  if (b == std::string::npos) return finish(tag, Status::Bad, "Invalid PLAIN response", {}, true);
  const std::string authzid = decoded.substr(0, a), authcid = decoded.substr(a + 1, b - a - 1);
  if (!authzid.empty() && authzid != authcid)
    return finish(tag, Status::No, "Authorization identity refused", "AUTHORIZATIONFAILED", true);
  Command c{tag, "AUTHENTICATE", false, Reader({})};
  finish_login(c, authcid, decoded.substr(b + 1));
}

void Server::cmd_login(Command& c) {
  auto user = c.args.astring();
  auto pass = user && c.args.sp() ? c.args.astring() : std::nullopt;
  if (!pass || !check_end(c)) {
    if (!pass) complete(c, Status::Bad, "Syntax: LOGIN user password");
    return;
  }
  finish_login(c, *user, *pass);
}

void Server::finish_login(const Command& c, const std::string& user, const std::string& password) {
  const auto secret = credentials_.password(user);
  if (!secret || *secret != password) return complete(c, Status::No, "Invalid credentials", "AUTHENTICATIONFAILED");
  user_ = user;
  mailboxes_.open(user);
  enter(State::Authenticated);
  complete(c, Status::Ok, "Logged in", "CAPABILITY " + capability_list());
}

// ---- authenticated ----

void Server::cmd_select(Command& c) {
  auto name = c.args.astring();
  if (!name) return complete(c, Status::Bad, "Syntax: " + c.name + " mailbox");
  if (!check_end(c)) return;
  enter(State::Authenticated);  // RFC 3501 §6.3.1: the previous mailbox is deselected, not expunged
  const Folder* f = mailbox()->folder(*name);
  if (!f) return complete(c, Status::No, "Mailbox doesn't exist: " + *name);
  Selected sel;
  sel.name = f->name;
  sel.read_only = c.name == "EXAMINE";
  sel.uid_validity = f->uid_validity;
  sel.version = f->version;
  std::size_t first_unseen = 0;
  for (const StoredMessage& m : f->messages) {
    if (m.flags & kFlagRecent) {
      sel.recent.insert(m.uid);
      if (!sel.read_only) mailboxes_.claim_recent(user_, f->name, m.uid);  // EXAMINE must not (§6.3.2)
    }
    sel.uids.push_back(m.uid);
    sel.flags.push_back(session_flags(m));
    sel.keywords.push_back(m.keywords);
    if (!first_unseen && !(m.flags & kFlagSeen)) first_unseen = sel.uids.size();
  }
  untagged("FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
  untagged(std::to_string(sel.uids.size()) + " EXISTS");
  untagged(std::to_string(sel.recent.size()) + " RECENT");
  if (first_unseen)
    respond({Kind::Untagged, {}, Status::Ok, "UNSEEN " + std::to_string(first_unseen),
             "Message " + std::to_string(first_unseen) + " is first unseen"});
  respond({Kind::Untagged, {}, Status::Ok,
           sel.read_only ? "PERMANENTFLAGS ()" : "PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)",
           "Flags permitted"});
  respond({Kind::Untagged, {}, Status::Ok, "UIDVALIDITY " + std::to_string(sel.uid_validity), "UIDs valid"});
  respond({Kind::Untagged, {}, Status::Ok, "UIDNEXT " + std::to_string(f->uid_next), "Predicted next UID"});
  const bool ro = sel.read_only;
  selected_ = std::move(sel);
  state_ = State::Selected;
  complete(c, Status::Ok, c.name + " completed", ro ? "READ-ONLY" : "READ-WRITE");
}

void Server::cmd_create(Command& c) {
  auto name = c.args.astring();
  if (!name) return complete(c, Status::Bad, "Syntax: CREATE mailbox");
  if (!check_end(c)) return;
  std::string n = *name;
  if (n.size() > 1 && n.back() == kFolderDelimiter) n.pop_back();  // "a/" announces a hierarchy
  if (Mailbox::canonical_name(n) == "INBOX" || mailbox()->folder(n)) return complete(c, Status::No, "Mailbox exists");
  if (!mailboxes_.create_folder(user_, n)) return complete(c, Status::No, "Invalid mailbox name");
  complete(c, Status::Ok, "CREATE completed");
}

void Server::cmd_delete(Command& c) {
  auto name = c.args.astring();
  if (!name) return complete(c, Status::Bad, "Syntax: DELETE mailbox");
  if (!check_end(c)) return;
  if (Mailbox::canonical_name(*name) == "INBOX") return complete(c, Status::No, "INBOX cannot be deleted");
  if (!mailboxes_.delete_folder(user_, *name)) return complete(c, Status::No, "Mailbox doesn't exist");
  complete(c, Status::Ok, "DELETE completed");
}

void Server::cmd_rename(Command& c) {
  auto from = c.args.astring();
  auto to = from && c.args.sp() ? c.args.astring() : std::nullopt;
  if (!to) return complete(c, Status::Bad, "Syntax: RENAME from to");
  if (!check_end(c)) return;
  if (!mailbox()->folder(*from)) return complete(c, Status::No, "Mailbox doesn't exist");
  if (!mailboxes_.rename_folder(user_, *from, *to)) return complete(c, Status::No, "Cannot rename to " + *to);
  complete(c, Status::Ok, "RENAME completed");
}

void Server::cmd_subscribe(Command& c) {
  auto name = c.args.astring();
  if (!name) return complete(c, Status::Bad, "Syntax: " + c.name + " mailbox");
  if (!check_end(c)) return;
  const Folder* f = mailbox()->folder(*name);
  if (!f) return complete(c, Status::No, "Mailbox doesn't exist");
  mailboxes_.subscribe(user_, f->name, c.name == "SUBSCRIBE");
  complete(c, Status::Ok, c.name + " completed");
}

void Server::cmd_list(Command& c) {
  auto ref = c.args.astring();
  if (!ref && c.args.peek() == '"') ref = c.args.string();
  auto pattern = ref && c.args.sp() ? c.args.list_mailbox() : std::nullopt;
  if (!pattern) return complete(c, Status::Bad, "Syntax: " + c.name + " reference pattern");
  if (!check_end(c)) return;
  const std::string delim = std::string("\"") + kFolderDelimiter + "\"";
  if (pattern->empty() && c.name == "LIST") {
    untagged("LIST (\\Noselect) " + delim + " \"\"");
    return complete(c, Status::Ok, "LIST completed");
  }
  const std::string full = *ref + *pattern;
  for (const auto& [name, folder] : mailbox()->folders) {
    if (c.name == "LSUB" && !folder.subscribed) continue;
    const bool match = name == "INBOX" ? wildcard_match(Mailbox::canonical_name(full), name) || wildcard_match(full, name)
                                       : wildcard_match(full, name);
    if (match) untagged(c.name + " () " + delim + " " + format_astring(name));
  }
  complete(c, Status::Ok, c.name + " completed");
}

void Server::cmd_status(Command& c) {
  auto name = c.args.astring();
  if (!name || !c.args.sp() || !c.args.accept('(')) return complete(c, Status::Bad, "Syntax: STATUS mailbox (items)");
  std::vector<std::string> items;
  do {
    auto item = c.args.atom();
    if (!item) return complete(c, Status::Bad, "Syntax: STATUS mailbox (items)");
    items.push_back(to_upper(*item));
  } while (c.args.sp());
  if (!c.args.accept(')') || !check_end(c)) {
    if (!c.args.at_end()) complete(c, Status::Bad, "Syntax: STATUS mailbox (items)");
    return;
  }
  const Folder* f = mailbox()->folder(*name);
  if (!f) return complete(c, Status::No, "Mailbox doesn't exist");
  std::string out;
  for (const auto& item : items) {
    std::uint64_t v = 0;
    if (item == "MESSAGES") v = f->messages.size();
    else if (item == "RECENT") v = f->count_flag(kFlagRecent);
    else if (item == "UIDNEXT") v = f->uid_next;
    else if (item == "UIDVALIDITY") v = f->uid_validity;
    else if (item == "UNSEEN") v = f->messages.size() - f->count_flag(kFlagSeen);
    else return complete(c, Status::Bad, "Unknown STATUS item " + item);
    out += (out.empty() ? "" : " ") + item + " " + std::to_string(v);
  }
  untagged("STATUS " + format_astring(f->name) + " (" + out + ")");
  complete(c, Status::Ok, "STATUS completed");
}

void Server::cmd_append(Command& c) {
  auto name = c.args.astring();
  if (!name || !c.args.sp()) return complete(c, Status::Bad, "Syntax: APPEND mailbox [flags] [date-time] literal");
  std::uint8_t flags = kFlagRecent;
  std::vector<std::string> keywords;
  if (c.args.peek() == '(') {
    auto list = c.args.flag_list();
    if (!list || !c.args.sp()) return complete(c, Status::Bad, "Invalid flag list");
    for (const auto& fl : *list) {
      if (auto b = system_flag(fl)) flags |= *b;
      else if (fl[0] != '\\') keywords.push_back(fl);
    }
  }
  SimTime date = now_;
  if (c.args.peek() == '"') {
    auto d = read_date_time(c.args, mailboxes_.epoch());
    if (!d || !c.args.sp()) return complete(c, Status::Bad, "Invalid date-time");
    date = *d;
  }
  auto data = c.args.string();
  if (!data) return complete(c, Status::Bad, "Syntax: APPEND mailbox [flags] [date-time] literal");
  if (!check_end(c)) return;
  const Folder* f = mailbox()->folder(*name);
  if (!f) return complete(c, Status::No, "Mailbox doesn't exist", "TRYCREATE");
  if (mailbox()->over_quota(data->size())) return complete(c, Status::No, "Quota exceeded", "OVERQUOTA");
  mailboxes_.append(user_, f->name, std::make_shared<const std::string>(std::move(*data)), flags, std::move(keywords), date, 0);
  complete(c, Status::Ok, "APPEND completed");
}

void Server::cmd_idle(Command& c) {
  if (!check_end(c)) return;
  idle_tag_ = c.tag;
  respond({Kind::Continuation, {}, Status::None, {}, "idling"});
  poll(now_);
}

// ---- selected ----

void Server::cmd_check(Command& c) {
  if (!check_end(c)) return;
  complete(c, Status::Ok, "CHECK completed");
}

void Server::cmd_close(Command& c) {
  if (!check_end(c)) return;
  const Folder* f = selected_folder();
  if (f && !selected_->read_only) mailboxes_.expunge(user_, f->name);  // silently: no EXPUNGE responses (§6.4.2)
  enter(State::Authenticated);
  complete(c, Status::Ok, "CLOSE completed");
}

void Server::cmd_expunge(Command& c) {
  if (!check_end(c)) return;
  if (selected_->read_only) return complete(c, Status::No, "Mailbox is read-only");
  if (const Folder* f = selected_folder()) mailboxes_.expunge(user_, f->name);
  complete(c, Status::Ok, "EXPUNGE completed");
}

void Server::cmd_search(Command& c) {
  if (c.args.accept_word("CHARSET")) {
    auto charset = c.args.sp() ? c.args.astring() : std::nullopt;
    if (!charset || !c.args.sp()) return complete(c, Status::Bad, "Syntax: SEARCH [CHARSET name] keys");
    if (!iequals(*charset, "US-ASCII") && !iequals(*charset, "UTF-8"))
      return complete(c, Status::No, "Unsupported charset", "BADCHARSET (US-ASCII UTF-8)");
  }
  auto key = parse_search(c.args);
  if (!key || !c.args.at_end()) return complete(c, Status::Bad, "Invalid search criteria");
  const Folder* f = selected_folder();
  std::string hits;
  for (std::size_t i = 0; f && i < selected_->uids.size(); ++i) {
    const StoredMessage* m = f->find_uid(selected_->uids[i]);
    if (!m) continue;
    const MessageView view(*m->data);
    const SearchTarget t{*m, view, static_cast<std::uint32_t>(i + 1), static_cast<std::uint32_t>(selected_->uids.size()),
                         selected_->uids.empty() ? 0 : selected_->uids.back(), selected_->recent.count(m->uid) > 0,
                         mailboxes_.epoch()};
    if (matches(*key, t)) hits += " " + std::to_string(c.uid ? m->uid : i + 1);
  }
  untagged("SEARCH" + hits);
  complete(c, Status::Ok, (c.uid ? "UID " : "") + std::string("SEARCH completed"));
}

void Server::cmd_fetch(Command& c) {
  auto set = SequenceSet::parse(c.args);
  auto items = set && c.args.sp() ? parse_fetch_items(c.args) : std::nullopt;
  if (!items || !c.args.at_end()) return complete(c, Status::Bad, "Syntax: FETCH sequence-set items");
  using K = FetchItem::Kind;
  const bool has_uid = std::any_of(items->begin(), items->end(), [](const FetchItem& i) { return i.kind == K::Uid; });
  if (c.uid && !has_uid) items->insert(items->begin(), FetchItem{K::Uid, false, {}, {}, {}, {}});
  const bool marks_seen = !selected_->read_only && std::any_of(items->begin(), items->end(), sets_seen);
  const bool has_flags = std::any_of(items->begin(), items->end(), [](const FetchItem& i) { return i.kind == K::Flags; });
  const Folder* f = selected_folder();
  for (std::size_t i : resolve(*set, c.uid)) {
    const StoredMessage* m = f ? f->find_uid(selected_->uids[i]) : nullptr;
    if (!m) continue;  // expunged by another session, not yet reported
    bool flags_changed = false;
    if (marks_seen && !(m->flags & kFlagSeen)) {
      mailboxes_.store_flags(user_, f->name, m->uid, static_cast<std::uint8_t>(m->flags | kFlagSeen), m->keywords);
      selected_->flags[i] = session_flags(*m);
      flags_changed = true;
    }
    const MessageView view(*m->data);
    const FetchTarget t{*m, view, format_flags(session_flags(*m), m->keywords, selected_->recent.count(m->uid) > 0),
                        mailboxes_.epoch()};
    std::string out;
    for (const FetchItem& item : *items) out += (out.empty() ? "" : " ") + render_fetch_item(item, t);
    if (flags_changed && !has_flags) out += " FLAGS " + t.flags;
    untagged(std::to_string(i + 1) + " FETCH (" + out + ")");
  }
  complete(c, Status::Ok, (c.uid ? "UID " : "") + std::string("FETCH completed"));
}

void Server::cmd_store(Command& c) {
  auto set = SequenceSet::parse(c.args);
  auto item = set && c.args.sp() ? c.args.atom() : std::nullopt;
  if (!item || !c.args.sp()) return complete(c, Status::Bad, "Syntax: STORE sequence-set item flags");
  std::string what = to_upper(*item);
  const bool silent = what.size() > 7 && what.substr(what.size() - 7) == ".SILENT";
  if (silent) what.resize(what.size() - 7);
  const char mode = what == "FLAGS" ? '=' : what == "+FLAGS" ? '+' : what == "-FLAGS" ? '-' : '?';
  if (mode == '?') return complete(c, Status::Bad, "Unknown STORE item " + *item);
  std::optional<std::vector<std::string>> flags;
  if (c.args.peek() == '(') {
    flags = c.args.flag_list();
  } else {
    flags.emplace();
    do {
      auto fl = c.args.flag();
      if (!fl) {
        flags.reset();
        break;
      }
      flags->push_back(*fl);
    } while (c.args.sp());
  }
  if (!flags || !c.args.at_end()) return complete(c, Status::Bad, "Invalid flag list");
  if (selected_->read_only) return complete(c, Status::No, "Mailbox is read-only");
  std::uint8_t bits = 0;
  std::vector<std::string> keywords;
  for (const auto& fl : *flags) {
    if (auto b = system_flag(fl)) bits |= *b;
    else if (fl[0] != '\\') keywords.push_back(fl);  // \Recent cannot be stored
  }
  const Folder* f = selected_folder();
  for (std::size_t i : resolve(*set, c.uid)) {
    const StoredMessage* m = f ? f->find_uid(selected_->uids[i]) : nullptr;
    if (!m) continue;
    std::uint8_t now = m->flags;
    std::vector<std::string> words = m->keywords;
    if (mode == '=') {
      now = static_cast<std::uint8_t>(bits | (m->flags & kFlagRecent));
      words = keywords;
    } else if (mode == '+') {
      now |= bits;
      for (const auto& k : keywords)
        if (std::none_of(words.begin(), words.end(), [&k](const std::string& w) { return iequals(w, k); }))
          words.push_back(k);
    } else {
      now &= static_cast<std::uint8_t>(~bits);
      std::erase_if(words, [&keywords](const std::string& w) {
        return std::any_of(keywords.begin(), keywords.end(), [&w](const std::string& k) { return iequals(w, k); });
      });
    }
    mailboxes_.store_flags(user_, f->name, m->uid, now, std::move(words));
    selected_->flags[i] = session_flags(*m);
    selected_->keywords[i] = m->keywords;
    if (!silent)
      untagged(std::to_string(i + 1) + " FETCH (" + (c.uid ? "UID " + std::to_string(m->uid) + " " : "") + "FLAGS " +
               format_flags(session_flags(*m), m->keywords, selected_->recent.count(m->uid) > 0) + ")");
  }
  complete(c, Status::Ok, (c.uid ? "UID " : "") + std::string("STORE completed"));
}

void Server::cmd_copy(Command& c) {
  auto set = SequenceSet::parse(c.args);
  auto name = set && c.args.sp() ? c.args.astring() : std::nullopt;
  if (!name || !check_end(c)) {
    if (!name) complete(c, Status::Bad, "Syntax: COPY sequence-set mailbox");
    return;
  }
  const Folder* dest = mailbox()->folder(*name);
  if (!dest) return complete(c, Status::No, "Mailbox doesn't exist", "TRYCREATE");
  const Folder* f = selected_folder();
  std::vector<const StoredMessage*> picked;
  std::uint64_t bytes = 0;
  for (std::size_t i : resolve(*set, c.uid))
    if (const StoredMessage* m = f ? f->find_uid(selected_->uids[i]) : nullptr) picked.push_back(m), bytes += m->size();
  if (mailbox()->over_quota(bytes)) return complete(c, Status::No, "Quota exceeded", "OVERQUOTA");
  // Copy first, then append: appending to the selected folder itself may move its vector.
  std::vector<StoredMessage> copies;
  for (const StoredMessage* m : picked) copies.push_back(*m);
  for (const StoredMessage& m : copies)
    mailboxes_.append(user_, dest->name, m.data, static_cast<std::uint8_t>(m.flags | kFlagRecent), m.keywords,
                      m.internal_date, m.sim_message);
  complete(c, Status::Ok, (c.uid ? "UID " : "") + std::string("COPY completed"));
}

void Server::cmd_uid(Command& c) {
  auto sub = c.args.atom();
  if (!sub || !c.args.sp()) return complete(c, Status::Bad, "Syntax: UID FETCH|SEARCH|STORE|COPY ...");
  c.name = to_upper(*sub);
  c.uid = true;
  if (c.name == "FETCH") return cmd_fetch(c);
  if (c.name == "SEARCH") return cmd_search(c);
  if (c.name == "STORE") return cmd_store(c);
  if (c.name == "COPY") return cmd_copy(c);
  complete(c, Status::Bad, "Unknown UID command " + c.name);
}

}  // namespace mailsim::imap
