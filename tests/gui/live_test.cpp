// Live mode in the window, headless: App::serve on scenarios/live.json (free high ports),
// then a real TCP client speaks SMTP to the MX's real port while frames run. The live
// client's node is there before it connects, its link appears, the trace grows under every
// panel, the cursor follows the live end unless the user stepped back (Play there keeps
// following), the scenario cannot be replaced while it is served, and real clients'
// passwords show masked unless asked for.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <string>

#include "fixture.hpp"

using namespace mailsim;
using namespace mailsim::gui;

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

// A real client on a non-blocking socket, answered while the served window runs frames.
class Client {
 public:
  Client(Served& s, std::uint16_t port) : s_(s) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons(port);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
  }
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
      // A reply ends with a line whose code is followed by a space.
      for (std::size_t start = 0, end; (end = got_.find("\r\n", start)) != std::string::npos; start = end + 2)
        if (end - start >= 4 && got_[start + 3] == ' ') {
          std::string last = got_.substr(start, end - start);
          got_.erase(0, end + 2);
          return last;
        }
    }
    return "";
  }

 private:
  Served& s_;
  int fd_ = -1;
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
