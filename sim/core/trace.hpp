// Theory of operation: the trace.
//
// Everything that happens in a run is appended here as a typed TraceEvent: connections,
// every protocol line with its direction, DNS queries and answers, queue decisions,
// deliveries. The trace is append-only and is the single source of truth for every front
// end (CLI transcript, JSON export, GUI panels, lessons): none of them look inside nodes.
// Host names are interned (HostRef) so an event stays small; `text` holds the protocol
// line exactly as sent (without CRLF) or a short description. Events are kept in a
// deque: appending never moves the events already recorded (a live session records
// millions, and a vector would copy them all at every growth), and a reference to an
// event stays valid while the trace grows.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/time.hpp"

namespace mailsim {

enum class TraceKind : std::uint8_t {
  HostDown,
  HostUp,
  ConnectAttempt,
  ConnectAccepted,
  ConnectRefused,
  ConnectTimeout,
  ConnectionClosed,
  Line,            // one protocol line; dir says who sent it
  DnsQuery,
  DnsAnswer,
  MessageAccepted, // a node took responsibility for a message (250 after the data)
  MessageQueued,   // waiting in a node's queue (text: why, next attempt)
  Decision,        // a routing or retry decision, in words
  Relayed,         // the next hop accepted it: it left this node's queue (peer: next hop)
  Delivered,       // stored in a mailbox (text: "user folder"); left the queue
  Bounced,         // given up: a DSN goes to the sender; left the queue
  Headers,         // the message's header block as it stands after a hop (text)
  Expectation,     // result of an `expect` check (appended after the run)
  Note,            // anything else worth showing (scenario script actions)
  MailboxChanged,  // a message arrived in, had its flags changed in or left a folder of the
                   // host's mail store (text: "user folder uid change", core/mailbox_change.hpp)
};
std::string_view trace_kind_name(TraceKind kind);

enum class Direction : std::uint8_t { None, ClientToServer, ServerToClient };

enum class Protocol : std::uint8_t { None, Smtp, Submission, Lmtp, Pop3, Imap, Dns };
std::string_view protocol_name(Protocol p);

// "M12": how messages are named in transcripts.
std::string message_label(std::uint32_t message);

using HostRef = std::uint16_t;
constexpr HostRef kNoHost = 0;  // index 0 of the name table is ""

struct TraceEvent {
  std::uint64_t index = 0;
  SimTime time = 0;
  TraceKind kind = TraceKind::Note;
  Direction dir = Direction::None;
  Protocol proto = Protocol::None;
  HostRef host = kNoHost;  // the host that acted (sender of a line, resolver client …)
  HostRef peer = kNoHost;  // the other side, if any
  std::uint16_t port = 0;
  std::uint32_t conn = 0;     // connection id, 0 when none
  std::uint32_t message = 0;  // message id (M<n>), 0 when none
  int code = 0;               // reply code of a server line, or a status
  const char* state = "";     // protocol state of the sender after this line (static names)
  std::string text;
};

class Trace {
 public:
  Trace();
  HostRef intern(std::string_view host_name);
  const std::string& name(HostRef ref) const { return names_[ref]; }

  TraceEvent& append(TraceEvent event);  // sets index
  const std::deque<TraceEvent>& events() const { return events_; }
  std::size_t size() const { return events_.size(); }
  const TraceEvent& operator[](std::size_t i) const { return events_[i]; }

  // One line per event, as `mailsim run --format text` prints it.
  std::string format_line(const TraceEvent& e) const;
  nlohmann::json to_json(const TraceEvent& e) const;

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, HostRef> name_index_;
  std::deque<TraceEvent> events_;
};

}  // namespace mailsim
