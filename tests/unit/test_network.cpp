// Simulated TCP: latency, refused and timed-out connections, drops, lines in the trace.
#include <doctest/doctest.h>

#include "accept_all_policy.hpp"
#include "net/network.hpp"
#include "smtp/client.hpp"
#include "smtp/server.hpp"

using namespace mailsim;
using test::AcceptAll;

namespace {
struct NetFixture {
  Kernel kernel;
  Trace trace;
  Network net{kernel, trace};
  AcceptAll policy;
  HostId a = net.add_host("a.example", "192.0.2.1");
  HostId b = net.add_host("b.example", "192.0.2.2");
  NetFixture() {
    net.set_link_latency(a, b, 10 * kMillisecond);
    net.listen(b, 25, Protocol::Smtp, [this](const ConnectionInfo&) {
      smtp::ServerConfig c;
      c.hostname = "b.example";
      return std::make_unique<smtp::Server>(c, policy);
    });
  }
  std::unique_ptr<smtp::Client> client() {
    smtp::Transaction t;
    t.mail_from = "x@a.example";
    t.rcpt_to = {"y@b.example"};
    t.data = std::make_shared<const std::string>("hello\r\n");
    return std::make_unique<smtp::Client>("a.example", std::vector<smtp::Transaction>{t});
  }
  std::size_t count(TraceKind kind) const {
    std::size_t n = 0;
    for (const auto& e : trace.events()) n += e.kind == kind;
    return n;
  }
};
}  // namespace

TEST_CASE("network: a session's lines reach the trace with direction and latency") {
  NetFixture f;
  bool delivered = false;
  ClientCallbacks cb;
  cb.on_closed = [&](Engine& e, const std::string&) { delivered = static_cast<smtp::Client&>(e).transactions()[0].delivered(); };
  f.net.connect(f.a, f.b, 25, Protocol::Smtp, f.client(), std::move(cb));
  f.kernel.run();
  CHECK(delivered);
  const auto& ev = f.trace.events();
  REQUIRE(ev.size() > 4);
  CHECK(ev[0].kind == TraceKind::ConnectAttempt);
  CHECK(ev[1].kind == TraceKind::ConnectAccepted);
  CHECK(ev[1].time == 10 * kMillisecond);
  CHECK(ev[2].kind == TraceKind::Line);
  CHECK(ev[2].dir == Direction::ServerToClient);
  CHECK(ev[2].code == 220);
  CHECK(ev[3].dir == Direction::ClientToServer);
  CHECK(ev[3].text == "EHLO a.example");
  CHECK(ev[3].time == 20 * kMillisecond);  // the greeting took one latency to arrive
  CHECK(f.count(TraceKind::ConnectionClosed) == 1);
}

TEST_CASE("network: a closed port refuses after a round trip") {
  NetFixture f;
  bool refused = false;
  ClientCallbacks cb;
  cb.on_failed = [&](ConnectFailure why) { refused = why == ConnectFailure::Refused; };
  f.net.connect(f.a, f.b, 587, Protocol::Submission, f.client(), std::move(cb));
  f.kernel.run();
  CHECK(refused);
  CHECK(f.kernel.now() == 20 * kMillisecond);
  CHECK(f.count(TraceKind::ConnectRefused) == 1);
}

TEST_CASE("network: a host that is down never answers, the client times out") {
  NetFixture f;
  f.net.set_host_up(f.b, false);
  bool timed_out = false;
  ClientCallbacks cb;
  cb.on_failed = [&](ConnectFailure why) { timed_out = why == ConnectFailure::Timeout; };
  f.net.connect(f.a, f.b, 25, Protocol::Smtp, f.client(), std::move(cb));
  f.kernel.run();
  CHECK(timed_out);
  CHECK(f.kernel.now() == 30 * kSecond);
  CHECK(f.count(TraceKind::HostDown) == 1);
}

TEST_CASE("network: a host going down drops its open connections") {
  NetFixture f;
  std::string why;
  ClientCallbacks cb;
  cb.on_closed = [&](Engine& e, const std::string& w) {
    why = w;
    CHECK_FALSE(static_cast<smtp::Client&>(e).session_error().empty());
  };
  f.net.connect(f.a, f.b, 25, Protocol::Smtp, f.client(), std::move(cb));
  f.kernel.schedule_at(25 * kMillisecond, [&] { f.net.set_host_up(f.b, false); });
  f.kernel.run();
  CHECK(why.find("b.example went down") != std::string::npos);
}

