// SMTP server and client engines without any network: bytes in, bytes out.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "smtp/client.hpp"
#include "smtp/server.hpp"

using namespace mailsim;
using namespace mailsim::smtp;

namespace {

struct RecordingPolicy : ServerPolicy {
  std::vector<std::string> messages;
  Reply check_mail(const Envelope&, const std::string& path) override { return replies::sender_ok(path); }
  Reply check_rcpt(const Envelope&, const std::string& path) override {
    if (path.rfind("nobody@", 0) == 0) return replies::mailbox_unavailable(path, "User unknown");
    return replies::recipient_ok(path);
  }
  Reply accept_message(const Envelope&, std::string_view data) override {
    messages.emplace_back(data);
    return replies::message_accepted("Q" + std::to_string(messages.size()));
  }
};

ServerConfig config() {
  ServerConfig c;
  c.hostname = "mx.example";
  c.extensions = {"PIPELINING", "8BITMIME", "SIZE 1000000"};
  return c;
}

// Feeds `input` to a fresh server in the given chunk sizes; returns everything it said.
std::string run_server(const std::string& input, const std::vector<std::size_t>& cuts, RecordingPolicy& policy) {
  Server server(config(), policy);
  server.on_open(0);
  std::string out = server.take_output();
  std::size_t pos = 0;
  for (std::size_t cut : cuts) {
    if (pos >= input.size()) break;
    server.on_bytes(std::string_view(input).substr(pos, cut), 1);
    out += server.take_output();
    pos += cut;
  }
  if (pos < input.size()) {
    server.on_bytes(std::string_view(input).substr(pos), 1);
    out += server.take_output();
  }
  return out;
}

const std::string kSession =
    "EHLO client.example\r\n"
    "MAIL FROM:<anne@client.example>\r\n"
    "RCPT TO:<paul@mx.example>\r\n"
    "RCPT TO:<nobody@mx.example>\r\n"
    "DATA\r\n"
    "Subject: dots\r\n"
    "\r\n"
    "..a line that starts with a dot\r\n"
    ".\r\n"
    "QUIT\r\n";

}  // namespace

TEST_CASE("smtp server: a full session, with dot-stuffing removed") {
  RecordingPolicy policy;
  const std::string out = run_server(kSession, {}, policy);
  CHECK(out.find("220 mx.example ESMTP mailsim\r\n") == 0);
  CHECK(out.find("250-mx.example Hello client.example") != std::string::npos);
  CHECK(out.find("250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 1000000\r\n") != std::string::npos);
  CHECK(out.find("550 <nobody@mx.example>... User unknown") != std::string::npos);
  CHECK(out.find("354 ") != std::string::npos);
  CHECK(out.find("250 Q1 Message accepted") != std::string::npos);
  CHECK(out.find("221 mx.example") != std::string::npos);
  REQUIRE(policy.messages.size() == 1);
  CHECK(policy.messages[0] == "Subject: dots\r\n\r\n.a line that starts with a dot\r\n");
}

TEST_CASE("smtp server: each message of a connection arrives whole, after a large one too") {
  // The server keeps its message buffer from one transaction to the next; nothing of one
  // message may leak into the next, whether the buffer was kept or, past 64 KiB, let go.
  const std::string big_line(900, 'x');
  std::string big;
  for (int i = 0; i < 100; ++i) big += big_line + "\r\n";  // about 90 KB
  const std::string input = "EHLO client.example\r\n"
                            "MAIL FROM:<anne@client.example>\r\nRCPT TO:<paul@mx.example>\r\nDATA\r\n" +
                            big + ".\r\n"
                            "MAIL FROM:<anne@client.example>\r\nRCPT TO:<paul@mx.example>\r\nDATA\r\n"
                            "Subject: small\r\n\r\nhello\r\n.\r\n"
                            "MAIL FROM:<anne@client.example>\r\nRCPT TO:<paul@mx.example>\r\nDATA\r\n"
                            "Subject: third\r\n\r\nbye\r\n.\r\nQUIT\r\n";
  RecordingPolicy policy;
  run_server(input, {}, policy);
  REQUIRE(policy.messages.size() == 3);
  CHECK(policy.messages[0] == big);
  CHECK(policy.messages[1] == "Subject: small\r\n\r\nhello\r\n");
  CHECK(policy.messages[2] == "Subject: third\r\n\r\nbye\r\n");
}

