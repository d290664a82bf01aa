// Theory of operation: the mail node of one host (MSA, MTA, MX and MDA roles).
//
// A MailNode is the mail system of one host, made of three parts with one job each, as
// Postfix separates them into programs:
//  - the SMTP server (smtpd.hpp): the policy of the smtp::Server engines on ports 25, 587
//    and 24 (LMTP), which decides what to accept and hands accepted messages on;
//  - the queue manager (queue.hpp): takes messages in, expands lists and forwards, keeps
//    what goes elsewhere in the queue and works on it (relay.cpp: the SMTP/LMTP client,
//    MX choice, retries) and sends the reports (reports.cpp: DSNs);
//  - local delivery (local.hpp): files a recipient's copy in the host's mail store, with
//    the user's MDA rules (mda_rules.cpp: spam folder, vacation reply).
// Each part sees the world only through the narrow MailEnvironment (environment.hpp) and
// the parts it hands messages to: smtpd -> queue manager -> local delivery (whose
// automatic replies go back to the queue manager as new messages).
#pragma once
#include <cstdint>
#include <memory>
#include <string_view>

#include "mail/envelope.hpp"
#include "mail/local.hpp"
#include "mail/queue.hpp"
#include "mail/smtpd.hpp"

namespace mailsim {

class MailEnvironment;

class MailNode {
 public:
  MailNode(MailEnvironment& env, HostId host, const HostSpec& spec)
      : local_(env, host, spec), queue_(env, host, spec, local_), smtpd_(env, host, spec, queue_) {}

  // Service factory for ports 25, 587 and 24.
  std::unique_ptr<Engine> accept_smtp(const ConnectionInfo& info) { return smtpd_.accept(info); }
  // A message handed over locally (the MUA on this very host, as `sendmail` does).
  void submit_local(std::uint32_t message, QueuedEnvelope env, std::string_view data) {
    queue_.submit_local(message, std::move(env), data);
  }
  const QueueManager& queue() const { return queue_; }

 private:
  LocalDelivery local_;
  QueueManager queue_;
  Smtpd smtpd_;
};

}  // namespace mailsim
