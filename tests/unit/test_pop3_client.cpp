// POP3 client engine against the POP3 server engine: fetch all, fetch and delete, APOP,
// a wrong password, and a raw dialogue.
#include <doctest/doctest.h>

#include "pop3/client.hpp"
#include "pop3/server.hpp"
#include "test_pop3_imap_pump.hpp"

using namespace mailsim;

namespace {

struct Drop {
  Mailstore store;
  CredentialTable creds{{{"pda", "pw"}}};
  pop3::StoreMaildrop maildrop{store};
  Drop() {
    store.deliver("pda", "INBOX", std::make_shared<const std::string>("Subject: a\r\n\r\n.hidden dot\r\n"), 1, 0);
    store.deliver("pda", "INBOX", std::make_shared<const std::string>("Subject: b\r\n\r\nb\r\n"), 2, 0);
  }
  pop3::ClientResult run(pop3::ClientScript script) {
    pop3::Server server(maildrop, creds, {}, 1);
    pop3::Client client(std::move(script));
    test::pump(client, server);
    CHECK(client.wants_close());
    return client.result();
  }
};

}  // namespace

TEST_CASE("pop3 client: fetch all leaves the messages on the server") {
  Drop d;
  const auto r = d.run({pop3::ClientScript::Mode::FetchAll, "pda", "pw", false, {}, {}});
  CHECK(r.finished);
  CHECK(r.ok);
  REQUIRE(r.messages.size() == 2);
  CHECK(r.messages[0] == "Subject: a\r\n\r\n.hidden dot\r\n");  // unstuffed
  CHECK(r.uids == std::vector<std::string>{"1.1", "1.2"});
  CHECK(r.transcript.front().command.empty());
  CHECK(r.transcript.back().command == "QUIT");
  CHECK(d.store.find("pda")->folder("INBOX")->messages.size() == 2);
}

TEST_CASE("pop3 client: fetch and delete with APOP empties the maildrop") {
  Drop d;
  const auto r = d.run({pop3::ClientScript::Mode::FetchAndDelete, "pda", "pw", true, {}, {}});
  CHECK(r.ok);
  CHECK(r.messages.size() == 2);
  CHECK(r.transcript[1].command.rfind("APOP pda ", 0) == 0);
  CHECK(r.transcript[1].reply.rfind("+OK", 0) == 0);
  CHECK(d.store.find("pda")->folder("INBOX")->messages.empty());
}

TEST_CASE("pop3 client: a wrong password ends with QUIT and an error") {
  Drop d;
  const auto r = d.run({pop3::ClientScript::Mode::FetchAll, "pda", "nope", false, {}, {}});
  CHECK(r.finished);
  CHECK_FALSE(r.ok);
  CHECK(r.error == "-ERR [AUTH] Invalid login or password");
  CHECK(r.messages.empty());
}

TEST_CASE("pop3 client: raw dialogue, one reply per line") {
  Drop d;
  const auto r = d.run({pop3::ClientScript::Mode::Raw, "", "", false,
                        {"USER pda", "PASS pw", "LIST", "TOP 2 0", "LAST", "QUIT"}, {}});
  CHECK(r.finished);
  REQUIRE(r.transcript.size() == 7);
  CHECK(r.transcript[3].command == "LIST");
  CHECK(r.transcript[3].reply.find("\r\n1 ") != std::string::npos);
  CHECK(r.transcript[4].reply == "+OK Top of message follows\r\nSubject: b\r\n\r\n");
  CHECK(r.transcript[5].reply.rfind("-ERR", 0) == 0);
  CHECK(r.transcript[6].reply.rfind("+OK", 0) == 0);
}

TEST_CASE("pop3 client: a server that refuses UIDL or lists fewer messages than STAT (found by fuzzing)") {
  // A minimal POP3 server's replies, all at once: the client answers them in order.
  auto run = [](const std::string& replies) {
    pop3::Client client({pop3::ClientScript::Mode::FetchAll, "pda", "pw", false, {}, {}});
    client.on_open(0);
    client.on_bytes(replies, 0);
    CHECK(client.wants_close());
    return client.result();
  };
  SUBCASE("UIDL refused, then a RETR refused: no unique ids, no error for the optional UIDL") {
    const auto r = run("+OK hi\r\n+OK\r\n+OK\r\n+OK 2 20\r\n-ERR no UIDL here\r\n+OK\r\none\r\n.\r\n-ERR gone\r\n+OK bye\r\n");
    CHECK(r.finished);
    CHECK(r.messages == std::vector<std::string>{"one\r\n"});
    CHECK(r.uids.empty());
    CHECK(r.error == "-ERR gone");
  }
  SUBCASE("UIDL lists one message of three, plus nonsense lines") {
    const auto r = run("+OK hi\r\n+OK\r\n+OK\r\n+OK 3 30\r\n+OK\r\n1 a\r\n99 z\r\nx y\r\n0 q\r\nnospace\r\n.\r\n"
                       "+OK\r\none\r\n.\r\n+OK\r\ntwo\r\n.\r\n-ERR gone\r\n+OK bye\r\n");
    CHECK(r.messages.size() == 2);
    CHECK(r.uids == std::vector<std::string>{"a"});
    CHECK(r.error == "-ERR gone");
  }
}

TEST_CASE("pop3 client: a STAT reply without its count is an error, not a count read past the line") {
  // "+OK" alone made the client read the count from beyond the end of the status line
  // (from_chars given a start after its end): a count from whatever memory held.
  for (const std::string stat : {"+OK", "+OK ", "+OK many"}) {
    pop3::Client client({pop3::ClientScript::Mode::FetchAll, "pda", "pw", false, {}, {}});
    client.on_open(0);
    client.on_bytes("+OK hi\r\n+OK\r\n+OK\r\n" + stat + "\r\n+OK bye\r\n", 0);
    const auto& r = client.result();
    CHECK(client.wants_close());
    CHECK(r.finished);
    CHECK_FALSE(r.ok);
    CHECK(r.error == "no message count in the STAT reply \"" + stat + "\" (RFC 1939 section 5: +OK nn mm)");
    CHECK(r.messages.empty());
    REQUIRE(r.transcript.size() == 5);
    CHECK(r.transcript[4].command == "QUIT");
  }
}
