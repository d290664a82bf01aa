// POP3 server engine: every command with its success and error replies, the course's
// example session, maildrop locking, byte stuffing, limits, and split-independence.
#include <doctest/doctest.h>

#include "core/md5.hpp"
#include "pop3/server.hpp"
#include "test_pop3_imap_pump.hpp"

using namespace mailsim;

namespace {

std::shared_ptr<const std::string> msg(const std::string& subject, const std::string& body) {
  return std::make_shared<const std::string>("From: a@example.org\r\nTo: pda@soleil.uvsq.fr\r\nSubject: " + subject +
                                             "\r\n\r\n" + body);
}

struct Pop3Fixture {
  Mailstore store;
  CredentialTable creds{{{"pda", "monmotdepasse"}, {"bob", "pw"}}};
  pop3::StoreMaildrop maildrop{store};
  Pop3Fixture() {
    store.add_user("pda");
    store.deliver("pda", "INBOX", msg("one", "first\r\n"), 1, 0);
    store.deliver("pda", "INBOX", msg("two", ".dot line\r\nsecond\r\n"), 2, 0);
    store.deliver("pda", "INBOX", msg("three", "l1\r\nl2\r\nl3\r\n"), 3, 0);
  }
  std::unique_ptr<pop3::Server> open(pop3::Settings s = {}) {
    s.host_name = "soleil.uvsq.fr";
    auto srv = std::make_unique<pop3::Server>(maildrop, creds, s, 4145);
    srv->on_open(0);
    srv->take_output();
    return srv;
  }
};

// Sends one command line, returns everything the server answered.
std::string say(pop3::Server& s, const std::string& line) {
  s.on_bytes(line + "\r\n", 1);
  return s.take_output();
}

std::string login(pop3::Server& s) {
  say(s, "USER pda");
  return say(s, "PASS monmotdepasse");
}

}  // namespace

TEST_CASE("pop3: the course's example session") {
  Pop3Fixture f;
  pop3::Settings settings;
  settings.host_name = "soleil.uvsq.fr";
  pop3::Server s(f.maildrop, f.creds, settings, 4145);
  s.on_open(845637275);
  const std::string greeting = s.take_output();
  CHECK(greeting == "+OK soleil.uvsq.fr POP3 server ready <4145.845637275@soleil.uvsq.fr>\r\n");
  CHECK(std::string(s.state_name()) == "AUTHORIZATION");
  const auto& m1 = *f.store.find("pda")->folder("INBOX")->messages[0].data;
  const std::size_t total = f.store.find("pda")->total_bytes();
  CHECK(say(s, "USER pda") == "+OK Password required for pda.\r\n");
  CHECK(say(s, "PASS monmotdepasse") == "+OK pda has 3 messages (" + std::to_string(total) + " octets).\r\n");
  CHECK(std::string(s.state_name()) == "TRANSACTION");
  CHECK(say(s, "STAT") == "+OK 3 " + std::to_string(total) + "\r\n");
  CHECK(say(s, "LIST 1") == "+OK 1 " + std::to_string(m1.size()) + "\r\n");
  CHECK(say(s, "RETR 1") == "+OK " + std::to_string(m1.size()) + " octets\r\n" + m1 + ".\r\n");
  CHECK(say(s, "DELE 1") == "+OK Message 1 has been deleted.\r\n");
  CHECK(say(s, "QUIT") == "+OK soleil.uvsq.fr POP3 server signing off (1 message deleted, 2 left)\r\n");
  CHECK(s.wants_close());
  const Folder& inbox = *f.store.find("pda")->folder("INBOX");
  REQUIRE(inbox.messages.size() == 2);
  CHECK(inbox.messages[0].uid == 2);
  CHECK_FALSE(f.store.find("pda")->maildrop_locked);
}

TEST_CASE("pop3: authorization errors") {
  Pop3Fixture f;
  auto s = f.open();
  CHECK(say(*s, "PASS x") == "-ERR USER first\r\n");
  CHECK(say(*s, "STAT") == "-ERR Command not valid in this state\r\n");
  CHECK(say(*s, "XYZZY") == "-ERR Unknown command\r\n");
  CHECK(say(*s, "USER") == "-ERR Syntax: USER name\r\n");
  say(*s, "USER pda");
  CHECK(say(*s, "PASS wrong") == "-ERR [AUTH] Invalid login or password\r\n");
  CHECK(std::string(s->state_name()) == "AUTHORIZATION");
  say(*s, "USER nobody");
  CHECK(say(*s, "PASS x") == "-ERR [AUTH] Invalid login or password\r\n");
  say(*s, "USER pda");
  CHECK(say(*s, "PASS wrong") == "-ERR [AUTH] Invalid login; too many failures, closing\r\n");
  CHECK(s->wants_close());
}

TEST_CASE("pop3: QUIT in AUTHORIZATION does not touch the maildrop") {
  Pop3Fixture f;
  auto s = f.open();
  CHECK(say(*s, "quit") == "+OK soleil.uvsq.fr POP3 server signing off\r\n");
  CHECK(s->wants_close());
  CHECK(f.store.find("pda")->folder("INBOX")->messages.size() == 3);
}

