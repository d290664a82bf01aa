// SMTP engines, RFC 5321 paths and limits, and the ESMTP extensions: replies on the
// wire, fed one byte at a time, and client and server engines talking to each other.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/md5.hpp"
#include "message/transfer_encoding.hpp"
#include "smtp/client.hpp"
#include "smtp/esmtp_params.hpp"
#include "smtp/server.hpp"

using namespace mailsim;
using namespace mailsim::smtp;

namespace {

struct Policy : ServerPolicy {
  std::vector<std::string> messages;
  std::vector<Envelope> envelopes;
  std::vector<std::string> events;
  Reply check_mail(const Envelope&, const std::string& path) override { return replies::sender_ok(path); }
  Reply check_rcpt(const Envelope&, const std::string& path) override {
    if (path.rfind("nobody@", 0) == 0) return replies::mailbox_unavailable(path, "User unknown");
    return replies::recipient_ok(path);
  }
  Reply accept_message(const Envelope& env, std::string_view data) override {
    messages.emplace_back(data);
    envelopes.push_back(env);
    return replies::message_accepted("Q" + std::to_string(messages.size()));
  }
  bool authenticate(const std::string& user, const std::string& password) override {
    return user == "anne" && password == "secret";
  }
  std::optional<std::string> secret(const std::string& user) override {
    if (user == "anne") return std::string("secret");
    return std::nullopt;
  }
  void event(const std::string& text) override { events.push_back(text); }
};

ServerConfig config(std::vector<std::string> extensions) {
  ServerConfig c;
  c.hostname = "mx.example";
  c.extensions = std::move(extensions);
  return c;
}

// Feeds the input one byte at a time; returns everything the server said.
std::string bytewise(Server& server, const std::string& input) {
  server.on_open(0);
  std::string out = server.take_output();
  for (char c : input) {
    server.on_bytes(std::string_view(&c, 1), 1);
    out += server.take_output();
  }
  return out;
}

std::string session(const std::string& input, Policy& policy, std::vector<std::string> ext = {"PIPELINING", "SIZE 1000", "8BITMIME", "DSN",
                                                                                                 "ENHANCEDSTATUSCODES", "CHUNKING", "BINARYMIME",
                                                                                                 "AUTH PLAIN LOGIN CRAM-MD5", "STARTTLS", "SMTPUTF8"}) {
  Server server(config(std::move(ext)), policy);
  return bytewise(server, input);
}

bool has(const std::string& out, const std::string& what) { return out.find(what) != std::string::npos; }

void converse(Client& client, Server& server) {
  server.on_open(0);
  client.on_open(0);
  for (int i = 0; i < 200 && !(client.wants_close() && server.wants_close()); ++i) {
    const std::string to_client = server.take_output();
    for (char c : to_client) client.on_bytes(std::string_view(&c, 1), i);
    const std::string to_server = client.take_output();
    for (char c : to_server) server.on_bytes(std::string_view(&c, 1), i);
    if (to_client.empty() && to_server.empty()) break;
  }
}

}  // namespace

TEST_CASE("smtp paths: null path, postmaster, source routes, quoted local parts, IP literals") {
  Policy p;
  SUBCASE("<> is the null reverse-path, refused as a recipient") {
    const auto out = session("EHLO c\r\nMAIL FROM:<>\r\nRCPT TO:<>\r\n", p);
    CHECK(has(out, "250 2.1.0 <>... Sender ok"));
    CHECK(has(out, "501 5.1.3 "));
  }
  SUBCASE("<postmaster> without a domain is a valid recipient") {
    CHECK(has(session("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<Postmaster>\r\n", p), "250 2.1.5 <postmaster>"));
  }
  SUBCASE("a source route is accepted and ignored") {
    CHECK(has(session("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<@a.example,@b.example:paul@mx.example>\r\n", p),
              "250 2.1.5 <paul@mx.example>"));
  }
  SUBCASE("a quoted local part") {
    CHECK(has(session("EHLO c\r\nMAIL FROM:<\"jean dupont\"@b.example>\r\n", p), "250 2.1.0 <\"jean dupont\"@b.example>"));
  }
  SUBCASE("an IP literal") {
    CHECK(has(session("EHLO c\r\nMAIL FROM:<a@[192.0.2.1]>\r\n", p), "250 2.1.0 <a@[192.0.2.1]>"));
  }
  SUBCASE("local part 64 octets is fine, 65 is not") {
    const std::string l64(64, 'a'), l65(65, 'a');
    CHECK(has(session("EHLO c\r\nMAIL FROM:<" + l64 + "@b.example>\r\n", p), "250 2.1.0"));
    CHECK(has(session("EHLO c\r\nMAIL FROM:<" + l65 + "@b.example>\r\n", p), "501 5.1.7"));
  }
  SUBCASE("a domain over 255 octets and a path over 256 are refused") {
    std::string domain;
    while (domain.size() < 260) domain += "abcdefghi.";
    domain += "fr";
    const auto out = session("EHLO c\r\nMAIL FROM:<a@" + domain + ">\r\n", p);
    CHECK_FALSE(has(out, "250 2.1.0"));
    CHECK((has(out, "501 ") || has(out, "553 ")));
  }
  SUBCASE("UTF-8 needs SMTPUTF8") {
    CHECK(has(session("EHLO c\r\nMAIL FROM:<jos\xc3\xa9@b.example>\r\n", p), "553 5.6.7"));
    CHECK(has(session("EHLO c\r\nMAIL FROM:<jos\xc3\xa9@b.example> SMTPUTF8\r\n", p), "250 2.1.0"));
  }
}

