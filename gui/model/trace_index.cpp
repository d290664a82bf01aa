#include "model/trace_index.hpp"

#include <algorithm>
#include <cctype>

#include "core/ascii.hpp"

namespace mailsim::gui {
namespace {

Protocol protocol_of_port(std::uint16_t port) {
  switch (port) {
    case 25: return Protocol::Smtp;
    case 587: return Protocol::Submission;
    case 24: return Protocol::Lmtp;
    case 110: return Protocol::Pop3;
    case 143: return Protocol::Imap;
    case 53: return Protocol::Dns;
    default: return Protocol::None;
  }
}

bool starts_with_word(std::string_view line, std::string_view word) {
  if (!ascii::istarts_with(line, word)) return false;
  return line.size() == word.size() || line[word.size()] == ' ';
}

// Layout column by role: MUAs, then submission/relay, then MX, then delivery.
int column_of(const HostSpec& h) {
  if (h.has(Role::Mx)) return 2;
  if (h.has(Role::Msa) || h.has(Role::Mta)) return 1;
  if (h.has(Role::Mda)) return 3;
  return 0;
}

}  // namespace

int reply_class(const TraceEvent& e) {
  if (e.kind != TraceKind::Line || (e.role != LineRole::Reply && e.role != LineRole::ReplyPart)) return 0;
  if (e.code >= 200 && e.code < 600) return e.code / 100;
  if (e.role != LineRole::Reply) return 0;
  const std::string_view t = e.text;
  if (e.proto == Protocol::Pop3) {
    if (t.starts_with("+OK")) return 2;
    if (t.starts_with("-ERR")) return 5;
  } else if (e.proto == Protocol::Imap) {  // "tag OK ...", or the greeting "* OK ..."
    const auto sp = t.find(' ');
    if (sp != std::string_view::npos) {
      const auto status = t.substr(sp + 1);
      if (status.starts_with("OK")) return 2;
      if (status.starts_with("NO")) return 4;
      if (status.starts_with("BAD")) return 5;
    }
  }
  return 0;
}

TraceIndex::TraceIndex(const Trace& trace, const Scenario& scenario) : trace_(trace) {
  for (const auto& h : scenario.hosts) {
    Node n;
    n.name = h.name;
    n.spec = &h;
    node_by_name_.emplace(h.name, static_cast<int>(nodes_.size()));
    nodes_.push_back(std::move(n));
  }
  queues_.resize(nodes_.size());
  messages_.resize(1);
  extend();
}

int TraceIndex::node_for(HostRef ref, bool dns_side) {
  if (ref == kNoHost) return -1;
  if (ref >= node_of_ref_.size()) node_of_ref_.resize(ref + 1, -2);
  int& slot = node_of_ref_[ref];
  if (slot != -2) return slot;
  const std::string& name = trace_.name(ref);
  auto it = node_by_name_.find(name);
  if (it != node_by_name_.end()) return slot = it->second;
  slot = add_node(name);
  nodes_[slot].is_dns = dns_side;
  return slot;
}

int TraceIndex::add_node(const std::string& name) {
  Node n;
  n.name = name;
  const int i = static_cast<int>(nodes_.size());
  node_by_name_.emplace(name, i);
  nodes_.push_back(std::move(n));
  queues_.emplace_back();
  return i;
}

int TraceIndex::add_live_client(const std::string& name) {
  auto it = node_by_name_.find(name);
  const int i = it != node_by_name_.end() ? it->second : add_node(name);
  nodes_[i].is_live = true;
  layout();
  return i;
}

int TraceIndex::link_for(int client, int server, Protocol proto, std::uint16_t port) {
  for (std::size_t i = 0; i < links_.size(); ++i) {
    const Link& l = links_[i];
    if (l.client == client && l.server == server && l.port == port) return static_cast<int>(i);
  }
  if (proto == Protocol::None) proto = protocol_of_port(port);
  links_.push_back({client, server, proto, port});
  const auto lo = static_cast<std::uint64_t>(std::min(client, server)), hi = static_cast<std::uint64_t>(std::max(client, server));
  pair_link_.emplace(lo << 32 | hi, static_cast<int>(links_.size()) - 1);
  return static_cast<int>(links_.size()) - 1;
}

const Connection* TraceIndex::connection(std::uint32_t id) const {
  auto it = conn_slot_.find(id);
  return it == conn_slot_.end() ? nullptr : &connections_[it->second];
}

const std::vector<std::uint32_t>& TraceIndex::message_events(std::uint32_t message) const {
  return message < messages_.size() ? messages_[message] : messages_[0];
}

std::uint32_t TraceIndex::message_before(std::size_t pos) const {
  for (std::size_t i = std::min(pos, size()), seen = 0; i > 0 && seen < 5000; --i, ++seen)
    if (trace_[i - 1].message) return trace_[i - 1].message;
  return 0;
}

std::vector<int> TraceIndex::message_hops(std::uint32_t m, std::size_t pos) const {
  std::vector<int> hops;
  for (const std::uint32_t i : message_events(m)) {
    if (i >= pos) break;
    const Connection* c = carrier(i);
    if (c && c->link >= 0 && (hops.empty() || hops.back() != c->link)) hops.push_back(c->link);
  }
  return hops;
}

const Connection* TraceIndex::carrier(std::size_t i) const {
  const TraceEvent& e = trace_[i];
  if (e.kind != TraceKind::MessageAccepted && e.kind != TraceKind::Relayed) return nullptr;
  if (e.conn) return connection(e.conn);
  if (e.peer == kNoHost) return nullptr;
  const bool accepted = e.kind == TraceKind::MessageAccepted;
  const int client = node_of(accepted ? e.peer : e.host), server = node_of(accepted ? e.host : e.peer);
  if (client < 0 || server < 0) return nullptr;
  auto it = std::partition_point(connections_.begin(), connections_.end(),
                                 [i](const Connection& c) { return !c.events.empty() && c.events.front() < i; });
  for (int scanned = 0; it != connections_.begin() && scanned < 1000; ++scanned) {
    --it;
    if (it->link < 0) continue;
    const Link& l = links_[it->link];
    if (l.client == client && l.server == server) return &*it;
  }
  return nullptr;
}

std::uint32_t TraceIndex::connection_of(std::size_t i) const {
  const TraceEvent& e = trace_[i];
  if (e.conn != 0 || e.message == 0) return e.conn;
  const auto& events = message_events(e.message);
  for (auto it = std::upper_bound(events.begin(), events.end(), i); it != events.begin();) {
    const std::uint32_t k = *--it;
    const TraceEvent& hop = trace_[k];
    if (hop.kind != TraceKind::MessageAccepted && hop.kind != TraceKind::Relayed) continue;
    const Connection* c = carrier(k);
    return c ? c->id : 0;  // the last hop (a local submission has no connection)
  }
  return 0;
}

bool TraceIndex::involves(std::size_t i, int node, int link) const {
  if (link >= 0) return event_link_[i] == link;
  if (node < 0) return true;
  const TraceEvent& e = trace_[i];
  return node_of(e.host) == node || node_of(e.peer) == node;
}

std::size_t TraceIndex::events_until(SimTime t) const {
  const auto& ev = trace_.events();
  auto it = std::upper_bound(ev.begin(), ev.begin() + static_cast<std::ptrdiff_t>(size()), t,
                             [](SimTime v, const TraceEvent& e) { return v < e.time; });
  return static_cast<std::size_t>(it - ev.begin());
}

void TraceIndex::extend() {
  const std::size_t n = trace_.size();
  for (std::size_t i = watermark_; i < n; ++i) index_event(i);
  watermark_ = n;
  if (n > 0 && trace_[n - 1].time != end_time_) {
    end_time_ = trace_[n - 1].time;
    markers_stale_ = true;
  }
  if (nodes_.size() != laid_out_) layout();
  if (markers_stale_) show_markers();
}

void TraceIndex::mask_secrets() {
  if (masking_) return;
  masking_ = true;
  for (std::size_t i = 0; i < watermark_; ++i) mask_event(i);
}

void TraceIndex::mask_event(std::size_t i) {
  std::optional<std::string> text = mask_secret(trace_[i]);
  if (!text) return;
  MaskedEvent& masked = masked_[i];  // unordered_map nodes stay put: the view stays valid
  masked.text = std::move(*text);
  masked.event = trace_[i];
  masked.event.text = masked.text;
  flags_[i] |= kMasked;
}

void TraceIndex::note_reply_line(const TraceEvent& e, int server) {
  ConnState& st = conn_state_[conn_slot_[e.conn]];
  if (st.ehlo == 0 || e.code != 250 || server < 0) {
    st.ehlo = 0;
    return;
  }
  const bool last = e.role == LineRole::Reply;
  if (st.ehlo == 2 && e.text.size() > 4) {
    std::string keyword(e.text.substr(4));
    auto& ext = nodes_[server].extensions;
    if (std::find(ext.begin(), ext.end(), keyword) == ext.end()) ext.push_back(std::move(keyword));
  }
  st.ehlo = last ? 0 : 2;
}

void TraceIndex::index_event(std::size_t i) {
  const TraceEvent& e = trace_[i];
  const bool dns = e.kind == TraceKind::DnsQuery || e.kind == TraceKind::DnsAnswer;
  // The DNS server is the peer of a query and the host of an answer.
  const int host = node_for(e.host, dns && e.kind == TraceKind::DnsAnswer);
  const int peer = node_for(e.peer, dns && e.kind == TraceKind::DnsQuery);
  int link = -1;
  std::uint8_t flags = 0;

  if (dns) {
    dns_events_.push_back(static_cast<std::uint32_t>(i));
    const bool answer = e.kind == TraceKind::DnsAnswer;
    const int client = answer ? peer : host, server = answer ? host : peer;
    if (client >= 0 && server >= 0) link = link_for(client, server, Protocol::Dns, 53);
  }
  if (e.conn != 0) {
    auto [it, fresh] = conn_slot_.emplace(e.conn, static_cast<int>(connections_.size()));
    if (fresh) {
      // Who is the client: the sender of a C: line or of a connect attempt.
      const bool server_first = e.kind == TraceKind::Line && e.dir == Direction::ServerToClient;
      const int client = server_first ? peer : host, server = server_first ? host : peer;
      Connection c;
      c.id = e.conn;
      if (client >= 0 && server >= 0) c.link = link_for(client, server, e.proto, e.port);
      connections_.push_back(std::move(c));
      conn_state_.emplace_back();
      if (server >= 0 && e.port != 0) {
        auto& ports = nodes_[server].ports;
        if (std::find(ports.begin(), ports.end(), e.port) == ports.end()) ports.push_back(e.port);
      }
    }
    Connection& c = connections_[it->second];
    c.events.push_back(static_cast<std::uint32_t>(i));
    link = c.link;
    ConnState& st = conn_state_[it->second];
    const bool server_line = e.kind == TraceKind::Line && e.dir == Direction::ServerToClient;
    if (st.pending_reply >= 0 && !server_line) flags_[st.pending_reply] |= kStepReply;
    st.pending_reply = server_line ? static_cast<std::int64_t>(i) : -1;
    if (server_line) {
      note_reply_line(e, host);
    } else if (e.kind == TraceKind::Line && e.role == LineRole::Command &&
               (starts_with_word(e.text, "EHLO") || starts_with_word(e.text, "LHLO"))) {
      st.ehlo = 1;
    }
  }
  if (e.kind != TraceKind::Line) flags |= kStepReply;
  if (link < 0 && host >= 0 && peer >= 0) {
    // A hop event between two nodes (accepted from, relayed to): the link they talked on.
    const auto lo = static_cast<std::uint64_t>(std::min(host, peer)), hi = static_cast<std::uint64_t>(std::max(host, peer));
    if (auto it = pair_link_.find(lo << 32 | hi); it != pair_link_.end()) link = it->second;
  }

  if (e.message != 0) {
    if (e.message >= messages_.size()) messages_.resize(e.message + 1);
    messages_[e.message].push_back(static_cast<std::uint32_t>(i));
  }
  switch (e.kind) {
    case TraceKind::HostDown:
    case TraceKind::HostUp:
      if (host >= 0) nodes_[host].up.set(i, e.kind == TraceKind::HostUp);
      break;
    case TraceKind::MessageAccepted:
    case TraceKind::MessageQueued: {
      flags |= kStepHop;
      if (host < 0 || e.message == 0) break;
      const std::uint64_t key = (static_cast<std::uint64_t>(host) << 32) | e.message;
      auto [it, fresh] = open_entries_.emplace(key, queues_[host].size());
      if (fresh) {
        queues_[host].push_back({e.message, i, UINT64_MAX, {}, {}, {}});
        nodes_[host].queue.add(i, 1);
      }
      if (e.kind != TraceKind::MessageQueued) break;
      QueueEntry& entry = queues_[host][it->second];
      entry.queued.push_back(static_cast<std::uint32_t>(i));
      if (const int n = e.failed_attempt()) {
        entry.failures.push_back(static_cast<std::uint32_t>(i));
        entry.attempts.push_back(static_cast<std::uint32_t>(n));
      }
      break;
    }
    case TraceKind::Relayed:
    case TraceKind::Delivered:
    case TraceKind::Bounced: {
      flags |= kStepHop;
      if (host < 0) break;
      auto it = open_entries_.find((static_cast<std::uint64_t>(host) << 32) | e.message);
      if (it != open_entries_.end()) {
        queues_[host][it->second].leave = i;
        nodes_[host].queue.add(i, -1);
        open_entries_.erase(it);
      }
      break;
    }
    case TraceKind::MailboxChanged:
      if (host < 0) break;
      if (const int delta = mailboxes_.add(i, e, host, nodes_[host].name)) nodes_[host].mailbox.add(i, delta);
      break;
    default: break;
  }
  event_link_.push_back(link);
  flags_.push_back(flags);
  add_marker(e);
  if (masking_) mask_event(i);
}

void TraceIndex::layout() {
  laid_out_ = nodes_.size();
  std::vector<std::vector<int>> columns(4);
  std::vector<int> dns_nodes, live_nodes;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    if (n.spec && n.spec->position) continue;
    if (n.is_live) live_nodes.push_back(static_cast<int>(i));
    else if (n.is_dns || !n.spec) dns_nodes.push_back(static_cast<int>(i));
    else columns[column_of(*n.spec)].push_back(static_cast<int>(i));
  }
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (nodes_[i].spec && nodes_[i].spec->position) {
      nodes_[i].x = nodes_[i].spec->position->first;
      nodes_[i].y = nodes_[i].spec->position->second;
    }
  // Empty columns are skipped so a two-host scenario uses the whole width.
  std::vector<int> used;
  for (int c = 0; c < 4; ++c)
    if (!columns[c].empty()) used.push_back(c);
  for (std::size_t k = 0; k < used.size(); ++k) {
    const auto& col = columns[used[k]];
    for (std::size_t j = 0; j < col.size(); ++j) {
      nodes_[col[j]].x = used.size() == 1 ? 0.5f : 0.08f + 0.84f * static_cast<float>(k) / static_cast<float>(used.size() - 1);
      nodes_[col[j]].y = 0.1f + 0.6f * (static_cast<float>(j) + 0.5f) / static_cast<float>(col.size());
    }
  }
  for (std::size_t j = 0; j < dns_nodes.size(); ++j) {
    nodes_[dns_nodes[j]].x = 0.5f + 0.2f * (static_cast<float>(j) - 0.5f * static_cast<float>(dns_nodes.size() - 1));
    nodes_[dns_nodes[j]].y = 0.9f;
  }
  // Real clients come from outside: bottom left, on the clients' side, below the MUAs.
  for (std::size_t j = 0; j < live_nodes.size(); ++j) {
    nodes_[live_nodes[j]].x = 0.13f + 0.2f * static_cast<float>(j);
    nodes_[live_nodes[j]].y = 0.82f;
  }
}