TEST_CASE("pop3: APOP with the greeting's timestamp") {
  Pop3Fixture f;
  auto s = f.open();
  const std::string digest = md5_hex(s->timestamp() + "monmotdepasse");
  CHECK(say(*s, "APOP pda 0123456789abcdef0123456789abcdef") == "-ERR [AUTH] Invalid login or password\r\n");
  CHECK(say(*s, "APOP pda") == "-ERR Syntax: APOP name digest\r\n");
  CHECK(say(*s, "APOP pda " + digest).rfind("+OK pda has 3 messages", 0) == 0);
  pop3::Settings no_apop;
  no_apop.allow_apop = false;
  auto t = f.open(no_apop);
  CHECK(say(*t, "APOP pda " + digest) == "-ERR APOP not supported\r\n");
}

TEST_CASE("pop3: a second session on a locked maildrop is refused") {
  Pop3Fixture f;
  auto a = f.open();
  login(*a);
  auto b = f.open();
  say(*b, "USER pda");
  CHECK(say(*b, "PASS monmotdepasse") == "-ERR [IN-USE] Maildrop already locked by another session\r\n");
  a->on_peer_closed(2);  // dropped: lock released, no UPDATE
  CHECK_FALSE(f.store.find("pda")->maildrop_locked);
  CHECK(login(*b).rfind("+OK", 0) == 0);
  b.reset();  // destroyed without QUIT
  CHECK_FALSE(f.store.find("pda")->maildrop_locked);
}

TEST_CASE("pop3: transaction commands and their errors") {
  Pop3Fixture f;
  auto s = f.open();
  login(*s);
  const Folder& inbox = *f.store.find("pda")->folder("INBOX");
  const auto size = [&](int i) { return std::to_string(inbox.messages[i].size()); };
  CHECK(say(*s, "LIST") == "+OK 3 messages (" + std::to_string(inbox.total_bytes()) + " octets)\r\n1 " + size(0) +
                               "\r\n2 " + size(1) + "\r\n3 " + size(2) + "\r\n.\r\n");
  CHECK(say(*s, "LIST 4") == "-ERR No such message, only 3 messages in maildrop\r\n");
  CHECK(say(*s, "LIST 0") == "-ERR No such message, only 3 messages in maildrop\r\n");
  CHECK(say(*s, "LIST x") == "-ERR Invalid message number\r\n");
  CHECK(say(*s, "UIDL") == "+OK Unique-ID listing follows\r\n1 1.1\r\n2 1.2\r\n3 1.3\r\n.\r\n");
  CHECK(say(*s, "UIDL 2") == "+OK 2 1.2\r\n");
  CHECK(say(*s, "NOOP") == "+OK\r\n");
  CHECK(say(*s, "DELE 2") == "+OK Message 2 has been deleted.\r\n");
  CHECK(say(*s, "DELE 2") == "-ERR Message 2 already deleted\r\n");
  CHECK(say(*s, "RETR 2") == "-ERR Message 2 already deleted\r\n");
  CHECK(say(*s, "LIST").find("\r\n2 ") == std::string::npos);
  CHECK(say(*s, "STAT") == "+OK 2 " + std::to_string(inbox.messages[0].size() + inbox.messages[2].size()) + "\r\n");
  CHECK(say(*s, "RSET") == "+OK Maildrop has 3 messages (" + std::to_string(inbox.total_bytes()) + " octets)\r\n");
  CHECK(say(*s, "RETR 2").find("\r\n..dot line\r\nsecond\r\n.\r\n") != std::string::npos);  // byte-stuffed
  CHECK(say(*s, "TOP 3 0") ==
        "+OK Top of message follows\r\nFrom: a@example.org\r\nTo: pda@soleil.uvsq.fr\r\nSubject: three\r\n\r\n.\r\n");
  CHECK(say(*s, "TOP 3 2").find("\r\n\r\nl1\r\nl2\r\n.\r\n") != std::string::npos);
  CHECK(say(*s, "TOP 3 99").find("l3\r\n.\r\n") != std::string::npos);
  CHECK(say(*s, "TOP 3") == "-ERR Syntax: TOP msg n\r\n");
  CHECK(say(*s, "STAT 1") == "-ERR Syntax: STAT\r\n");
  CHECK(say(*s, "USER pda") == "-ERR Command not valid in this state\r\n");
  CHECK(say(*s, "LAST") == "-ERR LAST was removed from POP3 by RFC 1725; use UIDL\r\n");
  CHECK(say(*s, "QUIT").rfind("+OK", 0) == 0);
  // RETR marked messages 2 \Seen, and nobody is \Recent any more.
  CHECK((inbox.messages[1].flags & kFlagSeen) != 0);
  CHECK((inbox.messages[0].flags & (kFlagSeen | kFlagRecent)) == 0);
}

