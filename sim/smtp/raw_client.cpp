#include "smtp/raw_client.hpp"

namespace mailsim::smtp {

RawClient::RawClient(std::vector<std::string> lines, SimTime reply_timeout)
    : lines_(std::move(lines)), reply_timeout_(reply_timeout) {}

void RawClient::on_open(SimTime now) { waiting_since_ = now; }

void RawClient::on_timer(SimTime now) {
  if (!done_ && now >= deadline()) done_ = true;
}

void RawClient::on_peer_closed(SimTime) { done_ = true; }

void RawClient::on_bytes(std::string_view bytes, SimTime now) {
  waiting_since_ = now;
  input_.feed(bytes);
  while (!done_) {
    const auto line = input_.next();
    if (!line) break;
    if (auto reply = reader_.feed(line->text)) {
      replies_.push_back(*reply);
      if (reply->code == 221 || reply->code == 421) done_ = true;
      else if (reply->code == 354) {
        while (next_ < lines_.size()) {  // the message text goes out without waiting
          const std::string& text = lines_[next_++];
          tag_output({text == "." ? LineRole::End : LineRole::Data});
          output_ += text + "\r\n";
          if (text == ".") break;
        }
      } else {
        send_next(reply->code == 334);
      }
    }
  }
  input_.keep_rest();
}

void RawClient::send_next(bool sasl) {
  if (next_ >= lines_.size()) {
    done_ = true;
    return;
  }
  tag_output({LineRole::Command, sasl});
  output_ += lines_[next_++] + "\r\n";
}

}  // namespace mailsim::smtp
