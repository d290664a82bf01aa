// Theory of operation: simulated hosts and TCP connections.
//
// A Network owns hosts (name, address, up or down, services on ports) and the
// connections between them. A connection joins two Engines, client side and server side.
// Bytes written by one side reach the other after the link's latency, in order (the
// sending side keeps them in flight, oldest first, until their arrival event); every
// complete line is appended to the trace with its direction at the time it is sent.
// Connecting to a closed port is refused after one round trip; connecting to a host that
// is down gets no answer and times out (connect_timeout). Taking a host down drops its
// open connections. An engine that wants the connection closed sends a FIN that reaches
// the peer after the latency; then the connection is gone and the client's on_closed
// callback runs, so the node that opened it can read the client engine's outcome.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/kernel.hpp"
#include "core/trace.hpp"
#include "net/engine.hpp"
#include "net/line_framer.hpp"

namespace mailsim {

using HostId = std::uint32_t;
constexpr HostId kNoHostId = UINT32_MAX;

// What TLS a connection's transport does, for the server engine the service makes.
enum class TlsTransport : std::uint8_t {
  Simulated,  // the simulator: a STARTTLS the scenario offers is simulated (a note, clear bytes)
  Starttls,   // a real socket that can switch to TLS (live mode): STARTTLS is offered and real
  Implicit,   // a real socket in TLS from its first byte (ports 465, 993, 995; RFC 8314)
};

struct ConnectionInfo {
  std::uint32_t id = 0;
  HostId client = kNoHostId;
  HostId server = kNoHostId;
  std::uint16_t port = 0;
  Protocol proto = Protocol::None;
  TlsTransport tls = TlsTransport::Simulated;
};

using ServiceFactory = std::function<std::unique_ptr<Engine>(const ConnectionInfo&)>;

enum class ConnectFailure { Refused, Timeout };

struct ClientCallbacks {
  std::function<void(ConnectFailure)> on_failed;           // never established
  std::function<void(Engine& client, const std::string& why)> on_closed;  // established, now closed
};

// The real end of a connection whose client is outside the simulation (live mode: a real
// TCP client on a socket). The server engine's bytes are handed to it when they arrive
// at the client side; on_closed runs once, when the connection is over for any reason
// (server closed, refused, timed out, dropped).
class ExternalPeer {
 public:
  virtual ~ExternalPeer() = default;
  virtual void on_server_bytes(std::string_view bytes) = 0;
  // The bytes just handed over end with the server's go-ahead for TLS (STARTTLS, STLS); only
  // a peer connected with TlsTransport::Starttls is offered STARTTLS, so only it is told.
  virtual void on_tls_start() {}
  virtual void on_closed(const std::string& why) = 0;
};

struct Host {
  std::string name;
  std::string address;
  HostRef ref = kNoHost;
  bool up = true;
  struct Service {
    Protocol proto = Protocol::None;
    ServiceFactory factory;
    bool open = true;  // a "port closed" fault sets this false
  };
  std::map<std::uint16_t, Service> services;
};

class Network {
 public:
  Network(Kernel& kernel, Trace& trace) : kernel_(kernel), trace_(trace) {}
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  HostId add_host(const std::string& name, const std::string& address);
  Host& host(HostId id) { return hosts_[id]; }
  const Host& host(HostId id) const { return hosts_[id]; }
  std::size_t host_count() const { return hosts_.size(); }
  HostId find_host(const std::string& name_or_address) const;  // case-insensitive name

  void listen(HostId host, std::uint16_t port, Protocol proto, ServiceFactory factory);
  void set_port_open(HostId host, std::uint16_t port, bool open);
  void set_default_latency(SimTime latency) { default_latency_ = latency; }
  void set_link_latency(HostId a, HostId b, SimTime latency);
  SimTime latency(HostId a, HostId b) const;
  void set_connect_timeout(SimTime t) { connect_timeout_ = t; }

