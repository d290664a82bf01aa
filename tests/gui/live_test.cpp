// Live mode in the window, headless: App::serve on scenarios/live.json (free high ports),
// then a real TCP client speaks SMTP to the MX's real port while frames run. The live
// client's node is there before it connects, its link appears, the trace grows under every
// panel, the cursor follows the live end unless the user stepped back (Play there keeps
// following), the scenario cannot be replaced while it is served, and real clients'
// passwords show masked unless asked for; a pcap exported from the Export window carries a
// TLS client's records, as `mailsim serve`'s does.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "fixture.hpp"
#include "panels/export_panel.hpp"

using namespace mailsim;
using namespace mailsim::gui;
namespace fs = std::filesystem;

namespace {

struct Served {
  test::Headless ui;
  App app{false};
  explicit Served(bool mask_passwords = true) {
    set_language(Lang::En);
    std::mt19937 random(std::random_device{}());
    for (int attempt = 0; attempt < 20 && !app.live(); ++attempt) {
      LiveOptions options;
      options.port_offset = 20000 + static_cast<int>(random() % 3000) * 7;
      std::string error;
      app.serve(test::scenario_path("live.json"), options, mask_passwords, error);
    }
    REQUIRE(app.live() != nullptr);
    ui.frame(app, 2);
  }
  // A frame as the window runs it: serve, then draw.
  void frame() {
    app.poll_live(5);
    ui.frame(app);
  }
  const TraceIndex& index() { return app.context().doc->index(); }
  Timeline& tl() { return app.context().timeline; }
  int node(const std::string& name) {
    for (std::size_t i = 0; i < index().nodes().size(); ++i)
      if (index().nodes()[i].name == name) return static_cast<int>(i);
    return -1;
  }
  std::uint16_t real_port(const std::string& host, std::uint16_t port) {
    for (const auto& m : app.live()->server().mappings())
      if (m.host == host && m.port == port) return m.real_port;
    return 0;
  }
};

// A TCP connection to 127.0.0.1:port.
int connect_local(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = htons(port);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
  return fd;
}

// Takes a whole reply from the front of `got` (a reply ends with a line whose code is
// followed by a space) and returns its last line; "" while no reply is complete.
std::string take_reply(std::string& got) {
  for (std::size_t start = 0, end; (end = got.find("\r\n", start)) != std::string::npos; start = end + 2)
    if (end - start >= 4 && got[start + 3] == ' ') {
      std::string last = got.substr(start, end - start);
      got.erase(0, end + 2);
      return last;
    }
  return "";
}

// A real client on a non-blocking socket, answered while the served window runs frames.
class Client {
 public:
  Client(Served& s, std::uint16_t port) : s_(s), fd_(connect_local(port)) {}
  ~Client() { ::close(fd_); }
  // Sends `line` (unless empty) and returns the reply's last line, "" after two seconds.
  std::string say(const std::string& line) {
    if (!line.empty()) ::send(fd_, line.data(), line.size(), MSG_NOSIGNAL);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < deadline) {
      s_.frame();
      char buf[4096];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) got_.append(buf, static_cast<std::size_t>(n));
      if (std::string last = take_reply(got_); !last.empty()) return last;
    }
    return "";
  }

 private:
  Served& s_;
  int fd_;
  std::string got_;
};

}  // namespace

TEST_CASE("live: a real client's dialogue grows the trace under every panel") {
  Served s;
  const int live = s.node("live-client");
  REQUIRE(live >= 0);
  CHECK(s.index().nodes()[live].is_live);
  const int mx = s.node("mx.jussieu.fr");
  const std::uint16_t port = s.real_port("mx.jussieu.fr", 25);
  REQUIRE(port != 0);

  Client c(s, port);
  CHECK(c.say("").rfind("220 ", 0) == 0);
  CHECK(c.say("EHLO client.example\r\n").rfind("250 ", 0) == 0);
  CHECK(c.say("MAIL FROM:<a@example.org>\r\n").rfind("250 ", 0) == 0);
  CHECK(c.say("RCPT TO:<paul@jussieu.fr>\r\n").rfind("250 ", 0) == 0);
  CHECK(c.say("DATA\r\n").rfind("354 ", 0) == 0);
  CHECK(c.say("Subject: live\r\n\r\nhello\r\n.\r\n").rfind("250 ", 0) == 0);
  bool linked = false;
  for (const Link& l : s.index().links()) linked |= l.client == live && l.server == mx && l.port == 25;
  CHECK(linked);
  CHECK(s.tl().pos() == s.tl().size());  // followed the live end

  // Every inspector, and a filter on the live client, while the trace grows.
  for (const char* view : {"sequence", "message", "queues", "mailboxes", "dns"}) {
    s.app.show(view);
    CHECK(c.say("NOOP\r\n").rfind("250 ", 0) == 0);
  }
  s.app.context().set_filter(live, -1);
  CHECK(c.say("NOOP\r\n").rfind("250 ", 0) == 0);
  s.app.context().set_filter(-1, -1);

  // Stepped back, the cursor stays where the user put it; End follows again.
  s.tl().step(-1, StepSize::Event);
  const std::size_t back = s.tl().pos();
  const std::size_t size = s.tl().size();
  CHECK(c.say("NOOP\r\n").rfind("250 ", 0) == 0);
  CHECK(s.tl().size() > size);
  CHECK(s.tl().pos() == back);
  s.tl().seek(s.tl().size());
  CHECK(c.say("QUIT\r\n").rfind("221 ", 0) == 0);
  CHECK(s.tl().pos() == s.tl().size());

  // Replacing the served scenario is refused with a word in the Scenario window.
  s.app.context().requests.open_path = test::scenario_path("basic-smtp.json");
  s.frame();
  CHECK(s.app.context().doc->scenario().name == "live");
  CHECK(s.app.context().load_errors.size() == 1);

  s.app.stop_live();
  CHECK(s.app.live()->stopped());
  s.ui.frame(s.app, 2);
}

