#include "pop3/client.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <utility>

#include "core/md5.hpp"
#include "message/text_util.hpp"

namespace mailsim::pop3 {

const char* state_name(ClientState s) {
  switch (s) {
    case ClientState::Greeting: return "GREETING";
    case ClientState::Authorization: return "AUTHORIZATION";
    case ClientState::Transaction: return "TRANSACTION";
    case ClientState::Quitting: return "QUITTING";
    case ClientState::Raw: return "RAW";
    case ClientState::Done: return "DONE";
  }
  return "?";
}

namespace {

bool raw_is_multiline(std::string_view line) {
  const std::string verb(line.substr(0, line.find(' ')));
  const bool has_arg = line.find(' ') != std::string_view::npos;
  if (message::iequals(verb, "CAPA") || message::iequals(verb, "RETR") || message::iequals(verb, "TOP")) return true;
  return (message::iequals(verb, "LIST") || message::iequals(verb, "UIDL")) && !has_arg;
}

}  // namespace

Client::Client(ClientScript script) : script_(std::move(script)) {}

void Client::on_open(SimTime) {}

void Client::send(std::string line, bool multiline) {
  tag_output({LineRole::Command});
  output_ += line + "\r\n";
  pending_ = std::move(line);
  pending_multiline_ = multiline;
}

void Client::fail(std::string why) {
  if (result_.error.empty()) result_.error = std::move(why);
}

void Client::on_peer_closed(SimTime) {
  if (state_ != ClientState::Done) fail("connection closed by the server");
  state_ = ClientState::Done;
}

void Client::on_timer(SimTime now) {
  now_ = now;
  if (paused_until_ != kNoDeadline && now >= paused_until_) send_raw_next();
}

void Client::on_bytes(std::string_view bytes, SimTime now) {
  now_ = now;
  input_.feed(bytes);
  while (state_ != ClientState::Done) {
    const auto next = input_.next();
    if (!next) break;
    const std::string line(next->text);
    if (status_) {  // inside a multi-line body
      if (line == ".") {
        const std::string status = *std::exchange(status_, std::nullopt);
        on_reply(true, status, std::exchange(body_, {}));
      } else {
        body_ += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\r\n";
      }
      continue;
    }
    const bool ok = line.rfind("+OK", 0) == 0;
    if (ok && pending_multiline_) {
      status_ = line;
      continue;
    }
    on_reply(ok, line, {});
  }
  input_.keep_rest();
}

void Client::on_reply(bool ok, const std::string& status, const std::string& body) {
  result_.transcript.push_back({pending_, body.empty() ? status : status + "\r\n" + body});
  switch (state_) {
    case ClientState::Greeting:
      if (!ok) {
        fail(status);
        state_ = ClientState::Done;
        return;
      }
      if (script_.mode == ClientScript::Mode::Raw) {
        state_ = ClientState::Raw;
        break;
      }
      state_ = ClientState::Authorization;
      if (script_.use_apop) {
        const auto lt = status.find('<'), gt = status.find('>', lt == std::string::npos ? 0 : lt);
        if (lt == std::string::npos || gt == std::string::npos) {
          fail("no APOP timestamp in the greeting");
          state_ = ClientState::Quitting;
          return send("QUIT", false);
        }
        return send("APOP " + script_.user + " " + md5_hex(status.substr(lt, gt - lt + 1) + script_.password), false);
      }
      return send("USER " + script_.user, false);
    case ClientState::Authorization:
      if (!ok) {
        fail(status);
        state_ = ClientState::Quitting;
        return send("QUIT", false);
      }
      if (pending_.rfind("USER ", 0) == 0) return send("PASS " + script_.password, false);
      state_ = ClientState::Transaction;
      return send("STAT", false);
    case ClientState::Transaction:
      if (!ok && pending_ != "UIDL") fail(status);  // UIDL is optional (RFC 1939 §7)
      if (pending_ == "STAT" && ok) {
        // "+OK nn mm" (RFC 1939 §5); the count is read from what follows "+OK ", if anything does.
        const std::string_view counted = std::string_view(status).substr(std::min<std::size_t>(status.size(), 4));
        if (std::from_chars(counted.data(), counted.data() + counted.size(), count_).ec != std::errc()) {
          fail("no message count in the STAT reply \"" + status + "\" (RFC 1939 section 5: +OK nn mm)");
          state_ = ClientState::Quitting;
          return send("QUIT", false);
        }
        return send("UIDL", true);
      }
      if (pending_ == "UIDL" && ok) read_uid_listing(body);
      if (pending_.rfind("RETR ", 0) == 0 && ok) {
        result_.messages.push_back(body);
        if (const auto uid = listed_uids_.find(current_); uid != listed_uids_.end()) result_.uids.push_back(uid->second);
      }
      return next_transaction_step();
    case ClientState::Quitting:
      if (!ok) fail(status);
      result_.finished = true;
      result_.ok = result_.error.empty();
      state_ = ClientState::Done;
      return;
    case ClientState::Raw:
    case ClientState::Done:
      break;
  }
  if (state_ == ClientState::Raw) send_raw_next();
}

void Client::send_raw_next() {
  if (raw_next_ >= script_.raw_lines.size()) {
    result_.finished = true;
    result_.ok = true;
    state_ = ClientState::Done;
    return;
  }
  if (paused_until_ == kNoDeadline && raw_next_ < script_.raw_pauses.size() && script_.raw_pauses[raw_next_] > 0) {
    paused_until_ = now_ + script_.raw_pauses[raw_next_];
    return;
  }
  paused_until_ = kNoDeadline;
  const std::string& line = script_.raw_lines[raw_next_++];
  send(line, raw_is_multiline(line));
}

// "n unique-id" lines (RFC 1939 §7). UIDL is optional, and a server may list fewer
// messages than STAT counted or list nonsense: only numbers 1..STAT count are kept.
void Client::read_uid_listing(const std::string& body) {
  listed_uids_.clear();
  for (std::size_t p = 0; p < body.size();) {
    const auto eol = std::min(body.find("\r\n", p), body.size());
    const std::string_view l = std::string_view(body).substr(p, eol - p);
    p = eol + 2;
    const auto sp = l.find(' ');
    std::size_t number = 0;
    const auto [end, ec] = std::from_chars(l.data(), l.data() + std::min(sp, l.size()), number);
    if (sp == std::string_view::npos || ec != std::errc() || end != l.data() + sp || number == 0 || number > count_) continue;
    listed_uids_[number] = std::string(l.substr(sp + 1));
  }
}

void Client::next_transaction_step() {
  // After RETR n: DELE n when deleting; then RETR n+1; after the last: QUIT.
  const bool deleting = script_.mode == ClientScript::Mode::FetchAndDelete;
  if (current_ > 0 && deleting && !deleted_current_ && pending_.rfind("RETR ", 0) == 0) {
    deleted_current_ = true;
    return send("DELE " + std::to_string(current_), false);
  }
  if (current_ < count_) {
    ++current_;
    deleted_current_ = false;
    return send("RETR " + std::to_string(current_), true);
  }
  state_ = ClientState::Quitting;
  send("QUIT", false);
}

}  // namespace mailsim::pop3