TEST_CASE("pop3: CAPA and the emulated LAST") {
  Pop3Fixture f;
  pop3::Settings settings;
  settings.last = pop3::LastMode::Emulated;
  auto s = f.open(settings);
  CHECK(say(*s, "CAPA") ==
        "+OK Capability list follows\r\nTOP\r\nUSER\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nLAST\r\n"
        "IMPLEMENTATION mailsim\r\n.\r\n");
  login(*s);
  CHECK(say(*s, "LAST") == "+OK 0\r\n");
  say(*s, "RETR 2");
  CHECK(say(*s, "LAST") == "+OK 2\r\n");
  say(*s, "RSET");
  CHECK(say(*s, "LAST") == "+OK 0\r\n");
}

TEST_CASE("pop3: messages delivered during a session wait for the next one") {
  Pop3Fixture f;
  auto s = f.open();
  login(*s);
  f.store.deliver("pda", "INBOX", msg("four", "x\r\n"), 4, 5);
  CHECK(say(*s, "STAT").rfind("+OK 3 ", 0) == 0);
  say(*s, "DELE 1");
  say(*s, "QUIT");
  const Folder& inbox = *f.store.find("pda")->folder("INBOX");
  REQUIRE(inbox.messages.size() == 3);
  CHECK(inbox.messages.back().uid == 4);
}

TEST_CASE("pop3: limits: command line length and idle timeout") {
  Pop3Fixture f;
  auto s = f.open();
  CHECK(say(*s, "USER " + std::string(248, 'x')) == "+OK Password required for " + std::string(248, 'x') + ".\r\n");
  CHECK(say(*s, "USER " + std::string(249, 'x')) == "-ERR Command line too long\r\n");
  CHECK(say(*s, "USER " + std::string(5000, 'x')) == "-ERR Command line too long\r\n");
  CHECK(say(*s, "NOOP") == "-ERR Command not valid in this state\r\n");
  login(*s);
  CHECK(s->deadline() == 1 + 10 * kMinute);
  s->on_timer(5 * kMinute);
  CHECK_FALSE(s->wants_close());
  s->on_timer(1 + 10 * kMinute);
  CHECK(s->take_output() == "-ERR Autologout; idle for too long\r\n");
  CHECK(s->wants_close());
  CHECK_FALSE(f.store.find("pda")->maildrop_locked);
  CHECK(f.store.find("pda")->folder("INBOX")->messages.size() == 3);
}

TEST_CASE("pop3: byte by byte and random splits give the same output") {
  const std::string script =
      "CAPA\r\nUSER pda\r\nPASS monmotdepasse\r\nSTAT\r\nLIST\r\nUIDL\r\nRETR 2\r\nTOP 1 1\r\nDELE 3\r\nRSET\r\n"
      "USER " + std::string(300, 'y') + "\r\nNOOP\nDELE 1\r\nQUIT\r\n";
  auto run = [&](const std::vector<std::size_t>& cuts) {
    Pop3Fixture f;
    auto s = f.open();
    return test::output_when_cut(*s, script, cuts);
  };
  const std::string whole = run({});
  CHECK(whole.find("+OK soleil.uvsq.fr POP3 server signing off") != std::string::npos);
  for (const auto& cuts : test::cuttings(script.size(), 7, 9)) CHECK(run(cuts) == whole);
}

TEST_CASE("pop3: STLS (RFC 2595) where offered: the go-ahead, then a new session that drops what was pipelined") {
  Pop3Fixture f;
  SUBCASE("not offered: -ERR, and CAPA does not list it") {
    auto s = f.open();
    CHECK(say(*s, "CAPA").find("STLS") == std::string::npos);
    CHECK(say(*s, "STLS").rfind("-ERR", 0) == 0);
  }
  SUBCASE("offered: +OK ends the output, and the transport is told to start TLS") {
    pop3::Settings settings;
    settings.offer_stls = true;
    settings.real_tls = true;
    auto s = f.open(settings);
    CHECK(say(*s, "CAPA").find("\r\nSTLS\r\n") != std::string::npos);
    s->on_bytes("STLS\r\nUSER pda\r\n", 1);
    CHECK(s->take_output() == "+OK Begin TLS negotiation\r\n");
    CHECK(s->taken_output_starts_tls());
    // The USER pipelined behind STLS was dropped: PASS has no user to go with.
    CHECK(say(*s, "PASS monmotdepasse").rfind("-ERR", 0) == 0);
    CHECK_FALSE(s->taken_output_starts_tls());
    CHECK(say(*s, "CAPA").find("STLS") == std::string::npos);
    CHECK(say(*s, "STLS").rfind("-ERR", 0) == 0);
    CHECK(login(*s).rfind("+OK", 0) == 0);
  }
  SUBCASE("implicit TLS (port 995): already in TLS, no STLS") {
    pop3::Settings settings;
    settings.offer_stls = false;
    settings.tls_from_start = true;
    auto s = f.open(settings);
    CHECK(say(*s, "STLS") == "-ERR Already in TLS\r\n");
  }
}