TEST_CASE("smtp paths: a space after MAIL FROM: or RCPT TO: is tolerated, unless the server is strict") {
  Policy p;
  const std::string input = "EHLO c\r\nMAIL FROM: <a@b.example>\r\nRCPT TO: <paul@mx.example>\r\n";
  SUBCASE("lenient by default, as most servers") {
    const auto out = session(input, p);
    CHECK(has(out, "250 2.1.0 <a@b.example>"));
    CHECK(has(out, "250 2.1.5 <paul@mx.example>"));
  }
  SUBCASE("strict_syntax: 501 5.5.4 naming the space, and the transaction does not open") {
    ServerConfig c = config({"PIPELINING", "ENHANCEDSTATUSCODES"});
    c.strict_syntax = true;
    Server server(c, p);
    const auto out = bytewise(server, input + "MAIL FROM:<a@b.example>\r\nRCPT TO:\t<paul@mx.example>\r\n");
    CHECK(has(out, "501 5.5.4 Syntax error in parameters or arguments: no space allowed after \"MAIL FROM:\" (RFC 5321 §4.1.2): "
                   "write MAIL FROM:<address>"));
    CHECK(has(out, "503 "));  // the RCPT after the refused MAIL: no transaction
    CHECK(has(out, "250 2.1.0 <a@b.example>"));  // written as the RFC says, accepted
    CHECK(has(out, "501 5.5.4 Syntax error in parameters or arguments: no space allowed after \"RCPT TO:\""));
    CHECK_FALSE(has(out, "250 2.1.5"));
  }
}

TEST_CASE("smtp limits: command line, text line, recipients, size, error budget, hops") {
  Policy p;
  SUBCASE("a command line over 512 octets gets 500 5.5.2") {
    CHECK(has(session("EHLO c\r\nNOOP " + std::string(600, 'x') + "\r\nNOOP\r\n", p), "500 5.5.2 Line too long"));
  }
  SUBCASE("a text line over 1000 octets refuses the message") {
    const auto out = session("EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<p@mx.example>\r\nDATA\r\n" + std::string(1200, 'x') + "\r\n.\r\n", p,
                             {"ENHANCEDSTATUSCODES"});
    CHECK(has(out, "500 5.5.2 Line too long in message text"));
    CHECK(p.messages.empty());
  }
  SUBCASE("the 101st recipient gets 452 4.5.3") {
    std::string in = "EHLO c\r\nMAIL FROM:<a@b>\r\n";
    for (int i = 0; i < 101; ++i) in += "RCPT TO:<u" + std::to_string(i) + "@mx.example>\r\n";
    const auto out = session(in, p);
    CHECK(has(out, "452 4.5.3 Too many recipients"));
  }
  SUBCASE("SIZE above the limit is refused before the data") {
    CHECK(has(session("EHLO c\r\nMAIL FROM:<a@b> SIZE=5000\r\n", p), "552 5.3.4"));
  }
  SUBCASE("too many Received: fields: 554 5.4.6") {
    ServerConfig c = config({"ENHANCEDSTATUSCODES"});
    c.limits.max_received = 3;
    Server server(c, p);
    std::string in = "EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<p@mx.example>\r\nDATA\r\n";
    for (int i = 0; i < 4; ++i) in += "Received: from x by y; now\r\n";
    in += "\r\nbody\r\n.\r\n";
    CHECK(has(bytewise(server, in), "554 5.4.6"));
  }
  SUBCASE("the error budget ends the session with 421") {
    std::string in = "EHLO c\r\n";
    for (int i = 0; i < 12; ++i) in += "FOO\r\n";
    const auto out = session(in, p);
    CHECK(has(out, "421 4.3.2"));
  }
}

