// Theory of operation: local delivery on an MDA host (the job of Postfix's local(8)).
//
// The queue manager (queue.hpp) hands it one recipient of one message at a time, for a
// mailbox of this host. It adds the Return-Path (RFC 5321 section 4.4), applies the
// user's MDA rules (mda_rules.cpp: the spam folder) and files the message in the host's
// mail store. It answers with what happened: delivered, or failed with the RFC 3463 status
// and the reason (no such mailbox, mailbox over quota), for the queue manager to record
// and report; and, when the user's vacation rule answers the message (RFC 3834), the
// automatic reply, a new message the queue manager takes in like any other.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "core/time.hpp"
#include "mail/envelope.hpp"
#include "net/network.hpp"

namespace mailsim {

class MailEnvironment;

class LocalDelivery {
 public:
  struct Failure {
    std::string status;      // RFC 3463, "5.1.1"
    std::string diagnostic;  // the reply a DSN quotes, "550 5.1.1 <x>... User unknown"
    std::string why;         // in words, for the trace
  };
  struct AutoReply {
    std::uint32_t message = 0;  // its own M<n>
    QueuedEnvelope envelope;
    std::string text;
  };
  struct Outcome {
    std::optional<Failure> failure;    // nullopt: delivered
    std::optional<AutoReply> reply;    // a vacation reply to send
  };

  LocalDelivery(MailEnvironment& env, HostId host, const HostSpec& spec) : env_(env), host_(host), spec_(spec) {}

  // Files message `message` (`data`, as queued) for `rcpt`.
  Outcome deliver(std::uint32_t message, const QueuedEnvelope& envelope, const std::string& data, const QueuedRecipient& rcpt);

 private:
  // mda_rules.cpp: the folder a user's rule files a message in ("INBOX" by default), and
  // the RFC 3834 vacation reply after a delivery
  std::string rule_folder(const std::string& user, const std::string& data);
  std::optional<AutoReply> vacation(std::uint32_t message, const std::string& user, const QueuedEnvelope& envelope,
                                    const std::string& data);

  MailEnvironment& env_;
  HostId host_;
  const HostSpec& spec_;
  std::map<std::pair<std::string, std::string>, SimTime> vacation_sent_;  // (user, sender) -> last reply
};

}  // namespace mailsim
