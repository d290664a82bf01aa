// Live mode's Network::connect_external and the exporters (pcap framing and checksums,
// password masking, diagram formats), without sockets.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "accept_all_policy.hpp"
#include "export/common.hpp"
#include "export/diagram.hpp"
#include "export/pcap.hpp"
#include "export/request.hpp"
#include "export/trace_json.hpp"
#include "net/network.hpp"
#include "scenario/scenario.hpp"
#include "smtp/server.hpp"

using namespace mailsim;
using test::AcceptAll;

namespace {

struct Peer : ExternalPeer {
  std::string received;
  int closed = 0;
  std::string why;
  std::size_t tls_after = std::string::npos;  // how much was received when TLS was to start
  void on_server_bytes(std::string_view bytes) override { received.append(bytes); }
  void on_tls_start() override { tls_after = received.size(); }
  void on_closed(const std::string& w) override {
    ++closed;
    why = w;
  }
};

struct LiveFixture {
  Kernel kernel;
  Trace trace;
  Network net{kernel, trace};
  AcceptAll policy;
  HostId live = net.add_host("live-client", "127.0.0.1");
  HostId mx = net.add_host("mx.example", "192.0.2.2");
  LiveFixture() {
    net.set_link_latency(live, mx, 0);
    net.listen(mx, 25, Protocol::Smtp, [this](const ConnectionInfo& info) {
      smtp::ServerConfig c;
      c.hostname = "mx.example";
      if (info.tls == TlsTransport::Starttls) c.extensions = {"STARTTLS"};
      c.real_tls = info.tls != TlsTransport::Simulated;
      return std::make_unique<smtp::Server>(c, policy);
    });
  }
  // A real client whose socket can do TLS connects to port 25 and sends `first`.
  std::uint32_t connect_tls_capable(Peer& peer, std::string_view first) {
    const std::uint32_t conn = net.connect_external(live, mx, 25, peer, TlsTransport::Starttls);
    kernel.run_until(0);
    net.external_send(conn, first);
    kernel.run_until(0);
    return conn;
  }
  std::vector<std::string> lines(Direction dir) const {
    std::vector<std::string> out;
    for (const auto& e : trace.events())
      if (e.kind == TraceKind::Line && e.dir == dir) out.emplace_back(e.text);
    return out;
  }
};

std::uint32_t rd32le(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(b[at + i]);
  return v;
}

std::uint32_t ones_sum(const std::string& b, std::size_t at, std::size_t len, std::uint32_t acc = 0) {
  for (std::size_t i = 0; i + 1 < len; i += 2)
    acc += (static_cast<std::uint8_t>(b[at + i]) << 8) | static_cast<std::uint8_t>(b[at + i + 1]);
  if (len % 2) acc += static_cast<std::uint8_t>(b[at + len - 1]) << 8;
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return acc;
}

}  // namespace

TEST_CASE("connect_external: a real client's bytes go through the server engine and the trace") {
  LiveFixture f;
  Peer peer;
  const std::uint32_t conn = f.net.connect_external(f.live, f.mx, 25, peer);
  f.kernel.run_until(0);
  CHECK(peer.received.rfind("220 mx.example", 0) == 0);
  // Split across calls, as TCP may cut it.
  f.net.external_send(conn, "EHLO cli");
  f.net.external_send(conn, "ent.example\r\nMAIL FROM:<a@x.org>\r\n");
  f.kernel.run_until(0);
  INFO(peer.received);
  std::size_t replies = 0;
  for (std::size_t at = peer.received.find("\n250 "); at != std::string::npos; at = peer.received.find("\n250 ", at + 1))
    ++replies;
  CHECK(replies == 2);  // EHLO and MAIL
  const auto client_lines = f.lines(Direction::ClientToServer);
  REQUIRE(client_lines.size() == 2);
  CHECK(client_lines[0] == "EHLO client.example");
  CHECK(f.trace.name(f.trace.events()[0].host) == "live-client");
  f.net.external_send(conn, "QUIT\r\n");
  f.kernel.run_until(10 * kMillisecond);
  CHECK(peer.received.find("221 ") != std::string::npos);
  CHECK(peer.closed == 1);
}

