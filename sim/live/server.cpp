#include "live/server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <set>

#include "world/simulation.hpp"
#include "world/world.hpp"

namespace mailsim {

namespace {

using Clock = std::chrono::steady_clock;

// epoll data of a listening socket: this bit and the mapping's index (a client's is its fd).
constexpr std::uint64_t kListenerTag = std::uint64_t{1} << 32;
constexpr int kEventsPerRound = 256;
constexpr int kReadsPerRound = 4;  // recv calls of 64 KiB per client and round
constexpr int kLinesPerFeed = 16;  // lines handed to an engine before its replies are looked at
constexpr auto kSpinBeforeSleep = std::chrono::microseconds(50);

// Looking again before sleeping pays only while the clients run on another CPU: on a
// single CPU the loop would spin in the time a client needs to send what it waits for.
bool may_run_beside_clients() {
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  return ::sched_getaffinity(0, sizeof cpus, &cpus) == 0 && CPU_COUNT(&cpus) >= 2;
}

std::string too_many(Protocol proto) {
  switch (proto) {
    case Protocol::Pop3: return "-ERR [SYS/TEMP] Too many connections, try again later\r\n";
    case Protocol::Imap: return "* BYE Too many connections, try again later\r\n";
    default: return "421 4.7.0 Too many connections, try again later\r\n";
  }
}

// "[::1]" -> "::1": the address inside the brackets of the bracketed IPv6 form.
std::string bare_address(const std::string& address) {
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']')
    return address.substr(1, address.size() - 2);
  return address;
}

// The socket address of a bind address (IPv4 or IPv6, see bare_address); false if it is
// neither. The port is set per listener.
bool parse_bind_address(const std::string& address, sockaddr_storage& out, socklen_t& length) {
  out = sockaddr_storage{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    length = sizeof(sockaddr_in);
    return true;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    length = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

void set_port(sockaddr_storage& address, std::uint16_t port) {
  if (address.ss_family == AF_INET6) reinterpret_cast<sockaddr_in6*>(&address)->sin6_port = htons(port);
  else reinterpret_cast<sockaddr_in*>(&address)->sin_port = htons(port);
}

// Raises the descriptor limit as far as allowed; returns it.
std::size_t raise_fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 1024;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
  }
  return static_cast<std::size_t>(std::min<rlim_t>(rl.rlim_cur, 1 << 20));
}

// The IP address of an accepted socket's peer, as text ("127.0.0.1", "::1").
std::string peer_address(const sockaddr_storage& peer) {
  char text[INET6_ADDRSTRLEN] = "?";
  if (peer.ss_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&peer)->sin6_addr, text, sizeof text);
  else if (peer.ss_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&peer)->sin_addr, text, sizeof text);
  return text;
}

}  // namespace

std::string format_endpoint(const std::string& address, std::uint16_t port) {
  const std::string bare = bare_address(address);
  const std::string host = bare.find(':') == std::string::npos ? bare : "[" + bare + "]";
  return host + ':' + std::to_string(port);
}

bool is_loopback_address(const std::string& address) {
  sockaddr_storage sa{};
  socklen_t length = 0;
  if (!parse_bind_address(bare_address(address), sa, length)) return false;
  if (sa.ss_family == AF_INET6) return IN6_IS_ADDR_LOOPBACK(&reinterpret_cast<const sockaddr_in6*>(&sa)->sin6_addr);
  return (ntohl(reinterpret_cast<const sockaddr_in*>(&sa)->sin_addr.s_addr) >> 24) == 127;
}

void schedule_as_batch_work() {
  const sched_param param{};
  ::sched_setscheduler(0, SCHED_BATCH, &param);
}

struct LiveServer::Client final : ExternalPeer {
  Client(const Clock::time_point& now, std::vector<int>& to_settle, TlsContext& server_tls, Network& network,
         WireLog& server_wire_log)
      : wall_now(now), touched_list(to_settle), tls_context(server_tls), net(network), wire_log(server_wire_log), last(now) {}
  const Clock::time_point& wall_now;  // the server's reading of the clock
  std::vector<int>& touched_list;     // the server's list of clients to settle
  TlsContext& tls_context;
  Network& net;
  WireLog& wire_log;                  // the server's, where a TLS connection's bytes go
  int fd = -1;
  std::uint32_t conn = 0;
  Protocol proto = Protocol::None;
  const PortMapping* mapping = nullptr;  // the service it came in on
  std::unique_ptr<TlsSession> tls;       // from the implicit-TLS accept or STARTTLS's go-ahead on
  WireCapture* wire = nullptr;           // its entry in the wire log, from then on too
  std::string address;         // the client's IP address (the key of per_address_)
  std::string out;
  std::size_t out_off = 0;
  std::string in;              // received, not yet handed to the engine
  std::size_t in_off = 0;
  bool server_closed = false;  // the simulated connection is over
  bool eof = false;            // the real client closed its side
  bool doomed = false;
  bool unread = false;         // on read_again_: bytes may wait that no new edge will report
  bool touched = false;        // on touched_list: its output or its state changed
  bool closed_sent = false;    // the simulated connection was told of the client's close
  std::uint32_t watched = 0;   // the epoll events registered for fd (EPOLLET aside)
  Clock::time_point last;