namespace {
// A client that connects and never says anything.
struct SilentClient : Engine {
  void on_open(SimTime) override {}
  void on_bytes(std::string_view, SimTime) override {}
  void on_timer(SimTime) override {}
  void on_peer_closed(SimTime) override { closed = true; }
  bool wants_close() const override { return closed; }
  const char* state_name() const override { return "SILENT"; }
  bool closed = false;
};
}  // namespace

TEST_CASE("network: engine deadlines fire when due, and moving deadlines leave no stray wake-ups") {
  NetFixture f;
  f.net.connect(f.a, f.b, 25, Protocol::Smtp, std::make_unique<SilentClient>(), ClientCallbacks{});
  f.kernel.run();
  // The server's command timeout (5 minutes after the greeting) ends the session with 421.
  const TraceEvent* last_line = nullptr;
  for (const auto& e : f.trace.events())
    if (e.kind == TraceKind::Line) last_line = &e;
  REQUIRE(last_line != nullptr);
  CHECK(last_line->code == 421);
  CHECK(last_line->time == 10 * kMillisecond + 5 * kMinute);
  // A normal session moves the server's deadline at every line; once it is over nothing
  // is left pending: the clock stops at the last close, not minutes later.
  NetFixture g;
  g.net.connect(g.a, g.b, 25, Protocol::Smtp, g.client(), ClientCallbacks{});
  g.kernel.run();
  CHECK(g.kernel.now() < kSecond);
  CHECK(g.kernel.pending() == 0);
}

namespace {
// Sends QUIT after the greeting and half-closes at once, like `printf 'QUIT\r\n' | nc -q0`.
struct QuitAndCloseClient : Engine {
  void on_open(SimTime) override {}
  void on_bytes(std::string_view bytes, SimTime) override {
    received.append(bytes);
    if (!sent) {
      output_ = "QUIT\r\n";
      sent = true;
    }
  }
  void on_timer(SimTime) override {}
  void on_peer_closed(SimTime) override {}
  bool wants_close() const override { return sent; }
  const char* state_name() const override { return "QUITTING"; }
  std::string received;
  bool sent = false;
};
}  // namespace

TEST_CASE("network: a half-closed client still reads the server's last reply") {
  NetFixture f;
  std::string why, received;
  ClientCallbacks cb;
  cb.on_closed = [&](Engine& e, const std::string& w) {
    why = w;
    received = static_cast<QuitAndCloseClient&>(e).received;
  };
  f.net.connect(f.a, f.b, 25, Protocol::Smtp, std::make_unique<QuitAndCloseClient>(), std::move(cb));
  f.kernel.run();
  CHECK(received.find("221 b.example") != std::string::npos);
  CHECK(why == "closed by a.example");
  CHECK(f.count(TraceKind::ConnectionClosed) == 1);
}

namespace {
// Writes back every line it is given, as an engine writes its replies.
struct EchoEngine : Engine {
  void on_open(SimTime) override {}
  void on_bytes(std::string_view bytes, SimTime) override { output_.append(bytes); }
  void on_timer(SimTime) override {}
  void on_peer_closed(SimTime) override {}
  bool wants_close() const override { return false; }
  const char* state_name() const override { return "ECHO"; }
};
}  // namespace

TEST_CASE("engine: a sent buffer given back carries the next output; an empty take keeps it; a large one is let go") {
  EchoEngine e;
  e.on_bytes("MAIL FROM:<anne@cnam.fr> SIZE=1000 BODY=8BITMIME\r\n", 0);
  std::string sent = e.take_output();
  const char* buffer = sent.data();
  e.reuse_output_buffer(std::move(sent));
  CHECK(e.take_output().empty());  // nothing new to send: the buffer stays with the engine
  e.on_bytes("RCPT TO:<paul@jussieu.fr>\r\n", 0);
  const std::string next = e.take_output();
  CHECK(next == "RCPT TO:<paul@jussieu.fr>\r\n");
  CHECK(next.data() == buffer);

  std::string large(1 << 20, 'x');
  const char* large_buffer = large.data();
  e.reuse_output_buffer(std::move(large));
  e.on_bytes("DATA\r\n", 0);
  const std::string after = e.take_output();
  CHECK(after == "DATA\r\n");
  CHECK(after.data() != large_buffer);
}
