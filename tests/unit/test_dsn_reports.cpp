// DSNs as the sender receives them (scenarios/dsn-notices.json): recipients refused in the
// same attempt share one failure report with a block each; NOTIFY=DELAY brings one
// "delayed" report while the MX is down, and nothing more when the message gets through.
#include <doctest/doctest.h>

#include "scenario/scenario.hpp"
#include "world/simulation.hpp"

using namespace mailsim;

namespace {
std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("one failure DSN lists every recipient refused in the attempt; NOTIFY=DELAY gets one delay DSN") {
  const LoadResult r = load_scenario_file(std::string(MAILSIM_SOURCE_DIR) + "/scenarios/dsn-notices.json");
  REQUIRE(r.scenario.has_value());
  Simulation sim(*r.scenario);
  sim.run();
  const Mailbox* anne = sim.mailstore("mail.cnam.fr")->find("anne");
  REQUIRE(anne != nullptr);
  const auto& inbox = anne->folder("INBOX")->messages;
  REQUIRE(inbox.size() == 2);

  const std::string& failure = *inbox[0].data;
  CHECK(failure.find("Subject: Undelivered Mail Returned to Sender") != std::string::npos);
  CHECK(count_of(failure, "Final-Recipient: rfc822; ") == 2);
  CHECK(failure.find("Final-Recipient: rfc822; carol@example.org\r\nAction: failed\r\nStatus: 5.1.1") != std::string::npos);
  CHECK(failure.find("Final-Recipient: rfc822; dave@example.org\r\nAction: failed\r\nStatus: 5.1.1") != std::string::npos);
  CHECK(failure.find("Diagnostic-Code: smtp; 550 5.1.1 <dave@example.org>... User unknown") != std::string::npos);
  CHECK(failure.find("Final-Recipient: rfc822; bob@example.org") == std::string::npos);  // bob was delivered

  const std::string& delay = *inbox[1].data;
  CHECK(delay.find("Subject: Delayed Mail (still being retried)") != std::string::npos);
  CHECK(delay.find("Final-Recipient: rfc822; paul@uvsq.fr\r\nAction: delayed\r\nStatus: 4.4.1") != std::string::npos);
  CHECK(delay.find("Content-Type: text/rfc822-headers") != std::string::npos);  // the header only
  CHECK(sim.mailstore("mx.uvsq.fr")->find("paul")->folder("INBOX")->messages.size() == 1);
}

TEST_CASE("no delay DSN without NOTIFY=DELAY, nor with delay_warning 0s") {
  const LoadResult r = load_scenario_file(std::string(MAILSIM_SOURCE_DIR) + "/scenarios/dsn-notices.json");
  REQUIRE(r.scenario.has_value());
  Scenario without_delay = *r.scenario;
  without_delay.clients[1].dsn_notify = {"FAILURE"};
  Scenario warning_off = *r.scenario;
  warning_off.hosts[0].delay_warning = 0;
  for (Scenario* s : {&without_delay, &warning_off}) {
    Simulation sim(*s);
    sim.run();
    const auto& inbox = sim.mailstore("mail.cnam.fr")->find("anne")->folder("INBOX")->messages;
    REQUIRE(inbox.size() == 1);  // the failure report only
    CHECK(inbox[0].data->find("Action: delayed") == std::string::npos);
  }
}
