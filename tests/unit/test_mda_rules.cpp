// MDA rules (mail/mda_rules.cpp) as a user notices them: which folder a message lands in,
// and who gets a vacation reply (RFC 3834) and how often.
#include <doctest/doctest.h>

#include "world/simulation.hpp"

using namespace mailsim;

namespace {
// pda on mx.example has a Junk rule and a vacation; `sends` are client actions from pc.example.
Simulation& run(std::optional<Simulation>& slot, const std::string& sends, const std::string& every = "7d") {
  const std::string text = R"({"name": "t", "hosts": [
    {"name": "pc.example", "roles": ["mua"]},
    {"name": "home.example", "roles": ["mx", "mda"], "domains": ["home.example"], "users": ["anne", "list-request"]},
    {"name": "mx.example", "roles": ["mx", "mda"], "domains": ["mx.example"], "users": ["pda"],
     "mda_rules": {"pda": {"spam_folder": "Junk", "spam_words": ["gagné"],
                           "vacation": {"text": "absente\n", "every": ")" + every + R"("}}}}],
  "clients": [)" + sends + "]}";
  LoadResult loaded = load_scenario_text(text, "t.json");
  for (const auto& e : loaded.errors) INFO(e.format());
  REQUIRE(loaded.scenario);
  slot.emplace(*loaded.scenario);
  slot->run();
  return *slot;
}

std::string send(const std::string& at, const std::string& from, const std::string& message) {
  return R"({"at": ")" + at + R"(", "host": "pc.example", "send": {"via": "mx.example", "from": ")" + from +
         R"(", "to": ["pda@mx.example"], "message": )" + message + "}}";
}

std::size_t count(const Simulation& sim, const std::string& host, const std::string& user, const std::string& folder) {
  const Mailbox* box = sim.mailstore(host)->find(user);
  const Folder* f = box ? box->folder(folder) : nullptr;
  return f ? f->messages.size() : 0;
}
}  // namespace

TEST_CASE("mda rules: spam words match the decoded subject in any case, accents included; spam gets no vacation reply") {
  std::optional<Simulation> slot;
  Simulation& sim = run(slot, send("1s", "anne@home.example", R"({"subject": "VOUS AVEZ GAGNÉ", "body": "x\n"})"));
  CHECK(count(sim, "mx.example", "pda", "Junk") == 1);
  CHECK(count(sim, "mx.example", "pda", "INBOX") == 0);
  CHECK(count(sim, "home.example", "anne", "INBOX") == 0);
}

TEST_CASE("mda rules: one vacation reply per sender and period, none to robots and lists") {
  std::optional<Simulation> slot;
  Simulation& sim = run(slot,
                        send("1s", "anne@home.example", R"({"subject": "a", "body": "x\n"})") + "," +
                            send("2s", "anne@home.example", R"({"subject": "b", "body": "x\n"})") + "," +
                            send("3s", "anne@home.example", R"({"subject": "c", "headers": {"Auto-Submitted": "auto-generated"}, "body": "x\n"})") + "," +
                            send("4s", "list-request@home.example", R"({"subject": "d", "body": "x\n"})") + "," +
                            send("20s", "anne@home.example", R"({"subject": "e", "body": "x\n"})"),
                        "10s");
  CHECK(count(sim, "mx.example", "pda", "INBOX") == 5);
  CHECK(count(sim, "home.example", "anne", "INBOX") == 2);  // at 1 s, and at 20 s once the 10 s period is over
  CHECK(count(sim, "home.example", "list-request", "INBOX") == 0);
  const Mailbox* anne = sim.mailstore("home.example")->find("anne");
  const std::string& reply = *anne->folder("INBOX")->messages.front().data;
  CHECK(reply.find("Return-Path: <>") != std::string::npos);  // null reverse-path (RFC 3834 §3.3)
  CHECK(reply.find("Auto-Submitted: auto-replied") != std::string::npos);
  CHECK(reply.find("In-Reply-To: <M1.") != std::string::npos);
}

TEST_CASE("mda rules: no vacation reply when To and Cc do not name the user (a Bcc copy), one when Cc does") {
  std::optional<Simulation> slot;
  Simulation& sim = run(slot,
                        send("1s", "anne@home.example", R"({"subject": "bcc", "to": "carl@home.example", "body": "x\n"})") + "," +
                            send("2s", "anne@home.example",
                                 R"({"subject": "cc", "to": "carl@home.example", "cc": "PDA@MX.EXAMPLE", "body": "x\n"})"));
  CHECK(count(sim, "mx.example", "pda", "INBOX") == 2);
  CHECK(count(sim, "home.example", "anne", "INBOX") == 1);  // for the Cc message only
  const Mailbox* anne = sim.mailstore("home.example")->find("anne");
  CHECK(anne->folder("INBOX")->messages.front().data->find("Subject: Auto: cc") != std::string::npos);
}