TEST_CASE("live: Play at the live end keeps following instead of replaying from the start") {
  Served s;
  Client c(s, s.real_port("mx.jussieu.fr", 25));
  CHECK(c.say("").rfind("220 ", 0) == 0);
  REQUIRE(s.tl().size() > 0);
  REQUIRE(s.tl().pos() == s.tl().size());
  CHECK(s.ui.panel_text(s.app, "timeline").find(tr(Str::PlayFollowsLive)) != std::string::npos);
  s.tl().play(true);  // Space, or the button were it not disabled
  CHECK_FALSE(s.tl().playing());
  CHECK(s.tl().pos() == s.tl().size());
  CHECK(c.say("NOOP\r\n").rfind("250 ", 0) == 0);
  CHECK(s.tl().pos() == s.tl().size());  // still following

  // Stepped back, Play plays up to the live end, then follows again.
  s.tl().step(-1, StepSize::Event);
  CHECK(s.ui.panel_text(s.app, "timeline").find(tr(Str::Play)) != std::string::npos);
  s.tl().speed = 3600;
  s.tl().play(true);
  CHECK(s.tl().playing());
  s.frame();
  CHECK(s.tl().pos() == s.tl().size());
  CHECK(c.say("NOOP\r\n").rfind("250 ", 0) == 0);
  CHECK(s.tl().pos() == s.tl().size());
}

namespace {

// The text the transcript and the event list show for the served world now.
std::string shown_text(Served& s) { return s.ui.panel_text(s.app, "transcript") + s.ui.panel_text(s.app, "events"); }

// AUTH PLAIN, then AUTH LOGIN, by a real client on smtp.cnam.fr's submission port
// (anne's password is "secret": AGFubmUAc2VjcmV0 is "\0anne\0secret", c2VjcmV0 "secret").
void authenticate(Served& s) {
  auto greeted = [](Client& client) {
    CHECK(client.say("").rfind("220 ", 0) == 0);
    CHECK(client.say("EHLO client.example\r\n").rfind("250 ", 0) == 0);
  };
  Client c(s, s.real_port("smtp.cnam.fr", 587));
  greeted(c);
  CHECK(c.say("AUTH PLAIN AGFubmUAc2VjcmV0\r\n").rfind("235 ", 0) == 0);
  CHECK(c.say("RSET\r\n").rfind("250 ", 0) == 0);
  Client d(s, s.real_port("smtp.cnam.fr", 587));
  greeted(d);
  CHECK(d.say("AUTH LOGIN\r\n").rfind("334 ", 0) == 0);
  CHECK(d.say("YW5uZQ==\r\n").rfind("334 ", 0) == 0);
  CHECK(d.say("c2VjcmV0\r\n").rfind("235 ", 0) == 0);
  Client pop(s, s.real_port("mx.jussieu.fr", 110));
  CHECK(pop.say("").rfind("+OK ", 0) == 0);
  CHECK(pop.say("USER paul\r\n").rfind("+OK ", 0) == 0);
  CHECK(pop.say("PASS secret\r\n").rfind("+OK ", 0) == 0);
}

}  // namespace

TEST_CASE("live: real clients' passwords show masked in the window") {
  Served s;
  authenticate(s);
  s.app.context().sel.conn = 0;
  const std::string text = shown_text(s);
  CHECK(text.find("PASS ****") != std::string::npos);  // the transcript follows the POP3 session
  std::string all;
  for (std::size_t i = 0; i < s.index().size(); ++i) (all += s.index().event(i).text) += "\n";
  CHECK(all.find("AUTH PLAIN ****") != std::string::npos);
  CHECK(all.find("AGFubmUAc2VjcmV0") == std::string::npos);
  CHECK(all.find("c2VjcmV0") == std::string::npos);
  CHECK(all.find("YW5uZQ==") == std::string::npos);
  CHECK(all.find("PASS secret") == std::string::npos);
  for (std::size_t i = 0; i < s.index().size(); ++i) {
    s.tl().seek(i + 1);
    s.ui.frame(s.app);
    CHECK(shown_text(s).find("secret") == std::string::npos);
  }
  // The trace itself keeps what was said (the exports mask it themselves).
  bool raw = false;
  for (const TraceEvent& e : s.index().trace().events()) raw |= e.text == "AUTH PLAIN AGFubmUAc2VjcmV0";
  CHECK(raw);
}