void TraceIndex::add_marker(const TraceEvent& e) {
  std::uint8_t m = 0;
  switch (e.kind) {
    case TraceKind::ConnectRefused:
    case TraceKind::ConnectTimeout:
    case TraceKind::HostDown: m = kMarkFailure; break;
    case TraceKind::MessageQueued: m = kMarkRetry; break;
    case TraceKind::Bounced: m = kMarkBounce; break;
    case TraceKind::Delivered: m = kMarkDelivery; break;
    case TraceKind::Line: m = reply_class(e) >= 4 ? kMarkFailure : 0; break;
    default: break;
  }
  if (m == 0) return;
  while (e.time / fine_width_ >= kFineBuckets) coarsen_markers();
  fine_markers_[static_cast<std::size_t>(e.time / fine_width_)] |= m;
  markers_stale_ = true;
}

void TraceIndex::coarsen_markers() {
  for (int f = 0; f < kFineBuckets / 2; ++f) fine_markers_[f] = fine_markers_[2 * f] | fine_markers_[2 * f + 1];
  std::fill(fine_markers_.begin() + kFineBuckets / 2, fine_markers_.end(), 0);
  fine_width_ *= 2;
  markers_stale_ = true;
}

void TraceIndex::show_markers() {
  // A fine bucket is at most 2 * end_time_ / kFineBuckets wide (it doubled only when an event
  // lay beyond the last one), so an event is drawn at most 1/8 of a marker bucket early.
  std::fill(markers_.begin(), markers_.end(), 0);
  const double span = static_cast<double>(std::max<SimTime>(end_time_, 1));
  for (int f = 0; f < kFineBuckets; ++f) {
    if (!fine_markers_[f]) continue;
    const double start = static_cast<double>(f) * static_cast<double>(fine_width_);
    markers_[std::min(kMarkerBuckets - 1, static_cast<int>(start / span * kMarkerBuckets))] |= fine_markers_[f];
  }
  markers_stale_ = false;
}

}  // namespace mailsim::gui
