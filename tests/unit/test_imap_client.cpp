// IMAP client engine against the IMAP server engine: check new mail, read, flag, move,
// search, expunge, a refused login, and a raw dialogue with a literal.
#include <doctest/doctest.h>

#include "imap/client.hpp"
#include "imap/server.hpp"
#include "test_pop3_imap_pump.hpp"

using namespace mailsim;
using K = imap::ClientAction::Kind;

namespace {

struct Box {
  Mailstore store;
  CredentialTable creds{{{"bob", "pw"}}};
  Box() {
    store.deliver("bob", "INBOX", std::make_shared<const std::string>("Subject: hello\r\n\r\nfirst\r\n"), 1, 0);
    store.deliver("bob", "INBOX", std::make_shared<const std::string>("Subject: invoice\r\n\r\npay\r\n"), 2, 0);
    store.find("bob")->create_folder("Bills");
  }
  imap::ClientResult run(imap::ClientScript script) {
    imap::StoreMailboxes mailboxes(store);
    imap::Server server(mailboxes, creds, {});
    imap::Client client(std::move(script));
    test::pump(client, server);
    CHECK(client.wants_close());
    return client.result();
  }
};

imap::ClientAction action(K kind) {
  imap::ClientAction a;
  a.kind = kind;
  return a;
}

}  // namespace

TEST_CASE("imap client: check, read, flag, search, move, expunge") {
  Box b;
  imap::ClientScript s{"bob", "pw", {}, false, {}, {}};
  s.actions.push_back(action(K::CheckNew));
  auto read = action(K::Read);
  read.uid = 1;
  s.actions.push_back(read);
  auto flag = action(K::Flag);
  flag.uid = 2;
  s.actions.push_back(flag);
  auto search = action(K::Search);
  search.criteria = "FLAGGED SUBJECT invoice";
  s.actions.push_back(search);
  auto move = action(K::Move);
  move.uid = 2;
  move.target = "Bills";
  s.actions.push_back(move);
  s.actions.push_back(action(K::Expunge));
  const auto r = b.run(s);
  CHECK(r.finished);
  CHECK(r.ok);
  CHECK(r.error.empty());
  CHECK(r.unseen == std::vector<std::uint32_t>{1, 2});
  CHECK(r.messages.at(1) == "Subject: hello\r\n\r\nfirst\r\n");
  CHECK(r.search_hits == std::vector<std::uint32_t>{2});
  CHECK(r.exists == 2);
  const Mailbox& box = *b.store.find("bob");
  REQUIRE(box.folder("INBOX")->messages.size() == 1);
  CHECK((box.folder("INBOX")->messages[0].flags & kFlagSeen) != 0);
  REQUIRE(box.folder("Bills")->messages.size() == 1);
  CHECK((box.folder("Bills")->messages[0].flags & kFlagFlagged) != 0);
  CHECK(r.transcript.back().command == "c11 LOGOUT");
}

TEST_CASE("imap client: a refused login logs out with the error") {
  Box b;
  imap::ClientScript s{"bob", "wrong", {action(K::CheckNew)}, false, {}, {}};
  const auto r = b.run(s);
  CHECK(r.finished);
  CHECK_FALSE(r.ok);
  CHECK(r.error == "c1 NO [AUTHENTICATIONFAILED] Invalid credentials");
  CHECK(r.transcript.size() == 3);  // greeting, LOGIN, LOGOUT
}

TEST_CASE("imap client: raw dialogue with a literal and a move to a missing folder") {
  Box b;
  imap::ClientScript s;
  s.raw = true;
  s.raw_lines = {"a1 LOGIN bob {2}", "pw", "a2 SELECT INBOX", "a3 COPY 1 Nowhere", "a4 LOGOUT"};
  const auto r = b.run(s);
  CHECK(r.finished);
  CHECK_FALSE(r.ok);
  CHECK(r.error == "a3 NO [TRYCREATE] Mailbox doesn't exist");
  REQUIRE(r.transcript.size() == 6);
  CHECK(r.transcript[1].reply == "+ Ready for literal data");
  CHECK(r.transcript[2].reply.rfind("a1 OK", 0) == 0);
  CHECK(r.transcript[3].reply.find("* 2 EXISTS") != std::string::npos);
}