TEST_CASE("live: --show-passwords shows them") {
  Served s(false);
  authenticate(s);
  std::string all;
  for (std::size_t i = 0; i < s.index().size(); ++i) (all += s.index().event(i).text) += "\n";
  CHECK(all.find("AUTH PLAIN AGFubmUAc2VjcmV0") != std::string::npos);
  CHECK(all.find("PASS secret") != std::string::npos);
  CHECK(shown_text(s).find("PASS secret") != std::string::npos);
}

namespace {

// A real client under TLS from its first byte (OpenSSL, certificate not checked), on a
// non-blocking socket: the served window runs a frame whenever the handshake or a read
// waits for the server.
class TlsClient {
 public:
  TlsClient(Served& s, std::uint16_t port) : s_(s), ctx_(SSL_CTX_new(TLS_client_method())), fd_(connect_local(port)) {
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    connected_ = wait_for([&] { return SSL_connect(ssl_); });
  }
  ~TlsClient() {
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
    ::close(fd_);
  }
  bool connected() const { return connected_; }
  // Sends `line` (unless empty) inside TLS and returns the reply's last line, "" after two seconds.
  std::string say(const std::string& line) {
    if (!line.empty() && !wait_for([&] { return SSL_write(ssl_, line.data(), static_cast<int>(line.size())); })) return "";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < deadline) {
      char buf[4096];
      const int n = SSL_read(ssl_, buf, sizeof buf);
      if (n > 0) got_.append(buf, static_cast<std::size_t>(n));
      else s_.frame();
      if (std::string last = take_reply(got_); !last.empty()) return last;
    }
    return "";
  }

 private:
  // Calls `op` (an SSL call) until it succeeds, running frames while it waits; false on failure.
  template <typename Op>
  bool wait_for(Op op) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      const int r = op();
      if (r > 0) return true;
      const int why = SSL_get_error(ssl_, r);
      if (why != SSL_ERROR_WANT_READ && why != SSL_ERROR_WANT_WRITE) return false;
      s_.frame();
    }
    return false;
  }

  Served& s_;
  SSL_CTX* ctx_;
  int fd_;
  SSL* ssl_ = nullptr;
  bool connected_ = false;
  std::string got_;
};

}  // namespace

TEST_CASE("live: the Export window's pcap carries a TLS connection's records, not its lines in clear") {
  Served s;
  const fs::path dir = fs::temp_directory_path() / ("mailsim-gui-live-pcap-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    const std::uint16_t port = s.real_port("smtp.cnam.fr", 465);  // submissions: TLS from the first byte
    REQUIRE(port != 0);
    TlsClient c(s, port);
    REQUIRE(c.connected());
    CHECK(c.say("").rfind("220 ", 0) == 0);
    CHECK(c.say("EHLO tls-only.example\r\n").rfind("250 ", 0) == 0);
    CHECK(c.say("NOOP\r\n").rfind("250 ", 0) == 0);
    CHECK(c.say("QUIT\r\n").rfind("221 ", 0) == 0);
  }
  {
    Client clear(s, s.real_port("mx.jussieu.fr", 25));  // and one without TLS beside it
    CHECK(clear.say("").rfind("220 ", 0) == 0);
    CHECK(clear.say("EHLO in-clear.example\r\n").rfind("250 ", 0) == 0);
    CHECK(clear.say("QUIT\r\n").rfind("221 ", 0) == 0);
  }
  for (int i = 0; i < 5; ++i) s.frame();
  // The trace, and so the transcript, keeps what the server read in clear.
  bool clear_in_trace = false;
  for (std::size_t i = 0; i < s.index().size(); ++i) clear_in_trace |= s.index().event(i).text == "EHLO tls-only.example";
  CHECK(clear_in_trace);

  // Export > pcap, written by a click on the Export window's button, as the user does.
  auto* panel = dynamic_cast<ExportPanel*>(s.app.find_panel("export"));
  REQUIRE(panel != nullptr);
  REQUIRE(s.app.show("export"));
  s.ui.frame(s.app, 2);
  panel->form().kind = ExportPanel::Kind::Pcap;
  panel->form().path() = (dir / "live.pcap").string();
  s.ui.frame(s.app, 2);
  REQUIRE(s.ui.click(s.app, "###export", test::Headless::item_id("###export", tr(Str::Export))));
  std::ifstream in(dir / "live.pcap", std::ios::binary);
  const std::string pcap((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  fs::remove_all(dir);
  REQUIRE(pcap.size() > 24);
  // The TLS connection's bytes as they went: a handshake record (type 22) and application
  // data records (type 23, TLS 1.2's version on the record layer), never the EHLO in clear.
  CHECK(pcap.find(std::string("\x16\x03\x03", 3)) != std::string::npos);
  CHECK(pcap.find(std::string("\x17\x03\x03", 3)) != std::string::npos);
  CHECK(pcap.find("tls-only.example") == std::string::npos);
  // A connection without TLS keeps its lines in clear.
  CHECK(pcap.find("EHLO in-clear.example") != std::string::npos);
}