  // Takes a host down (dropping its connections) or brings it up; both are traced.
  void set_host_up(HostId host, bool up);
  // Called after a host changes state (nodes use it to resume work).
  void on_host_state(std::function<void(HostId, bool up)> hook) { host_hooks_.push_back(std::move(hook)); }

  // Opens a connection from `from` to `to`:`port`; returns its id (used in the trace).
  std::uint32_t connect(HostId from, HostId to, std::uint16_t port, Protocol proto,
                        std::unique_ptr<Engine> client, ClientCallbacks callbacks);
  // Live mode (net/external.cpp): opens a connection whose client side is `peer` instead
  // of a simulated engine; the client's lines are traced like a simulated client's. `tls`
  // says what the peer's transport can do (the server engine offers STARTTLS accordingly).
  std::uint32_t connect_external(HostId from, HostId to, std::uint16_t port, ExternalPeer& peer,
                                 TlsTransport tls = TlsTransport::Simulated);
  // Bytes the external client sent: traced and handed to the server engine at now().
  void external_send(std::uint32_t conn, std::string_view bytes);
  // The external client closed its side (FIN): the server sees the close; the peer still
  // gets what the server sends until the connection is over.
  void external_close(std::uint32_t conn);
  // The external client is gone (socket closed, cut off): closes as above and never calls
  // the peer again, so it may be destroyed.
  void external_detach(std::uint32_t conn);
  // Drops an open connection at once (fault injection: "connection lost").
  void drop(std::uint32_t conn, const std::string& why);
  // The connection's client engine, while it is open (nullptr otherwise).
  Engine* client_engine(std::uint32_t conn);
  // The server-side engine of an open connection (nullptr otherwise).
  Engine* server_engine(std::uint32_t conn);

  Kernel& kernel() { return kernel_; }
  Trace& trace() { return trace_; }

 private:
  struct Side {
    std::unique_ptr<Engine> engine;
    LineFramer lines;          // what this side sends, cut into lines for the trace
    LineTag partial_tag;       // the tag of the first byte of the unfinished line it keeps
    struct Segment {
      std::string bytes;
      bool starts_tls = false;  // ends with a go-ahead for TLS (Engine::taken_output_starts_tls)
    };
    std::deque<Segment> in_flight;  // sent, not yet delivered; oldest first
    SimTime last_arrival = 0;  // keeps delivery in order
    SimTime timer_at = kNoDeadline;  // the pending wake-up for the engine's deadline
    EventId timer;
    bool fin_sent = false;
    bool fin_received = false;
    const char* state_name = nullptr;  // the engine's state at its last traced line,
    StateRef state = kNoState;         // and its interned name
  };
  struct Connection {
    ConnectionInfo info;
    Side sides[2];  // 0 client, 1 server
    ClientCallbacks callbacks;
    EventId connect_timer;
    bool established = false;
    bool finished = false;
    std::string closed_by;  // the host that sent the first FIN
  };

  void accept(std::uint32_t conn);
  void pump(Connection& c, int side);
  StateRef traced_state(Side& s);
  void arm_timer(Connection& c, int side);
  void send_bytes(Connection& c, int side, std::string bytes, bool starts_tls);
  void trace_lines(Connection& c, int side, const std::string& bytes);
  // The oldest bytes in flight towards `to_side` arrive.
  void deliver(std::uint32_t conn, int to_side);
  void send_fin(Connection& c, int side);
  void receive_fin(std::uint32_t conn, int to_side);
  void finish(Connection& c, const std::string& why);
  Connection* find(std::uint32_t conn);
  TraceEvent event_for(const Connection& c, int side, TraceKind kind) const;

  Kernel& kernel_;
  Trace& trace_;
  std::vector<Host> hosts_;
  std::map<std::pair<HostId, HostId>, SimTime> latencies_;
  SimTime default_latency_ = 5 * kMillisecond;
  SimTime connect_timeout_ = 30 * kSecond;
  std::map<std::uint32_t, std::unique_ptr<Connection>> connections_;
  std::uint32_t next_conn_ = 1;
  std::vector<std::function<void(HostId, bool)>> host_hooks_;
};

}  // namespace mailsim
