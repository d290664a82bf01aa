// Theory of operation: live mode (`mailsim serve`).
//
// A LiveServer runs a Simulation's world in real time and lets real clients in. Every
// service of every simulated host (SMTP 25, submission 587, LMTP, POP3 110, IMAP 143)
// gets a real listening socket on the bind address (IPv4, or IPv6 such as ::1 or [::1])
// at port + offset (bumped by 1000 while two hosts would share one). A real client's
// connection becomes, through Network::connect_external, the client side of an ordinary
// simulated connection from the host "live-client": the server side is the very engine
// the ServiceFactory makes for a scripted client, and every line either way is traced the
// same way. Links from live-client have no latency.
//
// The loop is single-threaded: epoll over non-blocking sockets, a simulated clock that
// follows the wall clock (times a speed factor), kernel events run up to "now", then wait
// until the kernel's next event or socket readiness (after a round with work, the loop
// first looks again for up to 50 us: a client with several sessions usually sends its
// next command within that, and a sleep with its wake-up costs more; not when the process
// may use only one CPU, where it would spin in the client's time; `mailsim serve` also
// runs as batch work, schedule_as_batch_work). Each ready client in turn is read,
// the kernel runs up to now, and the replies go out in one send (a client that sent
// several commands gets its replies in one segment) before the next client is read: no
// client's reply waits for the work on the others' commands, which matters to a client
// that keeps several sessions going. Sockets stay registered with epoll, edge-triggered:
// a client is read until recv says EAGAIN or EOF (a FIN that comes with the last bytes is
// seen at once), or, when its per-round share is used, put on a list read again next
// round before any wait; its interest
// changes only when its output backs up or its input stops (re-arming reports what is
// waiting). The wall clock is read once per client served, not per byte. Socket code lives only here.
//
// Flow control: what a client sends is held in its input buffer and handed to the engine
// a few lines at a time (kLinesPerFeed), and only while the replies queued for it stay
// under a high-water mark; reading stops while the input buffer is full. A reply of any
// size (a 10 MB RETR) reaches a client that reads, and a client that sends without reading
// holds at most a few hundred KiB; it is cut off only when nothing moved either way for
// the idle time. The engines answer over-long lines themselves (500 5.5.2, -ERR, BAD).
//
// TLS (live/tls.hpp): every SMTP, submission, POP3 and IMAP service offers STARTTLS (STLS),
// and each submission (587), IMAP (143) and POP3 (110) service gets a twin with implicit
// TLS on 465, 993 and 995 (RFC 8314): the same service, whose sessions are under TLS from
// the first byte. When a server engine accepts STARTTLS (ExternalPeer::on_tls_start), the
// bytes the client sent before the go-ahead are dropped (RFC 3207 §4.2: no command
// injection) and the next bytes are the handshake. A client's bytes go through its
// TlsSession to the engine as plaintext, which the trace records; the handshake is a trace
// note (version, cipher, STARTTLS or implicit port), and so is a failed one, after which the
// connection closes and the server goes on serving. From the switch to TLS on, a connection's
// bytes as they went on the wire (TLS records) are kept in wire_log() for the pcap export.
//
// Safety: the default bind address is loopback; limits (LiveLimits) cap the connections
// per client address (a newcomer beyond it takes the place of that address's connection
// idle the longest, for at least a second, or is refused with the protocol's "too many
// connections") and in all (when full, the address holding the most connections gives up
// its idlest one to a newcomer from an address holding fewer), and idle time. A client
// that misbehaves is cut off with a trace note; nothing it does stalls the loop for
// others (reads are bounded per round) or ends the process.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "live/tls.hpp"
#include "net/network.hpp"
#include "net/wire_log.hpp"