TEST_CASE("connect_external: a client that vanishes mid-DATA is detached; the message is not accepted") {
  LiveFixture f;
  Peer peer;
  const std::uint32_t conn = f.net.connect_external(f.live, f.mx, 25, peer);
  f.kernel.run_until(0);
  f.net.external_send(conn, "HELO x\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@mx.example>\r\nDATA\r\nSubject: half\r\n");
  f.kernel.run_until(0);
  f.net.external_detach(conn);
  f.kernel.run_until(kSecond);
  CHECK(peer.closed == 0);  // detached: never called again
  bool accepted = false, closed = false;
  for (const auto& e : f.trace.events()) {
    if (e.kind == TraceKind::Line && e.text.rfind("250 2.0.0", 0) == 0) accepted = true;
    if (e.kind == TraceKind::ConnectionClosed) closed = true;
  }
  CHECK_FALSE(accepted);
  CHECK(closed);
}

TEST_CASE("connect_external to a closed port: the peer hears of the refusal") {
  LiveFixture f;
  Peer peer;
  f.net.connect_external(f.live, f.mx, 110, peer);
  f.kernel.run_until(kSecond);
  CHECK(peer.closed == 1);
  CHECK(peer.why == "connection refused");
}

TEST_CASE("pcap: frames have valid IPv4 and TCP checksums and increasing sequence numbers") {
  LiveFixture f;
  Peer peer;
  const std::uint32_t conn = f.net.connect_external(f.live, f.mx, 25, peer);
  f.kernel.run_until(0);
  f.net.external_send(conn, "HELO x\r\nQUIT\r\n");
  f.kernel.run_until(kSecond);
  ExportOptions options;
  options.addresses = {{"live-client", "127.0.0.1"}, {"mx.example", "192.0.2.2"}};
  const std::string pcap = pcap_bytes(f.trace, options);
  REQUIRE(pcap.size() > 24);
  CHECK(rd32le(pcap, 0) == 0xa1b2c3d4u);
  std::size_t at = 24, frames = 0, data_frames = 0;
  while (at + 16 <= pcap.size()) {
    const std::uint32_t len = rd32le(pcap, at + 8);
    const std::size_t eth = at + 16;
    REQUIRE(eth + len <= pcap.size());
    const std::size_t ip = eth + 14;
    CHECK(ones_sum(pcap, ip, 20) == 0xffff);
    const std::size_t ip_len = (static_cast<std::uint8_t>(pcap[ip + 2]) << 8) | static_cast<std::uint8_t>(pcap[ip + 3]);
    CHECK(ip_len == len - 14);
    const std::uint32_t pseudo = ones_sum(pcap, ip + 12, 8) + 6 + static_cast<std::uint32_t>(ip_len - 20);
    CHECK(ones_sum(pcap, ip + 20, ip_len - 20, pseudo) == 0xffff);
    if (ip_len > 40) ++data_frames;
    ++frames;
    at = eth + len;
  }
  CHECK(at == pcap.size());
  CHECK(frames >= 9);        // SYN, SYN-ACK, ACK, 220, HELO, 250, QUIT, 221, FIN, FIN, ACK
  CHECK(data_frames == 5);   // 220, HELO, 250, QUIT, 221
}