TEST_CASE("smtp server: the result does not depend on how TCP cut the bytes") {
  RecordingPolicy whole_policy;
  const std::string whole = run_server(kSession, {}, whole_policy);
  RecordingPolicy byte_policy;
  const std::string bytewise = run_server(kSession, std::vector<std::size_t>(kSession.size(), 1), byte_policy);
  CHECK(bytewise == whole);
  CHECK(byte_policy.messages == whole_policy.messages);
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::size_t> cuts;
    for (std::size_t total = 0; total < kSession.size();) {
      cuts.push_back(1 + rng() % 17);
      total += cuts.back();
    }
    RecordingPolicy p;
    CHECK(run_server(kSession, cuts, p) == whole);
    CHECK(p.messages == whole_policy.messages);
  }
}

TEST_CASE("smtp server: the errors a user meets first") {
  RecordingPolicy policy;
  SUBCASE("MAIL before HELO is a bad sequence") {
    CHECK(run_server("MAIL FROM:<a@b>\r\n", {}, policy).find("503 Bad sequence of commands: send HELO/EHLO first") != std::string::npos);
  }
  SUBCASE("DATA before RCPT is a bad sequence") {
    const auto out = run_server("HELO x\r\nMAIL FROM:<a@b>\r\nDATA\r\n", {}, policy);
    CHECK(out.find("503 Bad sequence of commands: need RCPT command") != std::string::npos);
  }
  SUBCASE("an unknown command is a syntax error") {
    CHECK(run_server("HELO x\r\nFOO bar\r\n", {}, policy).find("500 Syntax error, command unrecognized: \"FOO\"") != std::string::npos);
  }
  SUBCASE("a path without brackets is a parameter error") {
    CHECK(run_server("HELO x\r\nMAIL FROM:a@b\r\n", {}, policy).find("501 Syntax error in parameters or arguments: ") != std::string::npos);
  }
  SUBCASE("HELO without a name") {
    CHECK(run_server("HELO\r\n", {}, policy).find("501 ") != std::string::npos);
  }
  SUBCASE("EHLO/HELO take one domain or address literal (RFC 5321 4.1.1.1, 4.1.3); control bytes are never echoed") {
    for (const std::string& bad : {std::string("EHLO a\0b", 8), std::string("EHLO !!!@@@"), std::string("EHLO [300.1.1.1]"),
                                  std::string("HELO a b"), std::string("EHLO \x1b]0;pwned\x07")}) {
      const auto out = run_server(bad + "\r\n", {}, policy);
      CHECK_MESSAGE(out.find("\r\n501 ") != std::string::npos, bad);
      CHECK(out.find("Syntax error in parameters or arguments: ") != std::string::npos);
      CHECK(out.find('\0') == std::string::npos);
      CHECK(out.find('\x1b') == std::string::npos);
    }
    for (const char* good : {"EHLO client.example", "EHLO [192.0.2.1]", "EHLO [IPv6:2001:db8::1]", "HELO pc3", "EHLO 192.0.2.1"})
      CHECK_MESSAGE(run_server(std::string(good) + "\r\n", {}, policy).find("\r\n250") != std::string::npos, good);
  }
  SUBCASE("TURN is refused as obsolete and insecure") {
    CHECK(run_server("HELO x\r\nTURN\r\n", {}, policy).find("502 TURN not implemented: TURN let anyone claim") != std::string::npos);
  }
  SUBCASE("a command line over 512 octets") {
    const auto out = run_server("HELO x\r\nNOOP " + std::string(600, 'a') + "\r\nNOOP\r\n", {}, policy);
    CHECK(out.find("500 Line too long") != std::string::npos);
    CHECK(out.find("250 Ok") != std::string::npos);  // the session goes on
  }
  SUBCASE("an RFC 821 server refuses EHLO with 500") {
    ServerConfig c = config();
    c.esmtp = false;
    Server server(c, policy);
    server.on_open(0);
    server.on_bytes("EHLO x\r\n", 0);
    CHECK(server.take_output().find("500 Syntax error, command unrecognized: \"EHLO\"") != std::string::npos);
  }
}

TEST_CASE("smtp server: the error budget ends the session with 421") {
  RecordingPolicy policy;
  std::string input;
  for (int i = 0; i < 12; ++i) input += "BOGUS\r\n";
  Server server(config(), policy);
  server.on_open(0);
  server.on_bytes(input, 0);
  const std::string out = server.take_output();
  CHECK(out.find("421 mx.example Service not available") != std::string::npos);
  CHECK(server.wants_close());
}

