// Theory of operation: the scripted mail clients (MUAs) of a scenario.
//
// Each client action of the scenario is scheduled at its time (repeated `count` times,
// `interval` apart). A "send" either submits the composed message over SMTP to the host
// named in `via` (port 587 when that host is an MSA, else 25) or, without `via`, hands
// it to the MTA of the sender's own host, as a local `sendmail` does. A "raw" action
// opens a connection and plays its lines through a RawClient. The MUA only acts as a
// client: every reply comes from the servers' engines.
#pragma once
#include <cstdint>

#include "scenario/scenario.hpp"

namespace mailsim {

class MailEnvironment;

class Mua {
 public:
  explicit Mua(MailEnvironment& env) : env_(env) {}
  void schedule(const ClientAction& action);

 private:
  void perform(const ClientAction& action, int repetition);
  void send(const ClientAction& action);
  void raw(const ClientAction& action);

  MailEnvironment& env_;
};

}  // namespace mailsim