  void touch() {
    if (touched) return;
    touched = true;
    touched_list.push_back(fd);
  }
  // From now on the connection is in TLS: its next trace lines are not on the wire in clear.
  void start_tls() {
    tls = std::make_unique<TlsSession>(tls_context);
    wire = &wire_log[conn];
    wire->from_event = static_cast<std::uint32_t>(net.trace().size());
  }
  // What was queued since out held `from` bytes went on the wire (TLS records).
  void record_sent(std::size_t from) { record(Direction::ServerToClient, std::string_view(out).substr(from)); }
  void record(Direction dir, std::string_view bytes) {
    if (wire && !bytes.empty()) wire->chunks.push_back({net.kernel().now(), dir, std::string(bytes)});
  }
  void on_server_bytes(std::string_view bytes) override {
    const std::size_t before = out.size();
    if (tls) {
      tls->send(bytes, out);
      record_sent(before);
    } else {
      out.append(bytes);
    }
    last = wall_now;
    touch();
  }
  // The go-ahead is queued in clear; what follows is TLS. Bytes the client sent before it
  // saw the go-ahead are not part of the new session (RFC 3207 §4.2, RFC 2595 §4).
  void on_tls_start() override {
    start_tls();
    in.clear();
    in_off = 0;
  }
  void on_closed(const std::string&) override {
    if (tls) {
      const std::size_t before = out.size();
      tls->close(out);
      record_sent(before);
    }
    server_closed = true;
    touch();
  }
  std::size_t queued() const { return out.size() - out_off; }
  std::size_t held() const { return in.size() - in_off; }
};

LiveServer::LiveServer(Simulation& sim, LiveOptions options)
    : sim_(sim), net_(sim.world().network()), options_(std::move(options)), may_spin_(may_run_beside_clients()) {
  std::string name = "live-client";
  for (int i = 2; net_.find_host(name) != kNoHostId; ++i) name = "live-client-" + std::to_string(i);
  options_.bind = bare_address(options_.bind);
  // Real clients all come in as one host; bound to every address, it stands for loopback.
  const std::string address = options_.bind == "0.0.0.0" ? "127.0.0.1" : options_.bind == "::" ? "::1" : options_.bind;
  client_host_ = net_.add_host(name, address);
  for (HostId h = 0; h < net_.host_count(); ++h)
    if (h != client_host_) net_.set_link_latency(client_host_, h, 0);
  wall0_ = wall_now_ = Clock::now();
  sim0_ = sim_.world().kernel().now();
  if (options_.speed <= 0) options_.speed = 1.0;
}

LiveServer::~LiveServer() {
  shutdown();
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
}

SimTime LiveServer::sim_time_at(Clock::time_point wall) const {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(wall - wall0_).count();
  return sim0_ + static_cast<SimTime>(static_cast<double>(us) * options_.speed);
}

SimTime LiveServer::sim_now() const { return sim_time_at(Clock::now()); }

void LiveServer::run_kernel() {
  Kernel& kernel = sim_.world().kernel();
  wall_now_ = Clock::now();
  kernel.run_until(std::max(sim_time_at(wall_now_), kernel.now()));
}

