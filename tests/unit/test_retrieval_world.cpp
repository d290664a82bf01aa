// POP3 and IMAP in the world (issue 5): scenario fields and their errors, and what a user
// notices after a run: the mailbox after POP3 DELE/QUIT, flags set by one IMAP client and
// seen by the other, a failed IMAP move that keeps the message.
#include <doctest/doctest.h>

#include "world/simulation.hpp"

using namespace mailsim;

namespace {
// A world with pda's mailbox on mx.example (POP3 and IMAP), two messages sent to it,
// and the given client actions after one minute.
std::string world(const std::string& clients, const std::string& host_extra = "") {
  return R"({"name": "t", "hosts": [
    {"name": "pc.example", "roles": ["mua"]},
    {"name": "phone.example", "roles": ["mua"]},
    {"name": "mx.example", "roles": ["mx", "mda"], "domains": ["mx.example"], "users": ["pda"],
     "retrieval": ["pop3", "imap"], "passwords": {"pda": "pw"})" + host_extra + R"(}],
  "clients": [
    {"at": "1s", "count": 2, "interval": "1s", "host": "pc.example",
     "send": {"via": "mx.example", "from": "a@pc.example", "to": ["pda@mx.example"], "message": {"subject": "s", "body": "b\n"}}})" +
         clients + "]}";
}

const Folder& inbox_after(Simulation& sim) {
  sim.run();
  const Mailbox* box = sim.mailstore("mx.example")->find("pda");
  REQUIRE(box != nullptr);
  return *box->folder("INBOX");
}

std::string first_error(const std::string& text) {
  const LoadResult r = load_scenario_text(text, "bad.json");
  REQUIRE_FALSE(r.errors.empty());
  return r.errors.front().format();
}

std::size_t lines_starting(const Simulation& sim, const std::string& prefix, const std::string& to) {
  std::size_t n = 0;
  for (const auto& e : sim.trace().events())
    if (e.kind == TraceKind::Line && e.dir == Direction::ServerToClient && e.text.rfind(prefix, 0) == 0 &&
        sim.trace().name(e.peer) == to)
      ++n;
  return n;
}
}  // namespace

TEST_CASE("retrieval: POP3 DELE takes effect at QUIT, not before, and not without QUIT") {
  SUBCASE("DELE then QUIT: one message left") {
    auto loaded = load_scenario_text(world(R"(, {"at": "1m", "host": "pc.example", "pop3": {"server": "mx.example",
      "mode": "raw", "lines": ["USER pda", "PASS pw", "DELE 1", "QUIT"]}})"), "t.json");
    REQUIRE(loaded.scenario);
    Simulation sim(*loaded.scenario);
    CHECK(inbox_after(sim).messages.size() == 1);
  }
  SUBCASE("DELE and the connection ends without QUIT: nothing deleted, the lock released") {
    auto loaded = load_scenario_text(world(R"(, {"at": "1m", "host": "pc.example", "pop3": {"server": "mx.example",
      "mode": "raw", "lines": ["USER pda", "PASS pw", "DELE 1"]}})"), "t.json");
    REQUIRE(loaded.scenario);
    Simulation sim(*loaded.scenario);
    CHECK(inbox_after(sim).messages.size() == 2);
    CHECK_FALSE(sim.mailstore("mx.example")->find("pda")->maildrop_locked);
  }
  SUBCASE("fetch_and_delete empties the maildrop; fetch_all marks the messages seen") {
    auto loaded = load_scenario_text(world(R"(, {"at": "1m", "host": "pc.example", "pop3": {"server": "mx.example",
      "user": "pda", "password": "pw", "mode": "fetch_and_delete"}})"), "t.json");
    REQUIRE(loaded.scenario);
    Simulation sim(*loaded.scenario);
    CHECK(inbox_after(sim).messages.empty());
    auto kept = load_scenario_text(world(R"(, {"at": "1m", "host": "pc.example", "pop3": {"server": "mx.example",
      "user": "pda", "password": "pw"}})"), "t.json");
    Simulation sim2(*kept.scenario);
    CHECK(inbox_after(sim2).count_flag(kFlagSeen) == 2);
  }
}

TEST_CASE("retrieval: a raw POP3 session that waits holds the maildrop; a second session gets -ERR [IN-USE] meanwhile") {
  auto loaded = load_scenario_text(world(R"(,
    {"at": "1m", "host": "pc.example", "pop3": {"server": "mx.example", "mode": "raw",
     "lines": ["USER pda", "PASS pw", {"wait": "30s"}, "STAT", "QUIT"]}},
    {"at": "70s", "host": "phone.example", "pop3": {"server": "mx.example", "user": "pda", "password": "pw"}},
    {"at": "2m", "host": "phone.example", "pop3": {"server": "mx.example", "user": "pda", "password": "pw"}})"),
                                   "t.json");
  REQUIRE(loaded.scenario);
  Simulation sim(*loaded.scenario);
  sim.run();
  CHECK(lines_starting(sim, "-ERR [IN-USE]", "phone.example") == 1);  // at 70 s, during the wait
  CHECK(lines_starting(sim, "+OK pda has 2 messages", "phone.example") == 1);  // at 2 min, after QUIT
  SimTime stat_at = 0, pass_at = 0;
  for (const auto& e : sim.trace().events()) {
    if (e.kind != TraceKind::Line || e.dir != Direction::ClientToServer) continue;
    if (e.text == "STAT" && sim.trace().name(e.host) == "pc.example") stat_at = e.time;
    if (e.text.rfind("PASS", 0) == 0 && sim.trace().name(e.host) == "pc.example") pass_at = e.time;
  }
  CHECK(stat_at - pass_at >= 30 * kSecond);
}

