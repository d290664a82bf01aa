#include "smtp/client.hpp"

namespace mailsim::smtp {

const char* client_state_name(ClientState s) {
  static const char* const names[] = {"GREETING", "EHLO", "HELO", "MAIL", "RCPT", "DATA", "BODY", "RSET", "QUIT", "DONE"};
  return names[static_cast<int>(s)];
}

Client::Client(std::string helo_name, std::vector<Transaction> transactions, ClientOptions options)
    : helo_name_(std::move(helo_name)), transactions_(std::move(transactions)), options_(options) {}

void Client::on_open(SimTime now) { waiting_since_ = now; }

SimTime Client::deadline() const {
  return state_ == ClientState::Done ? kNoDeadline : waiting_since_ + options_.reply_timeout;
}

void Client::on_timer(SimTime now) {
  if (state_ == ClientState::Done || now < deadline()) return;
  if (session_error_.empty()) session_error_ = "no reply from the server within " + format_time(options_.reply_timeout) + " s";
  enter(ClientState::Done);
}

void Client::on_peer_closed(SimTime) {
  if (state_ != ClientState::Done && state_ != ClientState::Quit && session_error_.empty())
    session_error_ = "connection closed by the server in state " + std::string(client_state_name(state_));
  enter(ClientState::Done);
}

std::string Client::take_output() { return std::move(output_); }

void Client::send_line(const std::string& line) {
  output_ += line;
  output_ += "\r\n";
}

void Client::on_bytes(std::string_view bytes, SimTime now) {
  waiting_since_ = now;
  input_.append(bytes);
  std::size_t start = 0;
  for (;;) {
    const std::size_t lf = input_.find('\n', start);
    if (lf == std::string::npos) break;
    std::string_view line(input_.data() + start, lf - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start = lf + 1;
    if (auto reply = reader_.feed(line)) handle_reply(*reply);
    if (state_ == ClientState::Done) break;
  }
  input_.erase(0, start);
}

void Client::abort_session(const std::string& why, const Reply& r) {
  session_error_ = why;
  session_reply_ = r;
  if (r.code == 421) {  // the server is closing: no QUIT
    enter(ClientState::Done);
    return;
  }
  send_line("QUIT");
  enter(ClientState::Quit);
}

void Client::start_next_transaction() {
  if (current_ >= transactions_.size()) {
    send_line("QUIT");
    enter(ClientState::Quit);
    return;
  }
  rcpt_index_ = 0;
  send_line("MAIL FROM:<" + transactions_[current_].mail_from + ">");
  enter(ClientState::Mail);
}

void Client::send_next_rcpt_or_data() {
  Transaction& t = transactions_[current_];
  if (rcpt_index_ < t.rcpt_to.size()) {
    send_line("RCPT TO:<" + t.rcpt_to[rcpt_index_] + ">");
    enter(ClientState::Rcpt);
    return;
  }
  bool any_accepted = false;
  for (const auto& r : t.rcpt_replies) any_accepted = any_accepted || r.positive();
  if (any_accepted) {
    send_line("DATA");
    enter(ClientState::Data);
  } else {
    send_line("RSET");
    enter(ClientState::Rset);
  }
}

void Client::send_body() {
  const std::string& data = *transactions_[current_].data;
  std::size_t start = 0;
  while (start < data.size()) {
    std::size_t lf = data.find('\n', start);
    std::size_t end = lf == std::string::npos ? data.size() : lf;
    std::size_t content_end = end > start && data[end - 1] == '\r' ? end - 1 : end;
    if (content_end > start && data[start] == '.') output_ += '.';  // dot-stuffing
    output_.append(data, start, content_end - start);
    output_ += "\r\n";
    start = lf == std::string::npos ? data.size() : lf + 1;
  }
  send_line(".");
  enter(ClientState::Body);
}

void Client::handle_reply(const Reply& r) {
  if (r.code == 421 && state_ != ClientState::Quit) {
    abort_session("the server closed the session: " + r.summary(), r);
    return;
  }
  switch (state_) {
    case ClientState::Greeting:
      if (r.code != 220) {
        abort_session("greeting refused: " + r.summary(), r);
        return;
      }
      send_line((options_.try_ehlo ? "EHLO " : "HELO ") + helo_name_);
      enter(options_.try_ehlo ? ClientState::Ehlo : ClientState::Helo);
      return;
    case ClientState::Ehlo:
      if (r.code == 250) {
        extensions_.assign(r.lines.begin() + 1, r.lines.end());
        start_next_transaction();
      } else if (r.code == 500 || r.code == 502) {  // an RFC 821 server: fall back to HELO
        send_line("HELO " + helo_name_);
        enter(ClientState::Helo);
      } else {
        abort_session("EHLO refused: " + r.summary(), r);
      }
      return;
    case ClientState::Helo:
      if (r.code == 250) start_next_transaction();
      else abort_session("HELO refused: " + r.summary(), r);
      return;
    case ClientState::Mail:
      transactions_[current_].mail_reply = r;
      if (r.positive()) {
        send_next_rcpt_or_data();
      } else {
        send_line("RSET");
        enter(ClientState::Rset);
      }
      return;
    case ClientState::Rcpt:
      transactions_[current_].rcpt_replies.push_back(r);
      ++rcpt_index_;
      send_next_rcpt_or_data();
      return;
    case ClientState::Data:
      transactions_[current_].data_reply = r;
      if (r.code == 354) {
        send_body();
      } else {
        send_line("RSET");
        enter(ClientState::Rset);
      }
      return;
    case ClientState::Body:
      transactions_[current_].final_reply = r;
      ++current_;
      start_next_transaction();
      return;
    case ClientState::Rset:
      ++current_;
      start_next_transaction();
      return;
    case ClientState::Quit:
      enter(ClientState::Done);
      return;
    case ClientState::Done:
      return;
  }
}

}  // namespace mailsim::smtp