TEST_CASE("smtp server: idle clients are dropped after the command timeout") {
  RecordingPolicy policy;
  Server server(config(), policy);
  server.on_open(0);
  server.take_output();
  CHECK(server.deadline() == 5 * kMinute);
  server.on_timer(5 * kMinute);
  CHECK(server.take_output().find("421 ") == 0);
  CHECK(server.wants_close());
}

namespace {
// Joins a client and a server directly, passing bytes until both are quiet.
void converse(Client& client, Server& server) {
  server.on_open(0);
  client.on_open(0);
  for (int i = 0; i < 100 && !(client.wants_close() && server.wants_close()); ++i) {
    const std::string to_client = server.take_output();
    if (!to_client.empty()) client.on_bytes(to_client, i);
    const std::string to_server = client.take_output();
    if (!to_server.empty()) server.on_bytes(to_server, i);
    if (to_client.empty() && to_server.empty()) break;
  }
}
}  // namespace

TEST_CASE("smtp client and server: a transaction with one refused recipient") {
  RecordingPolicy policy;
  Server server(config(), policy);
  Transaction t;
  t.mail_from = "anne@client.example";
  t.rcpt_to = {"paul@mx.example", "nobody@mx.example"};
  t.data = std::make_shared<const std::string>("Subject: hi\r\n\r\n.hidden dot\r\nend\r\n");
  Client client("client.example", {t});
  converse(client, server);
  REQUIRE(client.transactions().size() == 1);
  const Transaction& done = client.transactions()[0];
  CHECK(done.rcpt_replies.at(0).code == 250);
  CHECK(done.rcpt_replies.at(1).code == 550);
  CHECK(done.final_reply.code == 250);
  CHECK(client.extensions() == std::vector<std::string>{"PIPELINING", "8BITMIME", "SIZE 1000000"});
  REQUIRE(policy.messages.size() == 1);
  CHECK(policy.messages[0] == *t.data);  // dot-stuffed by the client, unstuffed by the server
  CHECK(client.session_error().empty());
}

TEST_CASE("smtp client falls back to HELO when EHLO is not understood") {
  RecordingPolicy policy;
  ServerConfig c = config();
  c.esmtp = false;
  Server server(c, policy);
  Transaction t;
  t.mail_from = "a@client.example";
  t.rcpt_to = {"paul@mx.example"};
  t.data = std::make_shared<const std::string>("x\r\n");
  Client client("client.example", {t});
  converse(client, server);
  CHECK(client.transactions()[0].delivered());
  CHECK(server.envelope().esmtp == false);
}

TEST_CASE("smtp client with no accepted recipient sends RSET, not DATA") {
  RecordingPolicy policy;
  ServerConfig c = config();
  c.extensions = {"8BITMIME"};  // no PIPELINING: the client waits for each reply
  Server server(c, policy);
  Transaction t;
  t.mail_from = "a@client.example";
  t.rcpt_to = {"nobody@mx.example"};
  t.data = std::make_shared<const std::string>("x\r\n");
  Client client("client.example", {t});
  converse(client, server);
  CHECK(policy.messages.empty());
  CHECK(client.transactions()[0].data_reply.code == 0);
  CHECK_FALSE(client.transactions()[0].delivered());
}

TEST_CASE("the client's reply reader keeps an RFC 3463 code apart from the text") {
  smtp::ReplyReader reader;
  auto r = reader.feed("550 5.1.1 <bobby@example.org>... User unknown");
  REQUIRE(r.has_value());
  CHECK(r->enhanced == "5.1.1");
  CHECK(r->text() == "<bobby@example.org>... User unknown");
  CHECK(r->summary() == "550 5.1.1 <bobby@example.org>... User unknown");
  CHECK_FALSE(reader.feed("250-2.0.0 first"));
  r = reader.feed("250 2.0.0 second");
  REQUIRE(r.has_value());
  CHECK(r->lines == std::vector<std::string>{"first", "second"});
  // Not an enhanced code: a class that differs from the reply's, a 3xx reply, digits glued to text.
  for (const char* line : {"550 4.1.1 wrong class", "354 2.0.0 go ahead", "250 2.0.0x text", "250 mail.example greets you"}) {
    r = reader.feed(line);
    REQUIRE(r.has_value());
    CHECK(r->enhanced.empty());
    CHECK(r->summary() == line);
  }
}
