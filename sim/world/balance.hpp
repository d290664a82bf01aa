// Theory of operation: the run's message balance.
//
// Every message a host accepts must end the run delivered, bounced or still queued, for
// each of its recipients. balance_from_trace() reads it from the trace alone, from the
// recipients its events name (core/trace.hpp): a (message, recipient) is accepted by the
// first event that takes it in (a host's message-accepted; the expansion of a mailing list
// or a forward, for the addresses it adds) and ended by the last that says so (delivered;
// bounced; an expansion, for the address expanded). One that has no end is still queued if
// some host holds it: a queued event of that host put it in its queue, and no relayed or
// bounced event of the same host took it out since. A recipient relayed to the next hop is the same (message,
// recipient) there, taken in again by that hop. One no host holds and with no end was
// lost; one that ends without having been accepted was never counted in: either way
// accepted differs from delivered + bounced + queued, and the balance does not hold.
//
// balance_from_queues() counts the same from the hosts' side: the fates the ledger
// recorded (mail/ledger.hpp) and what the queues hold at the end. It is the check of the
// first: a test compares them on every shipped scenario, so a host that loses a recipient,
// or ends it, without saying so in the trace is caught.
#pragma once
#include <cstddef>

namespace mailsim {

class Trace;
class World;

struct MessageBalance {
  std::size_t accepted = 0, delivered = 0, bounced = 0, queued = 0;
  bool holds() const { return accepted == delivered + bounced + queued; }
  friend bool operator==(const MessageBalance&, const MessageBalance&) = default;
};

MessageBalance balance_from_trace(const Trace& trace);
MessageBalance balance_from_queues(const World& world);

}  // namespace mailsim
