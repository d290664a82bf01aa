// IMAP4rev1 server engine: states, every command with its OK / NO / BAD, literals,
// FETCH items, SEARCH keys, two sessions on one mailbox, IDLE, split-independence.
#include <doctest/doctest.h>

#include "imap/server.hpp"
#include "test_pop3_imap_pump.hpp"

using namespace mailsim;

namespace {

const char* kPlain =
    "From: Anne Wei <anne.wei@example.org>\r\nTo: bob@example.net, \"Carl, Jr.\" <carl@example.net>\r\n"
    "Cc: undisclosed:;\r\nSubject: Lunch plans\r\nDate: Tue, 2 Jan 2024 10:00:00 +0000\r\n"
    "Message-ID: <m1@example.org>\r\n\r\nShall we meet at noon?\r\nAnne\r\n";

const char* kMultipart =
    "From: carl@example.net\r\nTo: bob@example.net\r\nSubject: Report\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\npreamble\r\n--XX\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\nSee attached.\r\n--XX\r\n"
    "Content-Type: application/pdf; name=r.pdf\r\nContent-Transfer-Encoding: base64\r\n"
    "Content-Disposition: attachment; filename=r.pdf\r\n\r\nJVBERi0=\r\n--XX\r\n"
    "Content-Type: message/rfc822\r\n\r\nFrom: d@example.com\r\nSubject: inner\r\n\r\ninner body\r\n--XX--\r\n";

struct ImapFixture {
  Mailstore store;
  imap::StoreMailboxes mailboxes{store};
  CredentialTable creds{{{"bob", "secret"}}};
  ImapFixture() {
    store.set_epoch(1704067200);  // 2024-01-01 00:00:00 UTC
    store.add_user("bob");
    store.deliver("bob", "INBOX", std::make_shared<const std::string>(kPlain), 1, 1 * kHour);
    store.deliver("bob", "INBOX", std::make_shared<const std::string>(kMultipart), 2, 26 * kHour);
  }
  std::unique_ptr<imap::Server> open(bool login = true) {
    imap::Settings s;
    s.host_name = "imap.example.net";
    auto srv = std::make_unique<imap::Server>(mailboxes, creds, s);
    srv->on_open(0);
    srv->take_output();
    if (login) {
      srv->on_bytes("L LOGIN bob secret\r\n", 0);
      srv->take_output();
    }
    return srv;
  }
};

std::string say(imap::Server& s, const std::string& line, SimTime now = 1) {
  s.on_bytes(line + "\r\n", now);
  return s.take_output();
}

bool has(const std::string& out, const std::string& piece) { return out.find(piece) != std::string::npos; }

}  // namespace

TEST_CASE("imap: greeting, CAPABILITY, NOOP, LOGOUT, unknown and misplaced commands") {
  ImapFixture f;
  {  // by default no STARTTLS: a server advertises it only where the host offers TLS
    imap::Server plain(f.mailboxes, f.creds, {});
    plain.on_open(0);
    CHECK(plain.take_output() == "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR IDLE] localhost IMAP4rev1 server ready\r\n");
    CHECK(say(plain, "a STARTTLS") == "a BAD STARTTLS not available\r\n");
  }
  imap::Settings tls;
  tls.offer_starttls = true;
  imap::Server s(f.mailboxes, f.creds, tls);
  s.on_open(0);
  CHECK(s.take_output() ==
        "* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN SASL-IR IDLE] localhost IMAP4rev1 server ready\r\n");
  CHECK(std::string(s.state_name()) == "NOT AUTHENTICATED");
  CHECK(say(s, "a1 CAPABILITY") == "* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN SASL-IR IDLE\r\na1 OK CAPABILITY completed\r\n");
  CHECK(say(s, "a2 NOOP") == "a2 OK NOOP completed\r\n");
  CHECK(say(s, "a3 FROB") == "a3 BAD Unknown command FROB\r\n");
  CHECK(say(s, "a4 SELECT INBOX") == "a4 BAD SELECT not allowed in state NOT AUTHENTICATED\r\n");
  CHECK(say(s, "+x NOOP") == "* BAD Missing or invalid command tag\r\n");
  CHECK(say(s, "a5 NOOP extra") == "a5 BAD Syntax error in NOOP arguments\r\n");
  CHECK(say(s, "a6 STARTTLS") == "a6 OK Begin TLS negotiation now (simulated)\r\n");
  CHECK(s.tls_active());
  CHECK(say(s, "a7 CAPABILITY") == "* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR IDLE\r\na7 OK CAPABILITY completed\r\n");
  CHECK(say(s, "a8 LOGOUT") == "* BYE localhost IMAP4rev1 server logging out\r\na8 OK LOGOUT completed\r\n");
  CHECK(s.wants_close());
  CHECK(std::string(s.state_name()) == "LOGOUT");
}

