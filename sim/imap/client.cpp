#include "imap/client.hpp"

#include <utility>

#include "core/ascii.hpp"
#include "imap/syntax.hpp"

namespace mailsim::imap {

const char* state_name(ClientState s) {
  switch (s) {
    case ClientState::Greeting: return "GREETING";
    case ClientState::Authenticating: return "AUTHENTICATING";
    case ClientState::Working: return "WORKING";
    case ClientState::LoggingOut: return "LOGGING OUT";
    case ClientState::Raw: return "RAW";
    case ClientState::Done: return "DONE";
  }
  return "?";
}

namespace {

std::vector<std::uint32_t> numbers_after(std::string_view s) {
  std::vector<std::uint32_t> out;
  Reader r(s);
  while (r.sp())
    if (auto n = r.number()) out.push_back(*n);
  return out;
}

}  // namespace

Client::Client(ClientScript script) : script_(std::move(script)) {
  if (script_.raw) return;
  queue_.push_back({"LOGIN " + format_string(script_.user) + " " + format_string(script_.password), Purpose::Plain});
  for (const ClientAction& a : script_.actions) plan(a);
  queue_.push_back({"LOGOUT", Purpose::Plain});
}

void Client::plan(const ClientAction& a) {
  using K = ClientAction::Kind;
  if (a.kind != K::CheckNew && !selected_) {
    queue_.push_back({"SELECT INBOX", Purpose::Select});
    selected_ = true;
  }
  const std::string uid = std::to_string(a.uid);
  switch (a.kind) {
    case K::CheckNew:
      queue_.push_back({"SELECT " + format_astring(a.mailbox), Purpose::Select});
      queue_.push_back({"UID SEARCH UNSEEN", Purpose::SearchUnseen});
      selected_ = true;
      break;
    case K::Read: queue_.push_back({"UID FETCH " + uid + " BODY[]", Purpose::FetchBody}); break;
    case K::Flag: queue_.push_back({"UID STORE " + uid + " +FLAGS (" + a.flag + ")", Purpose::Plain}); break;
    case K::Move:
      queue_.push_back({"UID COPY " + uid + " " + format_astring(a.target), Purpose::MoveCopy});
      queue_.push_back({"UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)", Purpose::Plain});
      queue_.push_back({"EXPUNGE", Purpose::Plain});
      break;
    case K::Search: queue_.push_back({"UID SEARCH " + a.criteria, Purpose::Search}); break;
    case K::Expunge: queue_.push_back({"EXPUNGE", Purpose::Plain}); break;
  }
}

void Client::on_peer_closed(SimTime) {
  if (state_ != ClientState::Done && result_.error.empty()) result_.error = "connection closed by the server";
  state_ = ClientState::Done;
}

void Client::send_next(bool continuation) {
  if (script_.raw) {
    if (next_ >= script_.raw_lines.size()) {
      result_.finished = true;
      result_.ok = result_.error.empty();
      state_ = ClientState::Done;
      return;
    }
    if (paused_until_ == kNoDeadline && next_ < script_.raw_pauses.size() && script_.raw_pauses[next_] > 0) {
      paused_until_ = now_ + script_.raw_pauses[next_];
      paused_continuation_ = continuation;
      return;
    }
    paused_until_ = kNoDeadline;
    // After a continuation request the line is the literal the last line announced, or an
    // answer to AUTHENTICATE's challenge (or IDLE's DONE).
    LineTag tag{LineRole::Command};
    if (continuation && trailing_literal(sent_)) tag.role = LineRole::Literal;
    else if (continuation) tag.sasl = authenticating_;
    sent_ = script_.raw_lines[next_++];
    if (!continuation) {
      const std::size_t space = sent_.find(' ');
      tag_ = sent_.substr(0, space);
      authenticating_ = space != std::string::npos && ascii::istarts_with(std::string_view(sent_).substr(space + 1), "AUTHENTICATE");
    }
    replies_.clear();
    tag_output(tag);
    output_ += sent_ + "\r\n";
    return;
  }
  if (next_ >= queue_.size()) return;
  current_ = queue_[next_++];
  tag_ = "c" + std::to_string(++tag_counter_);
  sent_ = tag_ + " " + current_->text;
  replies_.clear();
  if (current_->text == "LOGOUT") state_ = ClientState::LoggingOut;
  tag_output({LineRole::Command});
  output_ += sent_ + "\r\n";
}

void Client::on_timer(SimTime now) {
  now_ = now;
  if (paused_until_ != kNoDeadline && now >= paused_until_) send_next(paused_continuation_);
}

void Client::on_bytes(std::string_view bytes, SimTime now) {
  now_ = now;
  input_.feed(bytes);
  while (state_ != ClientState::Done) {
    const auto line = input_.next_line(response_);
    if (!line) break;
    response_ += *line;
    if (auto n = trailing_literal(*line)) {
      response_ += "\r\n";
      input_.expect_literal(*n);
      continue;
    }
    on_response(std::exchange(response_, {}));
  }
}

void Client::on_response(const std::string& r) {
  replies_ += (replies_.empty() ? "" : "\r\n") + r;
  if (state_ == ClientState::Greeting) {
    result_.transcript.push_back({"", r});
    replies_.clear();
    if (r.rfind("* OK", 0) != 0 && r.rfind("* PREAUTH", 0) != 0) {
      result_.error = r;
      state_ = ClientState::Done;
      return;
    }
    state_ = script_.raw ? ClientState::Raw : ClientState::Authenticating;
    return send_next();
  }
  if (r.rfind("+", 0) == 0) {  // continuation: in raw mode the next line is the literal / DONE
    if (script_.raw) {
      result_.transcript.push_back({sent_, std::exchange(replies_, {})});
      send_next(true);  // the literal or DONE belongs to the command in flight
    }
    return;
  }
  if (r.rfind("* ", 0) == 0) {
    Reader rd(std::string_view(r).substr(2));
    if (auto n = rd.number(); n && rd.sp() && rd.accept_word("EXISTS")) result_.exists = *n;
    if (r.rfind("* SEARCH", 0) == 0 && current_) {
      if (current_->purpose == Purpose::SearchUnseen) result_.unseen = numbers_after(std::string_view(r).substr(8));
      if (current_->purpose == Purpose::Search) result_.search_hits = numbers_after(std::string_view(r).substr(8));
    }
    if (current_ && current_->purpose == Purpose::FetchBody) {
      const auto body_at = r.find("BODY[] ");
      const auto uid_at = r.find("UID ");
      if (body_at != std::string::npos && uid_at != std::string::npos) {
        Reader u(std::string_view(r).substr(uid_at + 4));
        Reader b(std::string_view(r).substr(body_at + 7));
        auto uid = u.number();
        auto data = b.string();
        if (uid && data) result_.messages[*uid] = *data;
      }
    }
    return;
  }
  // A tagged completion: of the command in flight?
  if (r.rfind(tag_ + " ", 0) != 0) return;
  const std::string status = r.substr(tag_.size() + 1, 3);
  on_completion(status == "OK ", r);
}

void Client::on_completion(bool ok, const std::string& line) {
  result_.transcript.push_back({sent_, std::exchange(replies_, {})});
  if (!ok && result_.error.empty()) result_.error = line;
  // A move whose COPY failed (no such folder: [TRYCREATE]) must not delete the original.
  if (!ok && current_ && current_->purpose == Purpose::MoveCopy) next_ = std::min(next_ + 2, queue_.size() - 1);
  if (state_ == ClientState::LoggingOut) {
    result_.finished = true;
    result_.ok = result_.error.empty();
    state_ = ClientState::Done;
    return;
  }
  if (state_ == ClientState::Authenticating) {
    if (!ok) {  // no point in going on: log out
      next_ = queue_.size() - 1;
    }
    state_ = ClientState::Working;
  }
  send_next();
}

}  // namespace mailsim::imap