bool LiveServer::open(std::string& error) {
  // Room for the listeners, the epoll descriptor and the files the process writes.
  const std::size_t descriptors = raise_fd_limit();
  options_.limits.max_connections = std::min(options_.limits.max_connections, descriptors > 128 ? descriptors - 64 : 64);
  if (epoll_fd_ < 0) epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) {
    error = std::string("epoll: ") + std::strerror(errno);
    return false;
  }
  sockaddr_storage address{};
  socklen_t address_length = 0;
  if (!parse_bind_address(options_.bind, address, address_length)) {
    error = "--bind: '" + options_.bind + "' is not an IPv4 or IPv6 address (such as 127.0.0.1, ::1 or [::1])";
    return false;
  }
  TlsSetup setup = options_.tls;
  for (HostId h = 0; h < net_.host_count(); ++h)  // the servers' names: the first is the CN
    if (h != client_host_ && !net_.host(h).services.empty()) setup.names.push_back(net_.host(h).name);
  tls_ = TlsContext::create(setup, error);
  if (!tls_) return false;
  add_implicit_tls_services();
  std::set<int> taken;
  for (HostId h = 0; h < net_.host_count(); ++h) {
    if (h == client_host_) continue;
    const Host& host = net_.host(h);
    for (const auto& [port, service] : host.services) {
      int real = port + options_.port_offset;
      while (taken.count(real)) real += 1000;
      if (real <= 0 || real > 65535) {
        error = "port " + std::to_string(port) + " + offset " + std::to_string(options_.port_offset) +
                " is not a valid port (choose another --port-offset)";
        return false;
      }
      taken.insert(real);
      const int fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        error = "cannot listen on " + format_endpoint(options_.bind, static_cast<std::uint16_t>(real)) + ": " +
                std::strerror(errno);
        return false;
      }
      const int one = 1;
      ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      // An IPv6 address means IPv6 only: "::" does not also take the IPv4 port.
      if (address.ss_family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
      set_port(address, static_cast<std::uint16_t>(real));
      if (::bind(fd, reinterpret_cast<sockaddr*>(&address), address_length) != 0 || ::listen(fd, 1024) != 0) {
        const int why = errno;
        error = "cannot listen on " + format_endpoint(options_.bind, static_cast<std::uint16_t>(real)) + " for " +
                host.name + ":" + std::to_string(port) + ": " + std::strerror(why) +
                (why == EADDRINUSE ? " (choose another --port-offset)"
                 : why == EADDRNOTAVAIL ? " (no interface of this machine has that address)"
                                        : "");
        ::close(fd);
        return false;
      }
      epoll_event watch{};
      watch.events = EPOLLIN;
      watch.data.u64 = kListenerTag | mappings_.size();
      if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &watch) != 0) {
        error = std::string("epoll: ") + std::strerror(errno);
        ::close(fd);
        return false;
      }
      PortMapping m;
      m.host = host.name;
      m.host_id = h;
      m.port = port;
      m.proto = service.proto;
      m.bind = options_.bind;
      m.real_port = static_cast<std::uint16_t>(real);
      m.implicit_tls = implicit_tls_ports_.count({h, port}) > 0;
      m.fd = fd;
      mappings_.push_back(std::move(m));
    }
  }
  if (mappings_.empty()) {
    error = "the scenario has no host with a service to listen on";
    return false;
  }
  return true;
}

// Submission (587), IMAP (143) and POP3 (110) get their implicit-TLS twins (RFC 8314).
void LiveServer::add_implicit_tls_services() {
  static constexpr std::pair<std::uint16_t, std::uint16_t> kTwins[] = {{587, 465}, {143, 993}, {110, 995}};
  for (HostId h = 0; h < net_.host_count(); ++h) {
    if (h == client_host_) continue;
    auto& services = net_.host(h).services;
    for (const auto& [clear, implicit] : kTwins) {
      const auto service = services.find(clear);
      if (service == services.end() || services.count(implicit)) continue;
      services.emplace(implicit, service->second);
      implicit_tls_ports_.insert({h, implicit});
    }
  }
}

void LiveServer::note(const std::string& text) {
  TraceEvent e;
  e.time = sim_.world().kernel().now();
  e.kind = TraceKind::Note;
  e.host = net_.host(client_host_).ref;
  net_.trace().append(e, text);
}

// A note about one client's TLS, from the server it speaks to.
void LiveServer::tls_note(const Client& c, const std::string& text) {
  TraceEvent e;
  e.time = sim_.world().kernel().now();
  e.kind = TraceKind::Note;
  e.conn = c.conn;
  e.host = net_.host(c.mapping->host_id).ref;
  e.peer = net_.host(client_host_).ref;
  e.port = c.mapping->port;
  e.proto = c.mapping->proto;
  net_.trace().append(e, text);
}