TEST_CASE("imap: STARTTLS with real TLS: the go-ahead ends the output, what was pipelined behind it is dropped") {
  ImapFixture f;
  imap::Settings tls;
  tls.offer_starttls = true;
  tls.real_tls = true;
  imap::Server s(f.mailboxes, f.creds, tls);
  s.on_open(0);
  s.take_output();
  s.on_bytes("a STARTTLS\r\nb LOGIN bob secret\r\n", 1);
  CHECK(s.take_output() == "a OK Begin TLS negotiation now\r\n");
  CHECK(s.taken_output_starts_tls());
  CHECK(std::string(s.state_name()) == "NOT AUTHENTICATED");  // b LOGIN was not run
  CHECK(say(s, "c CAPABILITY") == "* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR IDLE\r\nc OK CAPABILITY completed\r\n");
  CHECK_FALSE(s.taken_output_starts_tls());
  imap::Settings implicit;
  implicit.tls_from_start = true;  // port 993
  imap::Server t(f.mailboxes, f.creds, implicit);
  CHECK(t.tls_active());
}

TEST_CASE("imap: LOGIN and AUTHENTICATE PLAIN") {
  ImapFixture f;
  auto s = f.open(false);
  CHECK(say(*s, "a LOGIN bob wrong") == "a NO [AUTHENTICATIONFAILED] Invalid credentials\r\n");
  CHECK(say(*s, "a LOGIN bob") == "a BAD Syntax: LOGIN user password\r\n");
  CHECK(say(*s, "b LOGIN {3}") == "+ Ready for literal data\r\n");
  CHECK(say(*s, "bob \"secret\"") == "b OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR IDLE] Logged in\r\n");
  CHECK(std::string(s->state_name()) == "AUTHENTICATED");
  CHECK(say(*s, "c LOGIN bob secret") == "c BAD LOGIN not allowed in state AUTHENTICATED\r\n");
  // base64("\0bob\0secret") with SASL-IR, and in two steps
  auto t = f.open(false);
  CHECK(say(*t, "a AUTHENTICATE PLAIN AGJvYgBzZWNyZXQ=") == "a OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR IDLE] Logged in\r\n");
  auto u = f.open(false);
  CHECK(say(*u, "a AUTHENTICATE PLAIN") == "+ \r\n");
  CHECK(say(*u, "AGJvYgB3cm9uZw==") == "a NO [AUTHENTICATIONFAILED] Invalid credentials\r\n");
  CHECK(say(*u, "b AUTHENTICATE PLAIN") == "+ \r\n");
  CHECK(say(*u, "*") == "b BAD Authentication cancelled\r\n");
  CHECK(say(*u, "c AUTHENTICATE CRAM-MD5") == "c NO Unsupported authentication mechanism\r\n");
  CHECK(say(*u, "d AUTHENTICATE PLAIN !!!!") == "d BAD Invalid base64 data\r\n");
}

TEST_CASE("imap: SELECT and EXAMINE responses, \\Recent claimed once") {
  ImapFixture f;
  auto s = f.open();
  CHECK(say(*s, "s1 SELECT inbox") ==
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n* 2 EXISTS\r\n* 2 RECENT\r\n"
        "* OK [UNSEEN 1] Message 1 is first unseen\r\n"
        "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted\r\n"
        "* OK [UIDVALIDITY 1] UIDs valid\r\n* OK [UIDNEXT 3] Predicted next UID\r\n"
        "s1 OK [READ-WRITE] SELECT completed\r\n");
  CHECK(std::string(s->state_name()) == "SELECTED");
  auto t = f.open();
  const std::string ex = say(*t, "e EXAMINE INBOX");
  CHECK(has(ex, "* 0 RECENT\r\n"));
  CHECK(has(ex, "[PERMANENTFLAGS ()]"));
  CHECK(has(ex, "e OK [READ-ONLY] EXAMINE completed\r\n"));
  CHECK(say(*t, "x STORE 1 +FLAGS (\\Seen)") == "x NO Mailbox is read-only\r\n");
  CHECK(say(*t, "y EXPUNGE") == "y NO Mailbox is read-only\r\n");
  CHECK(say(*t, "z SELECT Nope") == "z NO Mailbox doesn't exist: Nope\r\n");
  CHECK(std::string(t->state_name()) == "AUTHENTICATED");
}

