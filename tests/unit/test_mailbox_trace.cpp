// Mailbox changes in the trace (TraceKind::MailboxChanged): the text format and its parser,
// what the mail store tells its listener, and what a run writes when an MDA delivers, an
// IMAP client appends, reads, flags, copies and expunges, and a POP3 client deletes.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/mailbox_change.hpp"
#include "world/simulation.hpp"

using namespace mailsim;

namespace {

std::shared_ptr<const std::string> text(const std::string& s) { return std::make_shared<const std::string>(s); }

// The texts of the MailboxChanged events of a run, in order.
std::vector<std::string> mailbox_events(const Simulation& sim) {
  std::vector<std::string> out;
  for (const auto& e : sim.trace().events())
    if (e.kind == TraceKind::MailboxChanged) out.emplace_back(e.text);
  return out;
}

// pda's mailbox on mx.example (POP3 and IMAP, a folder Archives), one message sent to it
// at 1 s, and the given client actions.
std::unique_ptr<Simulation> run(const std::string& clients) {
  const std::string scenario = R"({"name": "t", "hosts": [
    {"name": "pc.example", "roles": ["mua"]},
    {"name": "mx.example", "roles": ["mx", "mda"], "domains": ["mx.example"], "users": ["pda"],
     "folders": ["Archives"], "retrieval": ["pop3", "imap"], "passwords": {"pda": "pw"}}],
  "clients": [
    {"at": "1s", "host": "pc.example",
     "send": {"via": "mx.example", "from": "a@pc.example", "to": ["pda@mx.example"], "message": {"subject": "s", "body": "b\n"}}},
    )" + clients + "]}";
  auto loaded = load_scenario_text(scenario, "t.json");
  REQUIRE(loaded.scenario);
  auto sim = std::make_unique<Simulation>(*loaded.scenario);
  sim->run();
  return sim;
}

}  // namespace

TEST_CASE("mailbox change: the text is written and read back") {
  MailboxChange c;
  c.user = "anne";
  c.folder = "Sent Items";
  c.uid = 7;
  c.set = {"\\Seen", "$Label"};
  c.cleared = {"\\Flagged"};
  CHECK(format_mailbox_change(c) == "anne \"Sent Items\" 7 +\\Seen +$Label -\\Flagged");
  auto back = parse_mailbox_change(format_mailbox_change(c));
  REQUIRE(back);
  CHECK(back->folder == "Sent Items");
  CHECK(back->uid == 7);
  CHECK(back->set == c.set);
  CHECK(back->cleared == c.cleared);

  c.kind = MailboxChange::Kind::Added;
  c.folder = "a \"b\" \\c";
  c.cleared.clear();
  CHECK(format_mailbox_change(c) == "anne \"a \\\"b\\\" \\\\c\" 7 new \\Seen $Label");
  back = parse_mailbox_change(format_mailbox_change(c));
  REQUIRE(back);
  CHECK(back->kind == MailboxChange::Kind::Added);
  CHECK(back->folder == "a \"b\" \\c");
  CHECK(back->set == c.set);

  back = parse_mailbox_change("paul INBOX 3 removed");
  REQUIRE(back);
  CHECK(back->kind == MailboxChange::Kind::Removed);
  CHECK(mailbox_change_json(*back)["change"] == "removed");

  for (const char* bad : {"", "paul", "paul INBOX", "paul INBOX x new", "paul INBOX 3", "paul INBOX 3 removed \\Seen",
                          "paul INBOX 3 Seen", "paul \"INBOX 3 new"})
    CHECK_MESSAGE(!parse_mailbox_change(bad), bad);
}