TEST_CASE("exports mask AUTH, PASS and LOGIN secrets and SASL answers, by each line's role") {
  Trace trace;
  const HostRef c = trace.intern("c"), s = trace.intern("s");
  auto line = [&](Protocol p, Direction d, std::string text, std::uint32_t conn, LineTag tag) {
    TraceEvent e;
    e.kind = TraceKind::Line;
    e.proto = p;
    e.dir = d;
    e.set_tag(tag);
    e.host = d == Direction::ClientToServer ? c : s;
    e.peer = d == Direction::ClientToServer ? s : c;
    e.conn = conn;
    trace.append(e, text);
  };
  const auto C = Direction::ClientToServer, S = Direction::ServerToClient;
  const LineTag command{LineRole::Command}, reply{LineRole::Reply}, answer{LineRole::Command, true},
      challenge{LineRole::Reply, true}, data{LineRole::Data};
  line(Protocol::Submission, C, "AUTH PLAIN AGFubmUAc2VjcmV0", 1, command);
  line(Protocol::Submission, S, "235 2.7.0 ok", 1, reply);
  line(Protocol::Submission, C, "AUTH LOGIN", 1, command);
  line(Protocol::Submission, S, "334 VXNlcm5hbWU6", 1, challenge);
  line(Protocol::Submission, C, "YW5uZQ==", 1, answer);
  line(Protocol::Submission, S, "334 UGFzc3dvcmQ6", 1, challenge);
  line(Protocol::Submission, C, "c2VjcmV0", 1, answer);
  line(Protocol::Submission, S, "235 2.7.0 ok", 1, reply);
  line(Protocol::Submission, C, "MAIL FROM:<anne@x>", 1, command);
  line(Protocol::Pop3, C, "PASS secret", 2, command);
  line(Protocol::Imap, C, "a1 LOGIN paul secret", 3, command);
  line(Protocol::Smtp, C, "AUTH PLAIN is how the course logs in", 4, data);  // message text stays
  line(Protocol::Smtp, C, "c2VjcmV0", 4, data);
  ExportOptions options;
  options.mask_secrets = true;
  const PreparedEvents prepared = prepare_events(trace, options, true);
  const auto& events = prepared.events;
  CHECK(events[0].text == "AUTH PLAIN ****");
  CHECK(events[2].text == "AUTH LOGIN");
  CHECK(events[4].text == "****");
  CHECK(events[6].text == "****");
  CHECK(events[8].text == "MAIL FROM:<anne@x>");
  CHECK(events[9].text == "PASS ****");
  CHECK(events[10].text == "a1 LOGIN paul ****");
  CHECK(events[11].text == "AUTH PLAIN is how the course logs in");
  CHECK(events[12].text == "c2VjcmV0");
  const std::string mmd = diagram_text(trace, options, DiagramFormat::Mermaid);
  CHECK(mmd.find("secret") == std::string::npos);
  CHECK(mmd.find("YW5uZQ==") == std::string::npos);
  CHECK(diagram_format_for("x.svg") == DiagramFormat::Svg);
  CHECK(diagram_format_for("x.msc") == DiagramFormat::Msc);
  CHECK_FALSE(diagram_format_for("x.png").has_value());
}

TEST_CASE("exports mask a SASL answer even when the time range starts after the AUTH command") {
  Trace trace;
  const HostRef c = trace.intern("c"), s = trace.intern("s");
  auto line = [&](SimTime time, Direction d, std::string text, LineTag tag) {
    TraceEvent e;
    e.time = time;
    e.kind = TraceKind::Line;
    e.proto = Protocol::Submission;
    e.dir = d;
    e.set_tag(tag);
    e.host = d == Direction::ClientToServer ? c : s;
    e.peer = d == Direction::ClientToServer ? s : c;
    e.conn = 1;
    trace.append(e, text);
  };
  line(1, Direction::ClientToServer, "AUTH LOGIN", {LineRole::Command});
  line(2, Direction::ServerToClient, "334 VXNlcm5hbWU6", {LineRole::Reply, true});
  line(3, Direction::ClientToServer, "YW5uZQ==", {LineRole::Command, true});
  ExportOptions options;
  options.mask_secrets = true;
  options.from = 3;
  const PreparedEvents prepared = prepare_events(trace, options, true);
  const auto& events = prepared.events;
  REQUIRE(events.size() == 1);
  CHECK(events[0].text == "****");
}