TEST_CASE("imap: CREATE, DELETE, RENAME, SUBSCRIBE, LIST, LSUB, STATUS") {
  ImapFixture f;
  auto s = f.open();
  CHECK(say(*s, "1 CREATE Work/2024") == "1 OK CREATE completed\r\n");
  CHECK(say(*s, "2 CREATE Work") == "2 NO Mailbox exists\r\n");
  CHECK(say(*s, "3 CREATE inbox") == "3 NO Mailbox exists\r\n");
  CHECK(say(*s, "4 LIST \"\" \"\"") == "* LIST (\\Noselect) \"/\" \"\"\r\n4 OK LIST completed\r\n");
  CHECK(say(*s, "5 LIST \"\" *") ==
        "* LIST () \"/\" INBOX\r\n* LIST () \"/\" Work\r\n* LIST () \"/\" Work/2024\r\n5 OK LIST completed\r\n");
  CHECK(say(*s, "6 LIST \"\" %") == "* LIST () \"/\" INBOX\r\n* LIST () \"/\" Work\r\n6 OK LIST completed\r\n");
  CHECK(say(*s, "7 LIST Work/ %") == "* LIST () \"/\" Work/2024\r\n7 OK LIST completed\r\n");
  CHECK(say(*s, "8 RENAME Work Jobs") == "8 OK RENAME completed\r\n");
  CHECK(say(*s, "9 LIST \"\" J*") == "* LIST () \"/\" Jobs\r\n* LIST () \"/\" Jobs/2024\r\n9 OK LIST completed\r\n");
  CHECK(say(*s, "10 RENAME Nope X") == "10 NO Mailbox doesn't exist\r\n");
  CHECK(say(*s, "11 UNSUBSCRIBE Jobs") == "11 OK UNSUBSCRIBE completed\r\n");
  CHECK(say(*s, "12 LSUB \"\" *") == "* LSUB () \"/\" INBOX\r\n* LSUB () \"/\" Jobs/2024\r\n12 OK LSUB completed\r\n");
  CHECK(say(*s, "13 SUBSCRIBE Nope") == "13 NO Mailbox doesn't exist\r\n");
  CHECK(say(*s, "14 DELETE Jobs/2024") == "14 OK DELETE completed\r\n");
  CHECK(say(*s, "15 DELETE INBOX") == "15 NO INBOX cannot be deleted\r\n");
  CHECK(say(*s, "16 DELETE Nope") == "16 NO Mailbox doesn't exist\r\n");
  CHECK(say(*s, "17 STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)") ==
        "* STATUS INBOX (MESSAGES 2 RECENT 2 UIDNEXT 3 UIDVALIDITY 1 UNSEEN 2)\r\n17 OK STATUS completed\r\n");
  CHECK(say(*s, "18 STATUS INBOX (BOGUS)") == "18 BAD Unknown STATUS item BOGUS\r\n");
  CHECK(say(*s, "19 STATUS Nope (MESSAGES)") == "19 NO Mailbox doesn't exist\r\n");
  CHECK(say(*s, "20 CREATE") == "20 BAD Syntax: CREATE mailbox\r\n");
}

