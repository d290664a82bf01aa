#include "net/network.hpp"

#include <algorithm>
#include <cctype>

#include "core/ascii.hpp"

namespace mailsim {

namespace {
// A reply code is the first three digits of a server line (SMTP and LMTP).
int reply_code(Protocol proto, std::string_view line) {
  if (proto != Protocol::Smtp && proto != Protocol::Submission && proto != Protocol::Lmtp) return 0;
  if (line.size() < 3 || !std::isdigit(static_cast<unsigned char>(line[0])) ||
      !std::isdigit(static_cast<unsigned char>(line[1])) || !std::isdigit(static_cast<unsigned char>(line[2])))
    return 0;
  return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}
}  // namespace

Network::~Network() = default;

HostId Network::add_host(const std::string& name, const std::string& address) {
  Host h;
  h.name = name;
  h.address = address;
  h.ref = trace_.intern(name);
  hosts_.push_back(std::move(h));
  return static_cast<HostId>(hosts_.size() - 1);
}

HostId Network::find_host(const std::string& name_or_address) const {
  for (HostId i = 0; i < hosts_.size(); ++i)
    if (ascii::iequals(hosts_[i].name, name_or_address) || hosts_[i].address == name_or_address) return i;
  return kNoHostId;
}

void Network::listen(HostId host, std::uint16_t port, Protocol proto, ServiceFactory factory) {
  hosts_[host].services[port] = Host::Service{proto, std::move(factory), true};
}

void Network::set_port_open(HostId host, std::uint16_t port, bool open) {
  auto it = hosts_[host].services.find(port);
  if (it != hosts_[host].services.end()) it->second.open = open;
}

void Network::set_link_latency(HostId a, HostId b, SimTime latency) {
  latencies_[{std::min(a, b), std::max(a, b)}] = latency;
}

SimTime Network::latency(HostId a, HostId b) const {
  auto it = latencies_.find({std::min(a, b), std::max(a, b)});
  return it == latencies_.end() ? default_latency_ : it->second;
}

void Network::set_host_up(HostId id, bool up) {
  Host& h = hosts_[id];
  if (h.up == up) return;
  h.up = up;
  TraceEvent e;
  e.time = kernel_.now();
  e.kind = up ? TraceKind::HostUp : TraceKind::HostDown;
  e.host = h.ref;
  trace_.append(e, {});
  if (!up) {
    std::vector<std::uint32_t> doomed;
    for (auto& [id_, c] : connections_)
      if (!c->finished && (c->info.client == id || c->info.server == id)) doomed.push_back(id_);
    for (auto conn : doomed) drop(conn, "dropped: " + h.name + " went down");
  }
  for (auto& hook : host_hooks_) hook(id, up);
}

Network::Connection* Network::find(std::uint32_t conn) {
  auto it = connections_.find(conn);
  return it == connections_.end() || it->second->finished ? nullptr : it->second.get();
}

Engine* Network::client_engine(std::uint32_t conn) {
  Connection* c = find(conn);
  return c ? c->sides[0].engine.get() : nullptr;
}

Engine* Network::server_engine(std::uint32_t conn) {
  Connection* c = find(conn);
  return c && c->established ? c->sides[1].engine.get() : nullptr;
}

TraceEvent Network::event_for(const Connection& c, int side, TraceKind kind) const {
  TraceEvent e;
  e.time = kernel_.now();
  e.kind = kind;
  e.proto = c.info.proto;
  e.conn = c.info.id;
  e.port = c.info.port;
  const HostId self = side == 0 ? c.info.client : c.info.server;
  const HostId other = side == 0 ? c.info.server : c.info.client;
  e.host = hosts_[self].ref;
  e.peer = hosts_[other].ref;
  return e;
}

std::uint32_t Network::connect(HostId from, HostId to, std::uint16_t port, Protocol proto,
                               std::unique_ptr<Engine> client, ClientCallbacks callbacks) {
  const std::uint32_t id = next_conn_++;
  auto owned = std::make_unique<Connection>();
  owned->info = ConnectionInfo{id, from, to, port, proto};
  owned->sides[0].engine = std::move(client);
  owned->callbacks = std::move(callbacks);
  Connection& conn = *owned;
  connections_.emplace(id, std::move(owned));
  trace_.append(event_for(conn, 0, TraceKind::ConnectAttempt), {});

  const SimTime lat = latency(from, to);
  const Host& server = hosts_[to];
  auto service = server.services.find(port);
  const bool reachable = server.up && hosts_[from].up;
  if (!reachable) {
    // No answer at all: the SYN is lost, the client gives up after connect_timeout.
    conn.connect_timer = kernel_.schedule_in(connect_timeout_, [this, id] {
      Connection* c = find(id);
      if (!c) return;
      TraceEvent e = event_for(*c, 0, TraceKind::ConnectTimeout);
      trace_.append(e, "no answer from " + hosts_[c->info.server].name + " after " + format_seconds(connect_timeout_) +
                           " s");
      auto on_failed = std::move(c->callbacks.on_failed);
      c->finished = true;
      kernel_.schedule_in(0, [this, id] { connections_.erase(id); });
      if (on_failed) on_failed(ConnectFailure::Timeout);
    });
    return id;
  }
  const bool open = service != server.services.end() && service->second.open;
  if (!open) {
    kernel_.schedule_in(2 * lat, [this, id] {
      Connection* c = find(id);
      if (!c) return;
      TraceEvent e = event_for(*c, 0, TraceKind::ConnectRefused);
      trace_.append(e, "port " + std::to_string(c->info.port) + " closed on " + hosts_[c->info.server].name);
      auto on_failed = std::move(c->callbacks.on_failed);
      c->finished = true;
      kernel_.schedule_in(0, [this, id] { connections_.erase(id); });
      if (on_failed) on_failed(ConnectFailure::Refused);
    });
    return id;
  }
  kernel_.schedule_in(lat, [this, id] { accept(id); });
  return id;
}

void Network::accept(std::uint32_t id) {
  Connection* c = find(id);
  if (!c) return;
  const Host& server = hosts_[c->info.server];
  auto service = server.services.find(c->info.port);
  if (!server.up || service == server.services.end() || !service->second.open) {
    TraceEvent e = event_for(*c, 0, TraceKind::ConnectRefused);
    trace_.append(e, "port " + std::to_string(c->info.port) + " closed on " + server.name);
    auto on_failed = std::move(c->callbacks.on_failed);
    c->finished = true;
    kernel_.schedule_in(0, [this, id] { connections_.erase(id); });
    if (on_failed) on_failed(ConnectFailure::Refused);
    return;
  }
  c->info.proto = service->second.proto;
  c->sides[1].engine = service->second.factory(c->info);
  c->established = true;
  trace_.append(event_for(*c, 1, TraceKind::ConnectAccepted), {});
  c->sides[1].engine->on_open(kernel_.now());
  pump(*c, 1);
  // The client learns the connection is up one latency later (SYN-ACK).
  kernel_.schedule_in(latency(c->info.client, c->info.server), [this, id] {
    Connection* still = find(id);
    if (!still) return;
    still->sides[0].engine->on_open(kernel_.now());
    pump(*still, 0);
  });
}

StateRef Network::traced_state(Side& s) {
  const char* name = s.engine->state_name();
  if (name != s.state_name) {  // most lines leave the state as it was
    s.state_name = name;
    s.state = trace_.intern_state(name);
  }
  return s.state;
}

// Each line is traced with the tag its sender gave it; a sender that gives none (a real
// client in live mode) gets the tag its server expects of the line.
void Network::trace_lines(Connection& c, int side, const std::string& bytes) {
  Side& s = c.sides[side];
  const Engine& sender = *s.engine;
  const Engine* receiver = c.sides[1 - side].engine.get();
  bool partial_is_new = s.lines.kept().empty();
  s.lines.feed(bytes);
  while (const auto line = s.lines.next()) {
    LineTag tag = line->began_earlier ? s.partial_tag : sender.output_tag_at(line->offset);
    partial_is_new = true;
    TraceEvent e = event_for(c, side, TraceKind::Line);
    e.dir = side == 0 ? Direction::ClientToServer : Direction::ServerToClient;
    if (side == 1) e.code = static_cast<std::int16_t>(reply_code(c.info.proto, line->text));
    if (tag.role == LineRole::None && receiver) tag = receiver->input_tag(line->text);
    e.set_tag(tag);
    e.state = traced_state(s);
    trace_.append(e, line->text);
  }
  s.lines.keep_rest();
  if (partial_is_new && !s.lines.kept().empty()) s.partial_tag = sender.output_tag_at(bytes.size() - s.lines.kept().size());
}

void Network::send_bytes(Connection& c, int side, std::string bytes, bool starts_tls) {
  trace_lines(c, side, bytes);
  Side& s = c.sides[side];
  const SimTime arrival = std::max(kernel_.now() + latency(c.info.client, c.info.server), s.last_arrival);
  s.last_arrival = arrival;
  s.in_flight.push_back({std::move(bytes), starts_tls});
  const std::uint32_t id = c.info.id;
  kernel_.schedule_at(arrival, [this, id, to = 1 - side] { deliver(id, to); });
}

void Network::pump(Connection& c, int side) {
  if (c.finished) return;
  Side& s = c.sides[side];
  if (!s.engine || s.fin_sent) return;
  std::string out = s.engine->take_output();
  if (!out.empty()) send_bytes(c, side, std::move(out), s.engine->taken_output_starts_tls());
  if (s.engine->wants_close()) {
    s.fin_sent = true;
    if (!s.lines.kept().empty()) {  // an unterminated last line still shows in the trace
      TraceEvent e = event_for(c, side, TraceKind::Line);
      e.dir = side == 0 ? Direction::ClientToServer : Direction::ServerToClient;
      e.set_tag(s.partial_tag);
      e.state = traced_state(s);
      trace_.append(e, s.lines.kept());
      s.lines.clear();
    }
    send_fin(c, side);
    return;
  }
  arm_timer(c, side);
}

// Engine deadlines move at every line; rather than cancel and reschedule each time, one
// wake-up stays pending and, when it fires, checks whether the deadline is really due.
void Network::arm_timer(Connection& c, int side) {
  Side& s = c.sides[side];
  const SimTime deadline = s.engine->deadline();
  if (deadline == kNoDeadline || (s.timer_at != kNoDeadline && s.timer_at <= deadline)) return;
  if (s.timer_at != kNoDeadline) kernel_.cancel(s.timer);  // the deadline came nearer
  s.timer_at = std::max(deadline, kernel_.now());
  const std::uint32_t id = c.info.id;
  s.timer = kernel_.schedule_at(s.timer_at, [this, id, side, at = s.timer_at] {
    Connection* still = find(id);
    if (!still || still->sides[side].timer_at != at || still->sides[side].fin_sent) return;
    Side& timed = still->sides[side];
    timed.timer_at = kNoDeadline;
    const SimTime due = timed.engine->deadline();
    if (due != kNoDeadline && due <= kernel_.now()) {
      timed.engine->on_timer(kernel_.now());
      pump(*still, side);
    } else {
      arm_timer(*still, side);
    }
  });
}

void Network::deliver(std::uint32_t id, int to_side) {
  Connection* c = find(id);
  if (!c) return;
  // Arrivals keep the sending order (send_bytes), so these are the oldest bytes in flight.
  auto& in_flight = c->sides[1 - to_side].in_flight;
  std::string bytes = std::move(in_flight.front().bytes);
  const bool starts_tls = in_flight.front().starts_tls;
  in_flight.pop_front();
  Side& s = c->sides[to_side];
  if (!s.engine || s.fin_received) return;
  // A side that already sent its FIN still receives (TCP half-close): a client that
  // closes right after QUIT still reads the 221.
  s.engine->on_bytes(bytes, kernel_.now());
  if (starts_tls) s.engine->on_peer_starts_tls();
  if (Engine* sender = c->sides[1 - to_side].engine.get()) sender->reuse_output_buffer(std::move(bytes));
  pump(*c, to_side);
}

void Network::send_fin(Connection& c, int side) {
  Side& s = c.sides[side];
  s.fin_sent = true;
  if (c.closed_by.empty()) c.closed_by = hosts_[side == 0 ? c.info.client : c.info.server].name;
  if (s.timer_at != kNoDeadline) kernel_.cancel(s.timer);
  s.timer_at = kNoDeadline;
  const SimTime arrival = std::max(kernel_.now() + latency(c.info.client, c.info.server), s.last_arrival);
  const std::uint32_t id = c.info.id;
  kernel_.schedule_at(arrival, [this, id, to = 1 - side] { receive_fin(id, to); });
}

void Network::receive_fin(std::uint32_t id, int to_side) {
  Connection* c = find(id);
  if (!c) return;
  Side& s = c->sides[to_side];
  s.fin_received = true;
  if (!s.fin_sent && s.engine) {
    s.engine->on_peer_closed(kernel_.now());
    pump(*c, to_side);                        // what it still writes goes out before its FIN
    if (!s.fin_sent) send_fin(*c, to_side);   // an engine that lingers is closed for it
  }
  if (c->sides[0].fin_received && c->sides[1].fin_received) finish(*c, "closed by " + c->closed_by);
}

void Network::drop(std::uint32_t id, const std::string& why) {
  Connection* c = find(id);
  if (!c) return;
  if (!c->established) {  // still connecting: the client will time out
    return;
  }
  for (Side& s : c->sides) {
    if (s.engine && !s.fin_sent) {
      s.fin_sent = true;
      s.engine->on_peer_closed(kernel_.now());
    }
  }
  finish(*c, why);
}

void Network::finish(Connection& c, const std::string& why) {
  if (c.finished) return;
  c.finished = true;
  if (c.connect_timer.valid()) kernel_.cancel(c.connect_timer);
  for (Side& s : c.sides)
    if (s.timer_at != kNoDeadline) kernel_.cancel(s.timer);
  TraceEvent e = event_for(c, 0, TraceKind::ConnectionClosed);
  trace_.append(e, why);
  const std::uint32_t id = c.info.id;
  auto on_closed = std::move(c.callbacks.on_closed);
  if (on_closed) on_closed(*c.sides[0].engine, why);
  // Engines may be on the call stack: free the connection from a fresh event.
  kernel_.schedule_in(0, [this, id] { connections_.erase(id); });
}

}  // namespace mailsim
