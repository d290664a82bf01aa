// Theory of operation: everything the panels need, indexed once from the trace.
//
// The GUI never looks inside nodes: it reads the trace (and the scenario for the host
// list). TraceIndex walks the trace from a watermark (extend() can be called again when
// the trace grows) and keeps, per event, its link and step flags; per node, its up/down
// state, queue length and the number of messages in its mail store as StepSeries; per
// connection and per message, the list of their events; per-node queue entries as
// intervals of event indices; and the mail stores' folders (MailboxIndex). Every "state
// after event N" question is then a binary search or a bounded scan, never a replay:
// stepping back is exact and instant.
//
// extend() costs in proportion to the new events (live mode calls it every frame while
// real clients flood the servers): the layout is redone only when a node appears, and the
// scrub bar's markers are kept in a histogram over simulated time whose buckets double in
// width (pairs merge) whenever the trace's end passes its last one, so a new event only
// marks one bucket; the kMarkerBuckets shown are read from it, a fixed cost, when the end
// moves. In live mode the secrets of real clients' lines (AUTH, PASS, LOGIN) can be masked
// as the exports mask them (export/common.hpp): event(i) is what the panels show.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/trace.hpp"
#include "export/common.hpp"
#include "model/mailbox_index.hpp"
#include "model/step_series.hpp"
#include "scenario/scenario.hpp"

namespace mailsim::gui {

struct Node {
  std::string name;
  const HostSpec* spec = nullptr;  // nullptr for the DNS and hosts only seen in the trace
  bool is_dns = false;
  bool is_live = false;            // where real clients come in (live mode, add_live_client)
  float x = 0.5f, y = 0.5f;  // layout, 0..1 in the topology view
  StepSeries up{1};
  StepSeries queue;
  StepSeries mailbox;  // messages in its mail store
  std::vector<std::uint16_t> ports;     // where it accepted connections
  std::vector<std::string> extensions;  // advertised in EHLO/LHLO replies
};

struct Link {
  int client = -1, server = -1;  // node indices
  Protocol proto = Protocol::None;
  std::uint16_t port = 0;
};

struct Connection {
  std::uint32_t id = 0;
  int link = -1;
  std::vector<std::uint32_t> events;  // indices into the trace, in order
};

struct QueueEntry {
  std::uint32_t message = 0;
  std::uint64_t enter = 0;                 // event that put it in the node's custody
  std::uint64_t leave = UINT64_MAX;        // event that took it out (relayed, delivered, bounced)
  std::vector<std::uint32_t> queued;       // MessageQueued events (attempts, next retry)
  std::vector<std::uint32_t> failures;     // of those, the ones ending a delivery attempt
  std::vector<std::uint32_t> attempts;     // at each failure, its attempt number (TraceEvent::failed_attempt)
};

// Per-event flags: step boundaries, and kMasked (event(i) is a copy with a secret masked).
enum StepFlag : std::uint8_t { kStepReply = 1, kStepHop = 2, kMasked = 4 };
enum MarkerFlag : std::uint8_t { kMarkFailure = 1, kMarkRetry = 2, kMarkBounce = 4, kMarkDelivery = 8 };

// Reply class of a server line: 2..5 (SMTP code, POP3 +OK/-ERR, IMAP OK/NO/BAD), else 0.
int reply_class(const TraceEvent& e);

class TraceIndex {
 public:
  static constexpr int kMarkerBuckets = 1024;

  TraceIndex(const Trace& trace, const Scenario& scenario);
  void extend();  // index the events appended since the last call
  // Live mode: the host real clients connect as is not in the scenario; give it its node
  // now, so it is drawn before its first connection. Returns its index.
  int add_live_client(const std::string& name);
  // From now on (and for the events already indexed), event(i) shows client lines with
  // their passwords and SASL answers masked.
  void mask_secrets();

  // Event i as the panels show it: the trace's, or its copy with a secret masked.
  const TraceEvent& event(std::size_t i) const { return flags_[i] & kMasked ? masked_.at(i).event : trace_[i]; }