TEST_CASE("imap: APPEND with a literal, flags and date; TRYCREATE; quota") {
  ImapFixture f;
  auto s = f.open();
  const std::string msg = "Subject: appended\r\n\r\nhello\r\n";
  CHECK(say(*s, "a APPEND INBOX (\\Seen $Work) \"05-Jan-2024 10:00:00 +0100\" {" + std::to_string(msg.size()) + "}") ==
        "+ Ready for literal data\r\n");
  CHECK(say(*s, msg) == "a OK APPEND completed\r\n");  // the literal, then the line's CRLF
  const Folder& inbox = *f.store.find("bob")->folder("INBOX");
  REQUIRE(inbox.messages.size() == 3);
  CHECK(*inbox.messages[2].data == msg);
  CHECK(inbox.messages[2].uid == 3);
  CHECK((inbox.messages[2].flags & kFlagSeen) != 0);
  CHECK(inbox.messages[2].keywords == std::vector<std::string>{"$Work"});
  CHECK(inbox.messages[2].internal_date == (4 * 86400 + 9 * 3600) * kSecond);
  CHECK(say(*s, "b APPEND Nope {2}") == "+ Ready for literal data\r\n");
  CHECK(say(*s, "hi") == "b NO [TRYCREATE] Mailbox doesn't exist\r\n");
  f.store.find("bob")->quota_bytes = 10;
  say(*s, "c APPEND INBOX {2}");
  CHECK(say(*s, "hi") == "c NO [OVERQUOTA] Quota exceeded\r\n");
  CHECK(say(*s, "d APPEND INBOX {99999999}") == "d BAD Literal too large\r\n");
}

TEST_CASE("imap: FETCH items") {
  ImapFixture f;
  auto s = f.open();
  say(*s, "s SELECT INBOX");
  CHECK(say(*s, "f1 FETCH 1 (FLAGS INTERNALDATE RFC822.SIZE UID)") ==
        "* 1 FETCH (FLAGS (\\Recent) INTERNALDATE \"01-Jan-2024 01:00:00 +0000\" RFC822.SIZE " +
            std::to_string(std::string(kPlain).size()) + " UID 1)\r\nf1 OK FETCH completed\r\n");
  CHECK(say(*s, "f2 FETCH 1 ENVELOPE") ==
        "* 1 FETCH (ENVELOPE (\"Tue, 2 Jan 2024 10:00:00 +0000\" \"Lunch plans\" "
        "((\"Anne Wei\" NIL \"anne.wei\" \"example.org\")) ((\"Anne Wei\" NIL \"anne.wei\" \"example.org\")) "
        "((\"Anne Wei\" NIL \"anne.wei\" \"example.org\")) "
        "((NIL NIL \"bob\" \"example.net\")(\"Carl, Jr.\" NIL \"carl\" \"example.net\")) "
        "((NIL NIL \"undisclosed\" NIL)(NIL NIL NIL NIL)) NIL NIL \"<m1@example.org>\"))\r\nf2 OK FETCH completed\r\n");
  CHECK(say(*s, "f3 FETCH 1 BODY") ==
        "* 1 FETCH (BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 30 2))\r\nf3 OK FETCH completed\r\n");
  CHECK(say(*s, "f4 FETCH 2 BODYSTRUCTURE") ==
        "* 2 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 13 0 NIL NIL NIL NIL)"
        "(\"APPLICATION\" \"PDF\" (\"NAME\" \"r.pdf\") NIL NIL \"BASE64\" 8 NIL (\"ATTACHMENT\" (\"FILENAME\" \"r.pdf\")) NIL NIL)"
        "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 49 (NIL \"inner\" ((NIL NIL \"d\" \"example.com\")) "
        "((NIL NIL \"d\" \"example.com\")) ((NIL NIL \"d\" \"example.com\")) NIL NIL NIL NIL NIL) "
        "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 10 0 NIL NIL NIL NIL) 3 NIL NIL NIL NIL)"
        " \"MIXED\" (\"BOUNDARY\" \"XX\") NIL NIL NIL))\r\nf4 OK FETCH completed\r\n");
  CHECK(say(*s, "f5 FETCH 2 (BODY.PEEK[1] BODY.PEEK[3.HEADER.FIELDS (Subject)] BODY.PEEK[2.MIME]<0.12>)") ==
        "* 2 FETCH (BODY[1] \"See attached.\" BODY[3.HEADER.FIELDS (SUBJECT)] {18}\r\nSubject: inner\r\n\r\n "
        "BODY[2.MIME]<0> \"Content-Type\")\r\nf5 OK FETCH completed\r\n");
  CHECK(say(*s, "f6 FETCH 2 (BODY.PEEK[3.TEXT] BODY.PEEK[HEADER.FIELDS.NOT (From To Subject MIME-Version)])") ==
        "* 2 FETCH (BODY[3.TEXT] \"inner body\" BODY[HEADER.FIELDS.NOT (FROM TO SUBJECT MIME-VERSION)] {48}\r\n"
        "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n)\r\nf6 OK FETCH completed\r\n");
  CHECK((f.store.find("bob")->folder("INBOX")->messages[1].flags & kFlagSeen) == 0);  // PEEK
  CHECK(say(*s, "f7 FETCH 1 BODY[TEXT]<0.5>") ==
        "* 1 FETCH (BODY[TEXT]<0> \"Shall\" FLAGS (\\Seen \\Recent))\r\nf7 OK FETCH completed\r\n");
  CHECK(say(*s, "f8 FETCH 1 RFC822.HEADER").rfind("* 1 FETCH (RFC822.HEADER {", 0) == 0);
  CHECK(has(say(*s, "f9 FETCH 1 RFC822"), "\r\nShall we meet at noon?\r\nAnne\r\n)\r\nf9 OK"));
  CHECK(say(*s, "f10 FETCH 1 RFC822.TEXT") ==
        "* 1 FETCH (RFC822.TEXT {30}\r\nShall we meet at noon?\r\nAnne\r\n)\r\nf10 OK FETCH completed\r\n");
  CHECK(has(say(*s, "f11 FETCH 1:* FAST"), "* 2 FETCH (FLAGS (\\Recent) INTERNALDATE"));
  CHECK(has(say(*s, "f12 FETCH 1 ALL"), "RFC822.SIZE " + std::to_string(std::string(kPlain).size()) + " ENVELOPE ("));
  CHECK(has(say(*s, "f13 FETCH 1 FULL"), " BODY (\"TEXT\""));
  CHECK(say(*s, "f14 UID FETCH 2 FLAGS") == "* 2 FETCH (UID 2 FLAGS (\\Recent))\r\nf14 OK UID FETCH completed\r\n");
  CHECK(say(*s, "f15 UID FETCH 7 FLAGS") == "f15 OK UID FETCH completed\r\n");
  CHECK(say(*s, "f16 FETCH 1 BODY[FOO]") == "f16 BAD Syntax: FETCH sequence-set items\r\n");
  CHECK(say(*s, "f17 FETCH x FLAGS") == "f17 BAD Syntax: FETCH sequence-set items\r\n");
  CHECK(say(*s, "f18 FETCH 1 BODY[]<2.3>") == "* 1 FETCH (BODY[]<2> \"om:\")\r\nf18 OK FETCH completed\r\n");
}