TEST_CASE("retrieval: an IMAP client in IDLE sees the other client's flags and expunge") {
  auto loaded = load_scenario_text(world(R"(,
    {"at": "50s", "host": "phone.example", "imap": {"server": "mx.example", "mode": "raw",
     "lines": ["p1 LOGIN pda pw", "p2 SELECT INBOX", "p3 IDLE", {"wait": "20s"}, "DONE", "p4 LOGOUT"]}},
    {"at": "1m", "host": "pc.example", "imap": {"server": "mx.example", "user": "pda", "password": "pw",
     "actions": [{"flag": 2, "with": "\\Flagged"}, {"flag": 1, "with": "\\Deleted"}, {"expunge": true}]}})"),
                                   "t.json");
  REQUIRE(loaded.scenario);
  Simulation sim(*loaded.scenario);
  const Folder& inbox = inbox_after(sim);
  REQUIRE(inbox.messages.size() == 1);
  CHECK(inbox.count_flag(kFlagFlagged) == 1);
  CHECK(lines_starting(sim, "* 1 EXPUNGE", "phone.example") == 1);
  CHECK(lines_starting(sim, "* 1 FETCH (FLAGS (\\Flagged", "phone.example") == 1);  // renumbered after the EXPUNGE
  CHECK(lines_starting(sim, "p3 OK", "phone.example") == 1);  // DONE came after the pause
}

TEST_CASE("retrieval: an IMAP move to a missing folder keeps the message; to a configured folder moves it") {
  const std::string move = R"(, {"at": "1m", "host": "pc.example", "imap": {"server": "mx.example", "user": "pda",
    "password": "pw", "actions": [{"move": 1, "to": "Archives"}]}})";
  auto missing = load_scenario_text(world(move), "t.json");
  REQUIRE(missing.scenario);
  Simulation sim(*missing.scenario);
  CHECK(inbox_after(sim).messages.size() == 2);
  auto present = load_scenario_text(world(move, R"(, "folders": ["Archives"])"), "t.json");
  REQUIRE(present.scenario);
  Simulation sim2(*present.scenario);
  CHECK(inbox_after(sim2).messages.size() == 1);
  CHECK(sim2.mailstore("mx.example")->find("pda")->folder("Archives")->messages.size() == 1);
}

TEST_CASE("retrieval: scenario errors") {
  CHECK(first_error(R"({"name": "t", "hosts": [{"name": "a", "roles": ["mua"], "retrieval": ["pop3"]}]})") ==
        "bad.json:1:70: host a: POP3 and IMAP serve a mail store: add the \"mda\" role");
  CHECK(first_error(R"({"name": "t", "hosts": [{"name": "a", "roles": ["mda"], "retrieval": ["smtp"]}]})") ==
        "bad.json:1:70: host a: retrieval services are \"pop3\" and \"imap\"");
  const std::string no_pop = R"({"name": "t", "hosts": [{"name": "a", "roles": ["mua"]}, {"name": "b", "roles": ["mda"]}],
    "clients": [{"host": "a", "pop3": {"server": "b", "user": "u", "password": "p"}}]})";
  CHECK(first_error(no_pop).find("pop3: host b does not serve pop3") != std::string::npos);
  const std::string bad_mode = R"({"name": "t", "hosts": [{"name": "a", "roles": ["mua"]}, {"name": "b", "roles": ["mda"], "retrieval": "imap"}],
    "clients": [{"host": "a", "imap": {"server": "b", "mode": "raw", "lines": ["a1 NOOP", {"wait": 5}]}}]})";
  CHECK(first_error(bad_mode).find("imap: a raw line is a string, or {\"wait\": \"5s\"}") != std::string::npos);
  const std::string bad_action = R"({"name": "t", "hosts": [{"name": "a", "roles": ["mua"]}, {"name": "b", "roles": ["mda"], "retrieval": "imap"}],
    "clients": [{"host": "a", "imap": {"server": "b", "user": "u", "password": "p", "actions": [{"read": 1, "flag": 2}]}}]})";
  CHECK(first_error(bad_action).find("imap action: give exactly one of") != std::string::npos);
  const std::string lmtp = R"({"name": "t", "hosts": [{"name": "mx", "roles": ["mx"], "domains": "d.example", "mda_host": "mda"},
    {"name": "mda", "roles": ["mda"], "domains": "other.example"}]})";
  CHECK(first_error(lmtp).find("host mx: mda_host mda must list the domain d.example too") != std::string::npos);
  const std::string no_mda = R"({"name": "t", "hosts": [{"name": "mx", "roles": ["mx"], "domains": "d.example"}]})";
  CHECK(first_error(no_mda).find("(or an LMTP \"mda_host\")") != std::string::npos);
}