void LiveServer::receive_tls(Client& c, std::string_view bytes) {
  c.record(Direction::ClientToServer, bytes);
  const std::size_t sent_before = c.out.size();
  const auto progress = c.tls->receive(bytes, c.in, c.out);
  c.record_sent(sent_before);
  const std::string how = c.mapping->implicit_tls ? "on the implicit-TLS port " + std::to_string(c.mapping->port)
                                                  : std::string("after STARTTLS");
  switch (progress) {
    case TlsSession::Progress::Established:
      ++stats_.tls_sessions;
      tls_note(c, "TLS handshake: " + c.tls->version() + ", " + c.tls->cipher() + ", " + how);
      break;
    case TlsSession::Progress::Failed:
      ++stats_.tls_failures;
      if (!c.tls->established()) {
        tls_note(c, "TLS handshake failed " + how + ": " + c.tls->error() +
                        (c.mapping->implicit_tls ? " (a client speaking without TLS on a TLS port?)"
                                                 : " (does the client trust the certificate? see --tls-ca-out)"));
        cut_off(c, "TLS handshake failed");
      } else {
        cut_off(c, "TLS error: " + c.tls->error());
      }
      break;
    case TlsSession::Progress::Closed: c.eof = true; break;
    default: break;
  }
}

void LiveServer::flush(Client& c) {
  while (c.queued() > 0) {
    const ssize_t n = ::send(c.fd, c.out.data() + c.out_off, c.queued(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      c.out_off += static_cast<std::size_t>(n);
      c.last = wall_now_;  // the client reads: not idle
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (n < 0 && errno == EINTR) continue;
    // The client is gone (reset): forget what was queued.
    c.out.clear();
    c.out_off = 0;
    if (!c.doomed) {
      note("live: c" + std::to_string(c.conn) + " client vanished (send failed)");
      c.doomed = true;
    }
    return;
  }
  if (c.out_off == c.out.size()) {
    c.out.clear();
    c.out_off = 0;
  } else if (c.out_off > (1 << 20)) {
    c.out.erase(0, c.out_off);
    c.out_off = 0;
  }
  if (c.server_closed && c.queued() == 0) c.doomed = true;
}

void LiveServer::cut_off(Client& c, const std::string& why) {
  if (c.doomed) return;
  ++stats_.cut_off;
  note("live: c" + std::to_string(c.conn) + " cut off: " + why);
  if (c.queued() > 0) ::send(c.fd, c.out.data() + c.out_off, c.queued(), MSG_NOSIGNAL | MSG_DONTWAIT);
  c.out.clear();
  c.out_off = 0;
  c.doomed = true;
}

void LiveServer::close_client(int fd) {
  auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  Client& c = *it->second;
  if (!c.server_closed) net_.external_detach(c.conn);
  if (auto a = per_address_.find(c.address); a != per_address_.end() && --a->second == 0) per_address_.erase(a);
  ::close(fd);
  clients_.erase(it);
}

// Cuts the connection idle the longest among those from `address` (any address if
// empty); with at_least_a_second, only one idle that long. False if there is none.
bool LiveServer::evict_idlest(const std::string& address, bool at_least_a_second) {
  Client* oldest = nullptr;
  for (auto& [fd, c] : clients_)
    if (!c->doomed && (address.empty() || c->address == address) && (!oldest || c->last < oldest->last)) oldest = c.get();
  if (!oldest || (at_least_a_second && wall_now_ - oldest->last < std::chrono::seconds(1))) return false;
  ++stats_.evicted;
  cut_off(*oldest, "connection limit reached: the connection idle the longest makes room");
  close_client(oldest->fd);
  return true;
}

// A newcomer from `address` gets in if its address is under its own limit (or one of its
// connections, idle for a second, makes room) and, when all the connections are taken,
// if the address holding the most of them holds more than the newcomer's: it gives up
// its idlest. So many connections from one address never keep another address out.
bool LiveServer::admit(const std::string& address) {
  const auto own = per_address_.find(address);
  const std::size_t mine = own == per_address_.end() ? 0 : own->second;
  if (mine >= options_.limits.max_per_address && !evict_idlest(address, true)) return false;
  if (clients_.size() < options_.limits.max_connections) return true;
  const auto busiest = std::max_element(per_address_.begin(), per_address_.end(),
                                        [](const auto& a, const auto& b) { return a.second < b.second; });
  if (busiest != per_address_.end() && busiest->second > mine + 1) return evict_idlest(busiest->first, false);
  return evict_idlest(address, true);
}

void LiveServer::accept_from(PortMapping& m) {
  for (int i = 0; i < 64; ++i) {
    sockaddr_storage peer{};
    socklen_t peer_length = sizeof peer;
    const int fd = ::accept4(m.fd, reinterpret_cast<sockaddr*>(&peer), &peer_length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN, or out of descriptors: the backlog waits
    const std::string address = peer_address(peer);
    if (!admit(address)) {
      ++stats_.refused;
      const std::string refusal = too_many(m.proto);
      // On an implicit-TLS port a reply in clear would be garbage to the client: just close.
      if (!m.implicit_tls) ::send(fd, refusal.data(), refusal.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      ::close(fd);
      continue;
    }
    epoll_event watch{};
    watch.events = EPOLLIN | EPOLLET;
    watch.data.u64 = static_cast<std::uint64_t>(fd);
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &watch) != 0) {  // out of epoll watches
      ++stats_.refused;
      ::close(fd);
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto c = std::make_unique<Client>(wall_now_, touched_, *tls_, net_, wire_log_);
    c->fd = fd;
    c->proto = m.proto;
    c->mapping = &m;
    c->address = address;
    c->watched = EPOLLIN;
    Client& ref = *c;
    clients_.emplace(fd, std::move(c));
    ++per_address_[address];
    ++stats_.accepted;
    const auto first_event = net_.trace().size();
    ref.conn = net_.connect_external(client_host_, m.host_id, m.port, ref,
                                     m.implicit_tls ? TlsTransport::Implicit : TlsTransport::Starttls);
    if (m.implicit_tls) {
      ref.start_tls();
      ref.wire->from_event = static_cast<std::uint32_t>(first_event);  // all its lines are in TLS
    }
  }
}

// Edge-triggered: read until EAGAIN or EOF, else say it must be read again. The bytes
// wait in the client's input buffer; feed() hands them on.
void LiveServer::read_from(Client& c) {
  char buf[65536];
  for (int round = 0; !c.doomed && !c.eof; ++round) {
    // Input held: reading stops before EAGAIN, so no new edge will come; marking EPOLLIN
    // as not watched makes watch() re-arm it once the input drains, which reports what waits.
    if (c.held() >= options_.limits.max_input) {
      c.watched &= ~static_cast<std::uint32_t>(EPOLLIN);
      return;
    }
    if (round == kReadsPerRound) {  // its share of this round: the rest comes next round
      if (!c.unread) read_again_.push_back(c.fd);
      c.unread = true;
      return;
    }
    const ssize_t n = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      note("live: c" + std::to_string(c.conn) + " client vanished (" + std::strerror(errno) + ")");
      c.doomed = true;
      return;
    }
    if (n == 0) {
      c.eof = true;
      return;
    }
    c.last = wall_now_;
    if (c.in_off == c.in.size()) c.in.clear(), c.in_off = 0;
    if (c.tls) receive_tls(c, std::string_view(buf, static_cast<std::size_t>(n)));
    else c.in.append(buf, static_cast<std::size_t>(n));
  }
}

// A few lines at a time, and only while the client's replies drain: the engine's output
// is slowed to what the client reads. The kernel runs after each piece, so the replies to
// it are queued before the next piece is considered. The close follows the last byte.
void LiveServer::feed(Client& c) {
  while (!c.doomed && !c.server_closed && c.held() > 0 && c.queued() <= options_.limits.read_high_water) {
    std::size_t end = c.in_off;
    for (int lines = 0; lines < kLinesPerFeed && end < c.in.size(); ++lines) {
      const auto lf = c.in.find('\n', end);
      end = lf == std::string::npos ? c.in.size() : lf + 1;
    }
    const std::string_view piece(c.in.data() + c.in_off, end - c.in_off);
    c.in_off = end;
    net_.external_send(c.conn, piece);
    sim_.world().kernel().run_until(sim_.world().kernel().now());
  }
  if (c.held() == 0) {
    c.in.clear();
    c.in_off = 0;
  } else if (c.in_off > options_.limits.max_input) {
    c.in.erase(0, c.in_off);
    c.in_off = 0;
  }
  if (c.eof && c.held() == 0 && !c.server_closed && !c.closed_sent) {
    c.closed_sent = true;
    net_.external_close(c.conn);
  }
}

// The client waits for its replies: the kernel runs on what it sent, and what the
// simulated server answered goes out at once, before the next client is read.
void LiveServer::answer(Client& c) {
  read_from(c);
  run_kernel();
  feed(c);
  if (c.queued() > 0) flush(c);
}

void LiveServer::watch(Client& c) {
  std::uint32_t events = 0;
  if (!c.eof && c.held() < options_.limits.max_input) events |= EPOLLIN;
  if (c.queued() > 0) events |= EPOLLOUT;
  if (events == c.watched) return;
  epoll_event watch{};
  watch.events = events | EPOLLET;
  watch.data.u64 = static_cast<std::uint64_t>(c.fd);
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &watch);
  c.watched = events;
}

void LiveServer::settle() {
  run_kernel();
  settling_.clear();
  settling_.swap(touched_);
  gone_.clear();
  for (int fd : settling_) {
    auto it = clients_.find(fd);
    if (it == clients_.end()) continue;
    Client& c = *it->second;
    c.touched = false;
    if (c.queued() > 0 || c.server_closed) flush(c);
    if (c.held() > 0 || c.eof) {
      feed(c);
      if (c.queued() > 0 || c.server_closed) flush(c);
    }
    if (c.doomed) gone_.push_back(fd);
    else watch(c);
  }
  // Idle time counts in seconds: every client is looked at once a second, not every round.
  if (wall_now_ - last_idle_sweep_ >= std::chrono::seconds(1)) {
    last_idle_sweep_ = wall_now_;
    const auto idle = std::chrono::duration<double>(options_.limits.idle_timeout_s);
    for (auto& [fd, c] : clients_) {
      if (c->doomed || wall_now_ - c->last <= idle) continue;
      ++stats_.idle_closed;
      cut_off(*c, "idle for more than " + std::to_string(static_cast<long>(options_.limits.idle_timeout_s)) + " s");
      gone_.push_back(fd);
    }
  }
  for (int fd : gone_) close_client(fd);
  stats_.open = clients_.size();
}

void LiveServer::poll_once(int max_wait_ms) {
  settle();

  // How long may we sleep? Until the kernel's next event (rounded up to the next
  // millisecond, epoll's unit), at most max_wait_ms.
  Kernel& kernel = sim_.world().kernel();
  int wait_ms = max_wait_ms;
  const SimTime next = kernel.next_time();
  if (next >= 0) {
    const double until_us = static_cast<double>(next - kernel.now()) / options_.speed;
    wait_ms = static_cast<int>(std::clamp<double>(std::ceil(until_us / 1000), 0, max_wait_ms));
  }
  if (!read_again_.empty()) wait_ms = 0;
  epoll_event ready[kEventsPerRound];
  int n = ::epoll_wait(epoll_fd_, ready, kEventsPerRound, 0);
  if (n == 0 && wait_ms > 0 && busy_ && may_spin_) {
    const auto until = Clock::now() + kSpinBeforeSleep;
    while (n == 0 && Clock::now() < until) n = ::epoll_wait(epoll_fd_, ready, kEventsPerRound, 0);
  }
  if (n == 0 && wait_ms > 0) n = ::epoll_wait(epoll_fd_, ready, kEventsPerRound, wait_ms);
  busy_ = n > 0;
  if (n <= 0 && read_again_.empty()) return;  // timeout or a signal: the caller loops
  run_kernel();  // bytes that arrive now are stamped with the current time
  reading_again_.clear();
  reading_again_.swap(read_again_);
  for (int fd : reading_again_) {
    auto it = clients_.find(fd);
    if (it == clients_.end() || !it->second->unread) continue;
    it->second->unread = false;
    answer(*it->second);
    it->second->touch();
  }
  for (int i = 0; i < n; ++i) {
    const std::uint32_t events = ready[i].events;
    if (ready[i].data.u64 & kListenerTag) {
      accept_from(mappings_[static_cast<std::size_t>(ready[i].data.u64 & ~kListenerTag)]);
      continue;
    }
    auto it = clients_.find(static_cast<int>(ready[i].data.u64));
    if (it == clients_.end()) continue;
    Client& c = *it->second;
    if (events & EPOLLOUT) flush(c);
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) answer(c);
    // Both directions are gone (or an error): nothing more can be written to it.
    if ((events & EPOLLERR) || ((events & EPOLLHUP) && c.eof)) {
      c.out.clear();
      c.out_off = 0;
      c.doomed = true;
    }
    c.touch();
  }
  settle();
}

void LiveServer::shutdown() {
  std::vector<int> fds;
  for (auto& [fd, c] : clients_) fds.push_back(fd);
  for (int fd : fds) close_client(fd);
  for (auto& m : mappings_) {
    if (m.fd >= 0) ::close(m.fd);
    m.fd = -1;
  }
  stats_.open = 0;
}

}  // namespace mailsim