TEST_CASE("smtp replies: sequence errors, 504, 555, obsolete commands") {
  Policy p;
  const auto out = session("RCPT TO:<a@b>\r\nEHLO c\r\nDATA\r\nMAIL FROM:<a@b> COLOR=red\r\nHELP NOSUCH\r\nTURN\r\nSOML FROM:<a@b>\r\n", p);
  CHECK(has(out, "503 5.5.1 Bad sequence of commands: send HELO/EHLO first"));
  CHECK(has(out, "503 5.5.1 Bad sequence of commands: need MAIL command"));
  CHECK(has(out, "555 5.5.4 MAIL FROM parameter COLOR"));
  CHECK(has(out, "504 5.5.4"));
  CHECK(has(out, "502 5.5.1 TURN not implemented"));
  CHECK(has(out, "ETRN replaced it"));
  CHECK(has(out, "502 5.5.1 SOML not implemented"));
}

TEST_CASE("smtp DSN parameters are parsed and kept in the envelope") {
  Policy p;
  const auto out = session(
      "EHLO c\r\nMAIL FROM:<jean@jussieu.fr> RET=HDRS ENVID=toto\r\nRCPT TO:<paul@uvsq.fr> NOTIFY=SUCCESS ORCPT=rfc822;paul@uvsq.fr\r\n"
      "DATA\r\nhi\r\n.\r\n",
      p);
  CHECK(has(out, "250 2.0.0 Q1"));
  REQUIRE(p.envelopes.size() == 1);
  CHECK(p.envelopes[0].ret == "HDRS");
  CHECK(p.envelopes[0].envid == "toto");
  CHECK(p.envelopes[0].rcpt_params.at(0).notify == "SUCCESS");
  CHECK(p.envelopes[0].rcpt_params.at(0).orcpt == "rfc822;paul@uvsq.fr");
  CHECK(xtext_decode("a+2Bb").value() == "a+b");
  CHECK(xtext_encode("a+b=c") == "a+2Bb+3Dc");
  CHECK_FALSE(normalize_notify("NEVER,SUCCESS").has_value());
}

TEST_CASE("smtp BDAT: chunks read by size, byte by byte, no dot-stuffing") {
  Policy p;
  const std::string chunk1 = ".dot\r\n";
  const std::string chunk2 = "end\r\n";
  const auto out = session("EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<p@mx.example>\r\nBDAT " + std::to_string(chunk1.size()) + "\r\n" + chunk1 +
                               "BDAT " + std::to_string(chunk2.size()) + " LAST\r\n" + chunk2 + "QUIT\r\n",
                           p);
  CHECK(has(out, "250 2.0.0 6 octets received"));
  REQUIRE(p.messages.size() == 1);
  CHECK(p.messages[0] == ".dot\r\nend\r\n");
  CHECK(has(out, "221 "));
  SUBCASE("DATA after BODY=BINARYMIME is refused") {
    Policy q;
    CHECK(has(session("EHLO c\r\nMAIL FROM:<a@b> BODY=BINARYMIME\r\nRCPT TO:<p@mx.example>\r\nDATA\r\n", q), "503 5.5.1"));
  }
  SUBCASE("a refused BDAT chunk is still read") {
    Policy q;
    const auto o = session("EHLO c\r\nBDAT 6\r\nNOOP\r\nNOOP\r\n", q);
    CHECK(has(o, "503 5.5.1 Bad sequence of commands: need MAIL command"));
    CHECK(has(o, "250 2.0.0 Ok"));  // only the second NOOP is a command
  }
}

