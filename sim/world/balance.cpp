#include "world/balance.hpp"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/trace.hpp"
#include "mail/node.hpp"
#include "world/world.hpp"

namespace mailsim {

namespace {

// One recipient of one message; `rcpt` is a view into the trace's arena.
struct Recipient {
  std::uint32_t message;
  std::string_view rcpt;
  friend bool operator==(const Recipient&, const Recipient&) = default;
};
// ... as held in one host's queue.
struct Held {
  HostRef host;
  Recipient recipient;
  friend bool operator==(const Held&, const Held&) = default;
};
struct RecipientHash {
  std::size_t operator()(const Recipient& r) const { return std::hash<std::string_view>{}(r.rcpt) * 31 + r.message; }
  std::size_t operator()(const Held& h) const { return (*this)(h.recipient) * 31 + h.host; }
};

enum class End : std::uint8_t { None, Delivered, Bounced };
struct Course {
  bool accepted = false;
  End end = End::None;
  std::uint32_t holders = 0;  // the hosts whose queue holds it
};

}  // namespace

MessageBalance balance_from_trace(const Trace& trace) {
  std::unordered_map<Recipient, Course, RecipientHash> courses;
  std::unordered_set<Held, RecipientHash> held;
  for (const TraceEvent& e : trace.events()) {
    switch (e.kind) {
      case TraceKind::MessageAccepted: case TraceKind::MessageQueued: case TraceKind::Decision:
      case TraceKind::Relayed: case TraceKind::Delivered: case TraceKind::Bounced: break;
      default: continue;
    }
    const auto rcpts = trace.recipients(e);
    for (std::size_t i = 0; i < rcpts.size(); ++i) {
      const Recipient r{e.message, rcpts[i]};
      Course& c = courses[r];
      switch (e.kind) {
        case TraceKind::MessageAccepted: c.accepted = true; break;
        case TraceKind::Decision:  // an expansion (a list, a forward): the address expanded, then those it adds
          if (i == 0) c.end = End::Delivered;
          else c.accepted = true;
          break;
        case TraceKind::MessageQueued:
          if (held.insert({e.host, r}).second) ++c.holders;
          break;
        case TraceKind::Relayed:
        case TraceKind::Bounced:
          if (held.erase({e.host, r})) --c.holders;
          if (e.kind == TraceKind::Bounced) c.end = End::Bounced;
          break;
        case TraceKind::Delivered: c.end = End::Delivered; break;
        default: break;
      }
    }
  }
  MessageBalance b;
  for (const auto& [r, c] : courses) {
    b.accepted += c.accepted ? 1 : 0;
    b.delivered += c.end == End::Delivered ? 1 : 0;
    b.bounced += c.end == End::Bounced ? 1 : 0;
    b.queued += c.end == End::None && c.holders > 0 ? 1 : 0;
  }
  return b;
}

MessageBalance balance_from_queues(const World& world) {
  std::set<std::pair<std::uint32_t, std::string>> in_queues;
  for (const auto& [host, node] : world.nodes())
    node->queue().for_each_queued([&](std::uint32_t message, const std::string& rcpt) { in_queues.insert({message, rcpt}); });
  MessageBalance b;
  world.ledger().for_each_fate([&](std::uint32_t message, const std::string& rcpt, RecipientFate fate) {
    ++b.accepted;
    if (fate == RecipientFate::Delivered) ++b.delivered;
    else if (fate == RecipientFate::Bounced) ++b.bounced;
    else if (in_queues.count({message, rcpt})) ++b.queued;  // otherwise lost: the balance does not hold
  });
  return b;
}

}  // namespace mailsim