namespace mailsim {

class Simulation;

struct LiveLimits {
  std::size_t max_connections = 2048;        // in all (lowered to what the descriptor limit allows)
  std::size_t max_per_address = 256;         // from one client address
  std::size_t read_high_water = 256 * 1024;  // hold the client's input while this much is queued for it
  std::size_t max_input = 256 * 1024;        // stop reading while this much input waits
  double idle_timeout_s = 300;               // wall-clock seconds without a byte either way
};

struct LiveOptions {
  std::string bind = "127.0.0.1";  // an IPv4 or IPv6 address; IPv6 may be bracketed ("[::1]")
  int port_offset = 10000;
  double speed = 1.0;  // simulated seconds per wall-clock second
  LiveLimits limits;
  TlsSetup tls;  // its names are filled in from the scenario's hosts
};

struct PortMapping {
  std::string host;
  HostId host_id = kNoHostId;
  std::uint16_t port = 0;       // the simulated service port
  Protocol proto = Protocol::None;
  std::string bind;             // the address listened on (IPv6 without brackets)
  std::uint16_t real_port = 0;  // where a real client connects
  bool implicit_tls = false;    // 465, 993, 995: TLS from the first byte
  int fd = -1;
};

// "127.0.0.1:10025", "[::1]:10025": an address and a port as a client writes them.
std::string format_endpoint(const std::string& address, std::uint16_t port);
// 127.0.0.0/8 or ::1 (bracketed or not): only this machine can connect.
bool is_loopback_address(const std::string& address);
// Asks the OS to schedule the calling thread as batch work (Linux SCHED_BATCH): woken by
// a client's bytes, it does not preempt the running client, which on a shared CPU sends
// its next commands first, so that one wake-up serves several of them. For the process
// of `mailsim serve`, not for a thread that draws a window. If the OS refuses, nothing
// changes but the scheduling.
void schedule_as_batch_work();

struct LiveStats {
  std::uint64_t accepted = 0, refused = 0, evicted = 0, cut_off = 0, idle_closed = 0;
  std::uint64_t tls_sessions = 0, tls_failures = 0;  // handshakes that finished, that failed
  std::size_t open = 0;
};

class LiveServer {
 public:
  LiveServer(Simulation& sim, LiveOptions options);
  ~LiveServer();
  LiveServer(const LiveServer&) = delete;
  LiveServer& operator=(const LiveServer&) = delete;

  // Binds one socket per service; false (with `error`) if one cannot be bound.
  bool open(std::string& error);
  const std::vector<PortMapping>& mappings() const { return mappings_; }
  HostId client_host() const { return client_host_; }

  // One round: runs the kernel up to the current time, flushes output, waits at most
  // max_wait_ms for the next kernel event or socket activity, handles it. A GUI calls
  // it once per frame with max_wait_ms = 0.
  void poll_once(int max_wait_ms);
  // Closes every client connection (the simulation sees each client go) and the listeners.
  void shutdown();

  SimTime sim_now() const;  // the simulated time that corresponds to now
  const LiveStats& stats() const { return stats_; }
  const TlsContext& tls() const { return *tls_; }  // after a successful open()
  const WireLog& wire_log() const { return wire_log_; }

 private:
  struct Client;
  friend struct Client;
  void accept_from(PortMapping& m);
  bool admit(const std::string& address);  // room for a newcomer from this address?
  void read_from(Client& c);
  void feed(Client& c);  // hands held input to the engine while its replies drain
  void answer(Client& c);  // read_from, run the kernel, flush the replies
  void flush(Client& c);
  void cut_off(Client& c, const std::string& why);
  void close_client(int fd);
  bool evict_idlest(const std::string& address, bool at_least_a_second);
  void note(const std::string& text);
  void tls_note(const Client& c, const std::string& text);
  // Bytes read from a TLS client: decrypted into its input; the handshake's end or failure noted.
  void receive_tls(Client& c, std::string_view bytes);
  void add_implicit_tls_services();
  SimTime sim_time_at(std::chrono::steady_clock::time_point wall) const;
  // Reads the wall clock and runs the kernel up to the simulated time it gives.
  void run_kernel();
  // Runs the kernel; for each client touched since (new output, read, closed), flushes
  // its output, closes it if finished, else updates what epoll watches; once a second,
  // closes the idle ones.
  void settle();
  void watch(Client& c);

  Simulation& sim_;
  Network& net_;
  LiveOptions options_;
  std::vector<PortMapping> mappings_;
  std::unordered_map<int, std::unique_ptr<Client>> clients_;
  std::unordered_map<std::string, std::size_t> per_address_;  // open connections by client address
  std::vector<int> read_again_;  // clients whose bytes were not all read last round
  std::vector<int> touched_;     // clients to settle (Client::touch)
  // Scratch lists kept between rounds so that a round allocates nothing.
  std::vector<int> reading_again_, settling_, gone_;
  std::chrono::steady_clock::time_point last_idle_sweep_;
  HostId client_host_ = kNoHostId;
  std::chrono::steady_clock::time_point wall0_;
  std::chrono::steady_clock::time_point wall_now_;  // read by run_kernel()
  SimTime sim0_ = 0;
  int epoll_fd_ = -1;
  bool busy_ = false;  // the last round had work: look again a moment before sleeping
  bool may_spin_;      // ... if this process may use two CPUs or more (else it never does)
  LiveStats stats_;
  std::unique_ptr<TlsContext> tls_;
  WireLog wire_log_;
  std::set<std::pair<HostId, std::uint16_t>> implicit_tls_ports_;  // the twins add_implicit_tls_services made
};

}  // namespace mailsim