TEST_CASE("mail store: the listener hears every change made through the mailbox, never \\Recent") {
  Mailstore store;
  std::vector<std::string> heard;
  store.set_listener([&](const MailboxChange& c, std::uint32_t message) {
    heard.push_back(format_mailbox_change(c) + " M" + std::to_string(message));
  });
  store.deliver("ann", "INBOX", text("Subject: one\r\n\r\nx\r\n"), 1, 0);
  Mailbox& box = *store.find("ann");
  Folder& inbox = *box.folder("INBOX");
  box.store_flags(inbox, inbox.messages[0], kFlagSeen | kFlagRecent, {});
  box.store_flags(inbox, inbox.messages[0], kFlagSeen, {});  // only \Recent went: nothing to tell
  box.store_flags(inbox, inbox.messages[0], kFlagDeleted, {"$Todo"});
  box.create_folder("Old");
  box.append_to(*box.folder("Old"), text("Subject: two\r\n\r\ny\r\n"), kFlagRecent | kFlagAnswered, {}, 0);
  box.rename_folder("Old", "Older");
  CHECK(box.expunge(inbox) == std::vector<std::uint32_t>{1});
  box.delete_folder("Older");
  CHECK(heard == std::vector<std::string>{
                     "ann INBOX 1 new M1", "ann INBOX 1 +\\Seen M1", "ann INBOX 1 +\\Deleted +$Todo -\\Seen M1",
                     "ann Old 1 new \\Answered M0", "ann Old 1 removed M0", "ann Older 1 new \\Answered M0",
                     "ann INBOX 1 removed M1", "ann Older 1 removed M0"});
}

TEST_CASE("trace: IMAP reading, flagging, copying, appending and expunging are mailbox events") {
  const auto sim = run(R"j({"at": "1m", "host": "pc.example", "imap": {"server": "mx.example", "mode": "raw",
      "lines": ["a1 LOGIN pda pw", "a2 SELECT INBOX", "a3 FETCH 1 BODY.PEEK[]", "a4 FETCH 1 BODY[]",
                "a5 STORE 1 +FLAGS (\\Flagged)", "a6 COPY 1 Archives", "a7 APPEND Archives (\\Draft) {10}",
                "Subject: x", "a8 STORE 1 FLAGS (\\Deleted)", "a9 EXPUNGE", "a10 LOGOUT"]}})j");
  CHECK(mailbox_events(*sim) == std::vector<std::string>{
                                   "pda INBOX 1 new", "pda INBOX 1 +\\Seen", "pda INBOX 1 +\\Flagged",
                                   "pda Archives 1 new \\Seen \\Flagged", "pda Archives 2 new \\Draft",
                                   "pda INBOX 1 +\\Deleted -\\Seen -\\Flagged", "pda INBOX 1 removed"});
  // The change comes between the command and its reply, and names the message.
  const auto& ev = sim->trace().events();
  const auto seen = std::find_if(ev.begin(), ev.end(), [](const TraceEvent& e) { return e.text == "pda INBOX 1 +\\Seen"; });
  REQUIRE(seen != ev.end());
  CHECK(seen->message == 1);
  CHECK((seen - 1)->text == "a4 FETCH 1 BODY[]");
  CHECK(sim->trace().to_json(*seen)["mailbox"]["set"] == nlohmann::json::array({"\\Seen"}));
}

TEST_CASE("trace: POP3 RETR and DELE become mailbox events at QUIT only") {
  const auto sim = run(R"j({"at": "1m", "host": "pc.example", "pop3": {"server": "mx.example", "mode": "raw",
      "lines": ["USER pda", "PASS pw", "RETR 1", "DELE 1", "QUIT"]}})j");
  CHECK(mailbox_events(*sim) == std::vector<std::string>{"pda INBOX 1 new", "pda INBOX 1 +\\Seen", "pda INBOX 1 removed"});
  const auto& ev = sim->trace().events();
  const auto removed = std::find_if(ev.begin(), ev.end(), [](const TraceEvent& e) { return e.text == "pda INBOX 1 removed"; });
  REQUIRE(removed != ev.end());
  CHECK((removed - 2)->text == "QUIT");
}

TEST_CASE("trace: the same scenario and seed give the same trace, mailbox events included") {
  const std::string clients = R"j({"at": "1m", "host": "pc.example", "imap": {"server": "mx.example",
      "user": "pda", "password": "pw", "actions": [{"check_new": "INBOX"}, {"read": 1}, {"flag": 1, "with": "\\Flagged"}]}})j";
  const auto a = run(clients), b = run(clients);
  REQUIRE(a->trace().size() == b->trace().size());
  for (std::size_t i = 0; i < a->trace().size(); ++i)
    CHECK(a->trace().to_json(a->trace()[i]).dump() == b->trace().to_json(b->trace()[i]).dump());
  CHECK(mailbox_events(*a).size() == 3);
}