TEST_CASE("a real client's lines get the role its server expects: SASL answers are masked in live mode") {
  LiveFixture f;
  f.net.listen(f.mx, 587, Protocol::Submission, [&f](const ConnectionInfo&) {
    smtp::ServerConfig c;
    c.hostname = "mx.example";
    c.extensions = {"AUTH LOGIN PLAIN"};
    return std::make_unique<smtp::Server>(c, f.policy);
  });
  Peer peer;
  const std::uint32_t conn = f.net.connect_external(f.live, f.mx, 587, peer);
  f.kernel.run_until(0);
  // Sent as a real client would, each piece after the reply it waits for; cut anywhere.
  for (const char* bytes : {"EHLO me\r\nAUTH LO", "GIN\r\n", "YW5u", "ZQ==\r\n", "c2VjcmV0\r\n", "QUIT\r\n"}) {
    f.net.external_send(conn, bytes);
    f.kernel.run_until(0);
  }
  std::vector<std::pair<std::string, LineTag>> client;
  for (const TraceEvent& e : f.trace.events())
    if (e.kind == TraceKind::Line && e.dir == Direction::ClientToServer) client.emplace_back(e.text, e.tag());
  REQUIRE(client.size() == 5);
  CHECK(client[0].second == LineTag{LineRole::Command});
  CHECK(client[1].second == LineTag{LineRole::Command});
  CHECK(client[2].second == LineTag{LineRole::Command, true});
  CHECK(client[3].second == LineTag{LineRole::Command, true});
  CHECK(client[4].second == LineTag{LineRole::Command});
  ExportOptions options;
  options.mask_secrets = true;
  const std::string mmd = diagram_text(f.trace, options, DiagramFormat::Mermaid);
  CHECK(mmd.find("YW5uZQ==") == std::string::npos);
  CHECK(mmd.find("c2VjcmV0") == std::string::npos);
  CHECK(mmd.find("AUTH LOGIN") != std::string::npos);
}