TEST_CASE("imap: STORE, SEARCH, COPY, EXPUNGE, CLOSE, UID commands") {
  ImapFixture f;
  auto s = f.open();
  say(*s, "s SELECT INBOX");
  CHECK(say(*s, "a STORE 1 +FLAGS (\\Flagged $Important)") ==
        "* 1 FETCH (FLAGS (\\Flagged \\Recent $Important))\r\na OK STORE completed\r\n");
  CHECK(say(*s, "b STORE 1 -FLAGS.SILENT \\Flagged") == "b OK STORE completed\r\n");
  CHECK(say(*s, "c UID STORE 2 FLAGS (\\Seen)") == "* 2 FETCH (UID 2 FLAGS (\\Seen \\Recent))\r\nc OK UID STORE completed\r\n");
  CHECK(say(*s, "d STORE 1 BOGUS (\\Seen)") == "d BAD Unknown STORE item BOGUS\r\n");
  CHECK(say(*s, "e SEARCH ALL") == "* SEARCH 1 2\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH SEEN") == "* SEARCH 2\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH UNSEEN NEW") == "* SEARCH 1\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH FROM anne SUBJECT \"lunch\"") == "* SEARCH 1\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH OR TO carl FROM carl") == "* SEARCH 1 2\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH NOT (FLAGGED) KEYWORD $Important") == "* SEARCH 1\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH BODY noon") == "* SEARCH 1\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH TEXT JVBERi0") == "* SEARCH 2\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH HEADER Message-ID m1@") == "* SEARCH 1\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH SINCE 2-Jan-2024") == "* SEARCH 2\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH BEFORE 2-Jan-2024") == "* SEARCH 1\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH ON 1-Jan-2024") == "* SEARCH 1\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH SENTON 2-Jan-2024") == "* SEARCH 1\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH LARGER 300") == "* SEARCH 2\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH SMALLER 300 RECENT") == "* SEARCH 1\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH 2:* ANSWERED") == "* SEARCH\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e UID SEARCH UID 2") == "* SEARCH 2\r\ne OK UID SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH CHARSET UTF-8 ALL") == "* SEARCH 1 2\r\ne OK SEARCH completed\r\n");
  CHECK(say(*s, "e SEARCH CHARSET KOI8-R ALL") == "e NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset\r\n");
  CHECK(say(*s, "e SEARCH FROB") == "e BAD Invalid search criteria\r\n");
  CHECK(say(*s, "f COPY 1 Archive") == "f NO [TRYCREATE] Mailbox doesn't exist\r\n");
  say(*s, "g CREATE Archive");
  CHECK(say(*s, "h UID COPY 1:2 Archive") == "h OK UID COPY completed\r\n");
  CHECK(f.store.find("bob")->folder("Archive")->messages.size() == 2);
  CHECK(say(*s, "i COPY 2 INBOX") == "* 3 EXISTS\r\n* 3 RECENT\r\ni OK COPY completed\r\n");
  say(*s, "j STORE 1,3 +FLAGS.SILENT (\\Deleted)");
  CHECK(say(*s, "k EXPUNGE") == "* 1 EXPUNGE\r\n* 2 EXPUNGE\r\nk OK EXPUNGE completed\r\n");
  CHECK(say(*s, "l UID SEARCH ALL") == "* SEARCH 2\r\nl OK UID SEARCH completed\r\n");
  say(*s, "m STORE 1 +FLAGS.SILENT (\\Deleted)");
  CHECK(say(*s, "n CLOSE") == "n OK CLOSE completed\r\n");
  CHECK(f.store.find("bob")->folder("INBOX")->messages.empty());
  CHECK(std::string(s->state_name()) == "AUTHENTICATED");
  CHECK(say(*s, "o FETCH 1 FLAGS") == "o BAD FETCH not allowed in state AUTHENTICATED\r\n");
  CHECK(say(*s, "p UID FETCH 1 FLAGS") == "p BAD UID not allowed in state AUTHENTICATED\r\n");
}

