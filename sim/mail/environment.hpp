// Theory of operation: what a mail host sees of the world it lives in.
//
// The mail nodes (node.hpp) and the MUA (mua.hpp) never reach the world (sim/world/)
// itself: they are given this narrow interface, which World implements. Through it they
// read the clock and set timers (the kernel), open and accept connections (the network),
// resolve names (the DNS), number their messages and record where each recipient stands
// (the ledger), find a host's mail store, hand a message to a host's own mail system (a
// local submission), and write notes in the trace. So mail/ depends on nothing above it, and a test can give a node a
// world of its own.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/kernel.hpp"
#include "core/trace.hpp"
#include "mail/envelope.hpp"
#include "mail/ledger.hpp"
#include "net/dns.hpp"
#include "net/network.hpp"
#include "scenario/scenario.hpp"
#include "store/mailstore.hpp"

namespace mailsim {

class MailEnvironment {
 public:
  virtual ~MailEnvironment() = default;

  virtual Kernel& kernel() = 0;  // the clock and the timers
  virtual Network& network() = 0;
  virtual Dns& dns() = 0;
  virtual MessageLedger& ledger() = 0;
  virtual const Scenario& scenario() const = 0;
  // The mail store of a host with the MDA role, or nullptr.
  virtual Mailstore* mailstore(const std::string& host) = 0;
  // Hands message `message` to the mail system of `host`, as its `sendmail` would (an MUA
  // on a host with an MTA of its own; the scenario loader checks that it has one).
  virtual void submit_local(HostId host, std::uint32_t message, QueuedEnvelope envelope, std::string_view data) = 0;
  // Appends a trace event of a node (host) about a message; `code` is the event's number
  // where its kind has one (TraceEvent::code: a failed delivery attempt's number); `rcpts`
  // the envelope recipients it is about, for the kinds that name them (core/trace.hpp).
  virtual void note(TraceKind kind, HostId host, std::uint32_t message, std::string_view text, HostId peer,
                    std::int16_t code, Recipients rcpts) = 0;
  void note(TraceKind kind, HostId host, std::uint32_t message, std::string_view text, HostId peer) {
    note(kind, host, message, text, peer, 0, {});
  }
  void note(TraceKind kind, HostId host, std::uint32_t message, std::string_view text) {
    note(kind, host, message, text, kNoHostId, 0, {});
  }
  // An event about one recipient, or about several.
  void note_for(TraceKind kind, HostId host, std::uint32_t message, std::string_view rcpt, std::string_view text,
                HostId peer = kNoHostId) {
    note(kind, host, message, text, peer, 0, Recipients(&rcpt, 1));
  }
  void note_for(TraceKind kind, HostId host, std::uint32_t message, Recipients rcpts, std::string_view text,
                HostId peer = kNoHostId) {
    note(kind, host, message, text, peer, 0, rcpts);
  }

  // Unix time of the current simulated instant (for Date: and Received: headers).
  std::int64_t unix_now() { return scenario().epoch + kernel().now() / kSecond; }
};

}  // namespace mailsim