TEST_CASE("smtp AUTH on the server: PLAIN, LOGIN, CRAM-MD5, failures, TLS requirement") {
  Policy p;
  SUBCASE("PLAIN with an initial response") {
    const std::string resp = message::encode_base64(std::string("\0anne\0secret", 12), 0);
    CHECK(has(session("EHLO c\r\nAUTH PLAIN " + resp + "\r\n", p), "235 2.7.0"));
  }
  SUBCASE("LOGIN, wrong password") {
    const auto out = session("EHLO c\r\nAUTH LOGIN\r\n" + message::encode_base64("anne", 0) + "\r\n" +
                                 message::encode_base64("nope", 0) + "\r\n",
                             p);
    CHECK(has(out, "334 VXNlcm5hbWU6"));
    CHECK(has(out, "535 5.7.8"));
  }
  SUBCASE("MAIL before AUTH where it is required") {
    ServerConfig c = config({"ENHANCEDSTATUSCODES", "AUTH PLAIN"});
    c.require_auth = true;
    Server server(c, p);
    CHECK(has(bytewise(server, "EHLO c\r\nMAIL FROM:<a@b>\r\n"), "530 5.7.0"));
  }
  SUBCASE("AUTH before STARTTLS where TLS is required, then STARTTLS resets the session") {
    ServerConfig c = config({"ENHANCEDSTATUSCODES", "AUTH PLAIN", "STARTTLS"});
    c.require_tls_for_auth = true;
    Server server(c, p);
    const auto out = bytewise(server, "EHLO c\r\nAUTH PLAIN AGFubmUAc2VjcmV0\r\nSTARTTLS\r\nMAIL FROM:<a@b>\r\n");
    CHECK(has(out, "538 5.7.11"));
    CHECK(has(out, "220 2.0.0 Ready to start TLS"));
    CHECK(has(out, "503 5.5.1 Bad sequence of commands: send HELO/EHLO first"));
    CHECK(server.envelope().tls);
  }
  SUBCASE("STARTTLS with real TLS (live mode): the 220 ends the output, the transport is told, no simulated note") {
    ServerConfig c = config({"STARTTLS"});
    c.real_tls = true;
    Server server(c, p);
    server.on_open(0);
    server.take_output();
    server.on_bytes("EHLO c\r\n", 1);
    server.take_output();
    CHECK_FALSE(server.taken_output_starts_tls());
    server.on_bytes("STARTTLS\r\nMAIL FROM:<injected@b>\r\n", 1);  // pipelined behind it: dropped
    CHECK(server.take_output() == "220 Ready to start TLS\r\n");
    CHECK(server.taken_output_starts_tls());
    CHECK(p.events.empty());
    server.on_bytes("EHLO c\r\n", 1);
    const std::string ehlo = server.take_output();
    CHECK_FALSE(has(ehlo, "STARTTLS"));
    CHECK_FALSE(server.taken_output_starts_tls());
    CHECK(server.envelope().mail_from.empty());
  }
  SUBCASE("implicit TLS (port 465): in TLS from the greeting, no STARTTLS") {
    ServerConfig c = config({"AUTH PLAIN", "STARTTLS"});
    c.require_tls_for_auth = true;
    c.tls_from_start = true;
    Server server(c, p);
    const auto out = bytewise(server, "EHLO c\r\nAUTH PLAIN AGFubmUAc2VjcmV0\r\n");
    CHECK_FALSE(has(out, "STARTTLS"));
    CHECK(has(out, "235 "));
    CHECK(server.envelope().tls);
  }
  SUBCASE("an unknown mechanism gets 504, PLAIN on a strict host 534") {
    ServerConfig c = config({"AUTH PLAIN CRAM-MD5"});
    c.plaintext_auth_too_weak = true;
    Server server(c, p);
    const auto out = bytewise(server, "EHLO c\r\nAUTH GSSAPI\r\nAUTH PLAIN AGFubmUAc2VjcmV0\r\n");
    CHECK(has(out, "504 "));
    CHECK(has(out, "534 "));
  }
}

TEST_CASE("smtp client and server: AUTH CRAM-MD5, STARTTLS, pipelining and BDAT end to end") {
  for (const char* mech : {"PLAIN", "LOGIN", "CRAM-MD5"}) {
    CAPTURE(mech);
    Policy p;
    ServerConfig c = config({"PIPELINING", "CHUNKING", "8BITMIME", "STARTTLS", "AUTH PLAIN LOGIN CRAM-MD5", "ENHANCEDSTATUSCODES"});
    c.require_auth = true;
    c.require_tls_for_auth = true;
    Server server(c, p);
    Transaction t;
    t.mail_from = "anne@client.example";
    t.rcpt_to = {"paul@mx.example", "nobody@mx.example"};
    t.data = std::make_shared<const std::string>("Subject: hi\r\n\r\n.not stuffed with BDAT\r\n");
    ClientOptions o;
    o.starttls = true;
    o.auth_user = "anne";
    o.auth_password = "secret";
    o.auth_mechanism = mech;
    o.chunk_size = 10;
    Client client("client.example", {t}, o);
    converse(client, server);
    CHECK(client.tls());
    CHECK(client.auth_reply().code == 235);
    const Transaction& done = client.transactions()[0];
    CHECK(done.rcpt_replies.at(1).code == 550);
    CHECK(done.delivered());
    REQUIRE(p.messages.size() == 1);
    CHECK(p.messages[0] == *t.data);
    CHECK(p.envelopes[0].chunked);
    CHECK(p.envelopes[0].auth_user == "anne");
  }
}

TEST_CASE("smtp client downgrades an 8-bit body for a server without 8BITMIME") {
  Policy p;
  Server server(config({"PIPELINING"}), p);
  Transaction t;
  t.mail_from = "anne@client.example";
  t.rcpt_to = {"paul@mx.example"};
  t.data = std::make_shared<const std::string>("Subject: hi\r\n\r\nr\xc3\xa9union\r\n");
  Client client("client.example", {t});
  converse(client, server);
  REQUIRE(p.messages.size() == 1);
  CHECK(client.transactions()[0].downgraded);
  CHECK(has(p.messages[0], "Content-Transfer-Encoding: quoted-printable"));
  CHECK(has(p.messages[0], "r=C3=A9union"));
}
