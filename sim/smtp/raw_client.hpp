// Theory of operation: a scripted SMTP client that sends raw lines.
//
// Lessons need dialogues a well-behaved client never produces ("VRFY anne.wei", "DATA"
// before "MAIL", "TURN"). A RawClient waits for the greeting, then sends its lines one at
// a time, each after the complete reply to the previous one. After a 354 reply it sends
// the following lines up to and including a lone "." without waiting (the message text).
// When the lines run out it closes the connection; a 221 or 421 from the server ends it
// too. Every reply is recorded, in order, for the caller.
#pragma once
#include <string>
#include <vector>

#include "net/engine.hpp"
#include "net/line_framer.hpp"
#include "smtp/reply.hpp"

namespace mailsim::smtp {

class RawClient : public Engine {
 public:
  explicit RawClient(std::vector<std::string> lines, SimTime reply_timeout = 5 * kMinute);

  void on_open(SimTime now) override;
  void on_bytes(std::string_view bytes, SimTime now) override;
  void on_timer(SimTime now) override;
  void on_peer_closed(SimTime now) override;
  bool wants_close() const override { return done_; }
  SimTime deadline() const override { return done_ ? kNoDeadline : waiting_since_ + reply_timeout_; }
  const char* state_name() const override { return done_ ? "DONE" : "WAITING"; }

  const std::vector<Reply>& replies() const { return replies_; }

 private:
  void send_next(bool sasl = false);  // sasl: the line answers a 334 challenge

  std::vector<std::string> lines_;
  std::size_t next_ = 0;
  SimTime reply_timeout_;
  SimTime waiting_since_ = 0;
  ReplyReader reader_;
  LineFramer input_;
  std::vector<Reply> replies_;
  bool done_ = false;
};

}  // namespace mailsim::smtp