TEST_CASE("the JSON trace is streamed as the document nlohmann::json would print, secrets masked") {
  LiveFixture f;
  Peer peer;
  const std::uint32_t conn = f.net.connect_external(f.live, f.mx, 25, peer);
  f.kernel.run_until(0);
  f.net.external_send(conn, "EHLO me\r\nAUTH PLAIN AGFubmUAc2VjcmV0\r\nQUIT\r\n");
  f.kernel.run_until(0);
  REQUIRE(f.trace.size() > 5);
  ExportOptions options;
  options.mask_secrets = true;
  options.epoch = 1143878400;
  options.addresses = {{"live-client", "127.0.0.1"}, {"mx.example", "192.0.2.2"}};
  const auto path = std::filesystem::temp_directory_path() / "mailsim-trace-json-test.json";
  auto written = [&](const ExportOptions& o) {
    std::string error;
    REQUIRE(write_trace_json(f.trace, o, "t", path.string(), error));
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  nlohmann::json expected;
  expected["scenario"] = "t";
  expected["epoch"] = options.epoch;
  expected["hosts"] = {{"live-client", "127.0.0.1"}, {"mx.example", "192.0.2.2"}};
  expected["trace"] = nlohmann::json::array();
  const PreparedEvents prepared = prepare_events(f.trace, options, true);
  for (const TraceEvent& e : prepared.events) expected["trace"].push_back(f.trace.to_json(e));
  const std::string text = written(options);
  CHECK(text == expected.dump(1) + "\n");
  CHECK(text.find("AGFubmUAc2VjcmV0") == std::string::npos);
  ExportOptions none = options;
  none.only_conn = 999;  // no event kept: an empty list
  expected["trace"] = nlohmann::json::array();
  CHECK(written(none) == expected.dump(1) + "\n");
  std::filesystem::remove(path);
}


TEST_CASE("a live client's bytes that are not UTF-8 reach the JSON trace as U+FFFD, and the export says so") {
  LiveFixture f;
  Peer peer;
  const std::uint32_t conn = f.net.connect_external(f.live, f.mx, 25, peer);
  f.kernel.run_until(0);
  f.net.external_send(conn, "HELO caf\xc3\r\nNOOP \xff\xfe\r\nQUIT\r\n");  // a truncated é, two stray bytes
  f.kernel.run_until(0);
  Scenario scenario;
  scenario.name = "t";
  ExportRequest request;
  const auto path = std::filesystem::temp_directory_path() / "mailsim-trace-not-utf8-test.json";
  request.trace_json = path.string();
  const ExportReport report = write_exports(request, f.trace, f.net, scenario);
  REQUIRE(report.size() == 1);
  CHECK(report[0].ok());
  CHECK(report[0].not_utf8 == 2);  // the two client lines; the replies never echo them
  std::ifstream in(path, std::ios::binary);
  const std::string text(std::istreambuf_iterator<char>(in), {});
  const nlohmann::json doc = nlohmann::json::parse(text);  // valid JSON, hence valid UTF-8
  std::vector<std::string> client_lines;
  for (const auto& e : doc["trace"])
    if (e.value("dir", "") == "C") client_lines.push_back(e["text"]);
  REQUIRE(client_lines.size() == 3);
  CHECK(client_lines[0] == "HELO caf\xef\xbf\xbd");
  CHECK(client_lines[1] == "NOOP \xef\xbf\xbd\xef\xbf\xbd");
  CHECK(not_utf8_note(2).find("2 texts hold bytes that are not UTF-8") == 0);
  std::filesystem::remove(path);
}

TEST_CASE("connect_external with a TLS transport: the peer is told to start TLS right after the go-ahead") {
  LiveFixture f;
  Peer peer;
  const std::uint32_t conn = f.connect_tls_capable(peer, "EHLO cli\r\n");
  CHECK(peer.received.find("250 STARTTLS\r\n") != std::string::npos);
  CHECK(peer.tls_after == std::string::npos);
  f.net.external_send(conn, "STARTTLS\r\n");
  f.kernel.run_until(0);
  REQUIRE(peer.tls_after == peer.received.size());
  CHECK(peer.received.substr(peer.received.size() - 24) == "220 Ready to start TLS\r\n");
}

TEST_CASE("pcap: a connection in the wire log carries its TLS records, not its lines, from the switch on") {
  LiveFixture f;
  Peer peer;
  const std::uint32_t conn = f.connect_tls_capable(peer, "EHLO before\r\nSTARTTLS\r\n");
  WireLog wire;
  wire[conn].from_event = static_cast<std::uint32_t>(f.trace.size());
  wire[conn].chunks.push_back({f.kernel.now(), Direction::ClientToServer, "\x16\x03\x01" "client-hello"});
  f.net.external_send(conn, "EHLO secret.example\r\n");
  f.kernel.run_until(0);
  wire[conn].chunks.push_back({f.kernel.now(), Direction::ServerToClient, "\x17\x03\x03" "records"});
  f.net.external_detach(conn);
  f.kernel.run_until(1 * kSecond);
  ExportOptions options;
  options.addresses = host_addresses(f.net);
  const std::string without = pcap_bytes(f.trace, options);
  options.wire = &wire;
  const std::string with = pcap_bytes(f.trace, options);
  CHECK(without.find("EHLO secret.example") != std::string::npos);
  CHECK(with.find("EHLO secret.example") == std::string::npos);
  CHECK(with.find("EHLO before") != std::string::npos);
  CHECK(with.find("\x16\x03\x01" "client-hello") != std::string::npos);
  CHECK(with.find("\x17\x03\x03" "records") != std::string::npos);
  CHECK(with.find("\x16\x03\x01" "client-hello") < with.find("\x17\x03\x03" "records"));
}