TEST_CASE("imap: two sessions on one mailbox see each other's changes") {
  ImapFixture f;
  auto a = f.open();
  auto b = f.open();
  say(*a, "a1 SELECT INBOX");
  const std::string sel_b = say(*b, "b1 SELECT INBOX");
  CHECK(has(sel_b, "* 0 RECENT\r\n"));  // session a claimed \Recent
  CHECK(say(*a, "a2 STORE 2 +FLAGS (\\Flagged)") == "* 2 FETCH (FLAGS (\\Flagged \\Recent))\r\na2 OK STORE completed\r\n");
  CHECK(say(*b, "b2 NOOP") == "* 2 FETCH (FLAGS (\\Flagged))\r\nb2 OK NOOP completed\r\n");
  f.store.deliver("bob", "INBOX", std::make_shared<const std::string>("Subject: new\r\n\r\nx\r\n"), 3, 5);
  CHECK(say(*b, "b3 NOOP") == "* 3 EXISTS\r\n* 1 RECENT\r\nb3 OK NOOP completed\r\n");
  CHECK(say(*a, "a3 NOOP") == "* 3 EXISTS\r\n* 2 RECENT\r\na3 OK NOOP completed\r\n");
  say(*a, "a4 STORE 1 +FLAGS.SILENT (\\Deleted)");
  CHECK(say(*a, "a5 EXPUNGE") == "* 1 EXPUNGE\r\na5 OK EXPUNGE completed\r\n");
  // No EXPUNGE during FETCH / STORE / SEARCH (RFC 3501 §7.4.1): b still sees 3 messages.
  CHECK(say(*b, "b4 FETCH 3 UID") == "* 3 FETCH (UID 3)\r\nb4 OK FETCH completed\r\n");
  CHECK(say(*b, "b5 SEARCH ALL") == "* SEARCH 2 3\r\nb5 OK SEARCH completed\r\n");
  CHECK(say(*b, "b6 UID FETCH 3 FLAGS") == "* 3 FETCH (UID 3 FLAGS (\\Recent))\r\n* 1 EXPUNGE\r\nb6 OK UID FETCH completed\r\n");
  CHECK(say(*b, "b7 FETCH 2 UID") == "* 2 FETCH (UID 3)\r\nb7 OK FETCH completed\r\n");
}