  const Trace& trace() const { return trace_; }
  std::size_t size() const { return flags_.size(); }
  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<Link>& links() const { return links_; }
  const std::vector<Connection>& connections() const { return connections_; }
  const Connection* connection(std::uint32_t id) const;
  // Events that carry a message id, in order (empty when unknown).
  const std::vector<std::uint32_t>& message_events(std::uint32_t message) const;
  // The message the events before pos are about: that of the latest event naming one
  // (bounded look-back), 0 if none.
  std::uint32_t message_before(std::size_t pos) const;
  // The links message m has crossed in its events before pos, in order (a link once
  // for consecutive connections over it, as a retry on the same hop).
  std::vector<int> message_hops(std::uint32_t m, std::size_t pos) const;
  // The connection that carried a message over one hop: for event i, a message accepted
  // from a peer or relayed to one, the event's own connection, else the latest connection
  // between the two opened before it; nullptr if none (a local submission).
  const Connection* carrier(std::size_t i) const;
  // The connection event i belongs to: its own, else (an event about a message: queued,
  // relayed, delivered ...) the carrier of the message's last hop so far; 0 if none.
  std::uint32_t connection_of(std::size_t i) const;
  std::uint32_t max_message() const { return static_cast<std::uint32_t>(messages_.size()) - 1; }
  const std::vector<QueueEntry>& queue_entries(int node) const { return queues_[node]; }
  const MailboxIndex& mailboxes() const { return mailboxes_; }
  const std::vector<std::uint32_t>& dns_events() const { return dns_events_; }

  int node_of(HostRef ref) const { return ref < node_of_ref_.size() ? node_of_ref_[ref] : -1; }
  int event_link(std::size_t i) const { return event_link_[i]; }
  std::uint8_t step_flags(std::size_t i) const { return flags_[i]; }
  // Does event i involve this node (as host or peer) / this link?
  bool involves(std::size_t i, int node, int link) const;

  // Markers over simulated time: bucket b covers [end_time * b / kMarkerBuckets, ...).
  std::uint8_t marker_bucket(int b) const { return markers_[b]; }
  SimTime end_time() const { return end_time_; }
  // Number of events with time <= t.
  std::size_t events_until(SimTime t) const;

 private:
  int node_for(HostRef ref, bool dns_side);
  int add_node(const std::string& name);
  int link_for(int client, int server, Protocol proto, std::uint16_t port);
  void layout();
  void index_event(std::size_t i);
  void note_reply_line(const TraceEvent& e, int server);
  void mask_event(std::size_t i);
  void add_marker(const TraceEvent& e);
  void coarsen_markers();  // merges pairs of fine buckets: twice as wide, the span doubles
  void show_markers();     // markers_ from fine_markers_, over [0, end_time_]

  const Trace& trace_;
  std::size_t watermark_ = 0;
  std::vector<Node> nodes_;
  std::unordered_map<std::string, int> node_by_name_;
  std::vector<int> node_of_ref_;
  std::vector<Link> links_;
  std::vector<Connection> connections_;
  std::unordered_map<std::uint32_t, int> conn_slot_;
  std::unordered_map<std::uint64_t, int> pair_link_;  // unordered node pair -> first link between them
  struct ConnState {
    std::int64_t pending_reply = -1;  // last server line, a step boundary if the reply ends there
    int ehlo = 0;                     // 1: waiting for the EHLO reply, 2: inside its list
  };
  std::vector<ConnState> conn_state_;
  std::vector<std::vector<std::uint32_t>> messages_;
  std::vector<std::vector<QueueEntry>> queues_;
  std::unordered_map<std::uint64_t, std::size_t> open_entries_;  // (node << 32 | message) -> entry
  MailboxIndex mailboxes_;
  std::vector<std::uint32_t> dns_events_;
  std::vector<int> event_link_;
  std::vector<std::uint8_t> flags_;
  std::size_t laid_out_ = 0;  // nodes_.size() at the last layout()
  bool masking_ = false;  // set by mask_secrets()
  struct MaskedEvent {
    TraceEvent event;  // its text views `text`
    std::string text;
  };
  std::unordered_map<std::size_t, MaskedEvent> masked_;  // events shown with a secret masked
  static constexpr int kFineBuckets = 16 * kMarkerBuckets;
  std::vector<std::uint8_t> fine_markers_ = std::vector<std::uint8_t>(kFineBuckets);
  SimTime fine_width_ = 1;  // fine bucket f covers [f * fine_width_, (f + 1) * fine_width_)
  bool markers_stale_ = true;  // fine_markers_ or end_time_ changed since show_markers()
  std::vector<std::uint8_t> markers_ = std::vector<std::uint8_t>(kMarkerBuckets);
  SimTime end_time_ = 0;
};

}  // namespace mailsim::gui