TEST_CASE("imap: IDLE reports changes when polled and ends with DONE") {
  ImapFixture f;
  auto a = f.open();
  auto b = f.open();
  say(*a, "a SELECT INBOX");
  say(*b, "b SELECT INBOX");
  CHECK(say(*b, "i IDLE", 10 * kSecond) == "+ idling\r\n");
  CHECK(b->idling());
  CHECK(b->deadline() == 11 * kSecond);
  say(*a, "x STORE 1 +FLAGS.SILENT (\\Seen)");
  b->on_timer(11 * kSecond);
  CHECK(b->take_output() == "* 1 FETCH (FLAGS (\\Seen))\r\n");
  f.store.deliver("bob", "INBOX", std::make_shared<const std::string>("Subject: n\r\n\r\n"), 3, 12 * kSecond);
  b->poll(12 * kSecond);
  CHECK(b->take_output() == "* 3 EXISTS\r\n* 1 RECENT\r\n");
  CHECK(say(*b, "DONE", 13 * kSecond) == "i OK IDLE terminated\r\n");
  CHECK_FALSE(b->idling());
  CHECK(b->deadline() == 13 * kSecond + 30 * kMinute);
  b->on_timer(13 * kSecond + 30 * kMinute);
  CHECK(b->take_output() == "* BYE Autologout; idle for too long\r\n");
  CHECK(b->wants_close());
}

TEST_CASE("imap: limits: long lines, too many bad commands") {
  ImapFixture f;
  auto s = f.open();
  CHECK(say(*s, "a NOOP " + std::string(9000, 'x')) == "* BAD Command line too long\r\n");
  CHECK(say(*s, "b NOOP") == "b OK NOOP completed\r\n");
  std::string out;
  for (int i = 0; i < 20; ++i) out = say(*s, "c FROB");
  CHECK(out == "c BAD Unknown command FROB\r\n* BYE Too many invalid commands\r\n");
  CHECK(s->wants_close());
}

TEST_CASE("imap: byte by byte and random splits give the same output") {
  const std::string script =
      "a LOGIN {3}\r\nbob {6}\r\nsecret\r\nb SELECT INBOX\r\nc FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n"
      "d APPEND INBOX {9}\r\nSubject:\r\n\r\ne STORE 2 +FLAGS (\\Seen)\r\nf SEARCH TEXT noon\r\ng NOOP " +
      std::string(9000, 'z') + "\r\nh UID FETCH 1:* RFC822.SIZE\r\ni IDLE\r\nDONE\r\nj LOGOUT\r\n";
  auto run = [&](const std::vector<std::size_t>& cuts) {
    ImapFixture f;
    auto s = f.open(false);
    return test::output_when_cut(*s, script, cuts);
  };
  const std::string whole = run({});
  CHECK(has(whole, "j OK LOGOUT completed\r\n"));
  CHECK(has(whole, "* 3 EXISTS\r\n"));
  for (const auto& cuts : test::cuttings(script.size(), 11, 13)) CHECK(run(cuts) == whole);
}

TEST_CASE("imap: BODYSTRUCTURE passes RFC 2231 parameters as the header writes them (as Dovecot does)") {
  ImapFixture f;
  f.store.deliver("bob", "INBOX", std::make_shared<const std::string>(
      "Subject: 2231\r\nContent-Type: text/plain; charset=iso-8859-1;\r\n title*=iso-8859-1'fr'%E9t%E9\r\n"
      "Content-Disposition: attachment; filename*0*=utf-8''%C3%A9; filename*1=\"t.txt\"\r\n\r\nx\r\n"), 3, 27 * kHour);
  auto s = f.open();
  say(*s, "s SELECT INBOX");
  CHECK(say(*s, "b FETCH 3 BODYSTRUCTURE") ==
        "* 3 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"iso-8859-1\" \"TITLE*\" \"iso-8859-1'fr'%E9t%E9\") NIL NIL "
        "\"7BIT\" 3 1 NIL (\"ATTACHMENT\" (\"FILENAME*0*\" \"utf-8''%C3%A9\" \"FILENAME*1\" \"t.txt\")) NIL NIL))\r\n"
        "b OK FETCH completed\r\n");
}

namespace {
// A policy that writes down every change a session asks for, then lets the store make it.
class RecordingMailboxes final : public imap::Mailboxes {
 public:
  explicit RecordingMailboxes(Mailstore& store) : store_(store) {}
  std::vector<std::string> changes;
  std::int64_t epoch() const override { return store_.epoch(); }
  const Mailbox& open(const std::string& user) override { return log("open " + user), store_.open(user); }
  const Mailbox* find(const std::string& user) const override { return store_.find(user); }
  bool create_folder(const std::string& user, const std::string& name) override {
    return log("create " + name), store_.create_folder(user, name);
  }
  bool delete_folder(const std::string& user, const std::string& name) override {
    return log("delete " + name), store_.delete_folder(user, name);
  }
  bool rename_folder(const std::string& user, const std::string& from, const std::string& to) override {
    return log("rename " + from + " " + to), store_.rename_folder(user, from, to);
  }
  void subscribe(const std::string& user, const std::string& folder, bool on) override {
    log((on ? "subscribe " : "unsubscribe ") + folder), store_.subscribe(user, folder, on);
  }
  std::uint32_t append(const std::string& user, const std::string& folder, std::shared_ptr<const std::string> data,
                       std::uint8_t flags, std::vector<std::string> keywords, SimTime date, std::uint32_t sim) override {
    return log("append " + folder), store_.append(user, folder, std::move(data), flags, std::move(keywords), date, sim);
  }
  void store_flags(const std::string& user, const std::string& folder, std::uint32_t uid, std::uint8_t flags,
                   std::vector<std::string> keywords) override {
    log("flags " + folder + " " + std::to_string(uid)), store_.store_flags(user, folder, uid, flags, std::move(keywords));
  }
  void claim_recent(const std::string& user, const std::string& folder, std::uint32_t uid) override {
    log("recent " + folder + " " + std::to_string(uid)), store_.claim_recent(user, folder, uid);
  }
  void expunge(const std::string& user, const std::string& folder) override {
    log("expunge " + folder), store_.expunge(user, folder);
  }

 private:
  void log(std::string change) { changes.push_back(std::move(change)); }
  imap::StoreMailboxes store_;
};
}  // namespace

TEST_CASE("imap: every change a session makes goes through its Mailboxes policy, none from EXAMINE or reads") {
  ImapFixture f;
  RecordingMailboxes policy(f.store);
  imap::Server s(policy, f.creds, {});
  s.on_open(0);
  s.take_output();
  say(s, "a LOGIN carol secret");  // unknown: no change
  CHECK(policy.changes.empty());
  say(s, "b LOGIN bob secret");
  say(s, "c EXAMINE INBOX");  // read-only: \Recent stays for a read-write session (RFC 3501 6.3.2)
  say(s, "d FETCH 1:2 (FLAGS BODY.PEEK[HEADER])");
  say(s, "e STATUS INBOX (MESSAGES UNSEEN)");
  CHECK(policy.changes == std::vector<std::string>{"open bob"});
  say(s, "f SELECT INBOX");
  say(s, "g FETCH 1 BODY[TEXT]");  // sets \Seen
  say(s, "h STORE 2 +FLAGS (\\Deleted)");
  say(s, "i COPY 1 Archive");  // TRYCREATE: nothing copied
  say(s, "j CREATE Archive");
  say(s, "k COPY 1 Archive");
  say(s, "l APPEND Archive {5}\r\nabc\r\n");
  say(s, "m EXPUNGE");
  say(s, "n UNSUBSCRIBE Archive");
  say(s, "o RENAME Archive Old");
  say(s, "p DELETE Old");
  CHECK(policy.changes == std::vector<std::string>{"open bob", "recent INBOX 1", "recent INBOX 2", "flags INBOX 1",
                                                   "flags INBOX 2", "create Archive", "append Archive", "append Archive",
                                                   "expunge INBOX", "unsubscribe Archive", "rename Archive Old",
                                                   "delete Old"});
  CHECK(f.store.find("bob")->folder("INBOX")->messages.size() == 1);  // and the store did them
}
