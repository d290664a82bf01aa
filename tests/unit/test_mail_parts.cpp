// The parts of a mail host (mail/node.hpp) as their users notice them: local delivery run
// on its own over a mail environment of the test's making (no World), and the queue
// manager's attempt count as a field of the trace, where the window reads it.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "mail/environment.hpp"
#include "mail/local.hpp"
#include "scenario/scenario.hpp"
#include "world/simulation.hpp"

using namespace mailsim;

namespace {
// The smallest world a mail host part can live in: one host, its mail store, a trace.
class TestEnvironment : public MailEnvironment {
 public:
  TestEnvironment() : network_(kernel_, trace_), dns_(kernel_, trace_) {
    HostSpec spec;
    spec.name = "mx.example";
    spec.address = "192.0.2.1";
    spec.roles = {Role::Mx, Role::Mda};
    spec.domains = {"mx.example"};
    spec.users = {"pda"};
    spec.mda_rules["pda"].vacation = true;
    spec.mda_rules["pda"].vacation_text = "absente\n";
    scenario_.hosts.push_back(spec);
    host_ = network_.add_host(spec.name, spec.address);
    store_.add_user("pda");
  }
  Kernel& kernel() override { return kernel_; }
  Network& network() override { return network_; }
  Dns& dns() override { return dns_; }
  MessageLedger& ledger() override { return ledger_; }
  const Scenario& scenario() const override { return scenario_; }
  Mailstore* mailstore(const std::string& host) override { return host == "mx.example" ? &store_ : nullptr; }
  void submit_local(HostId, std::uint32_t, QueuedEnvelope, std::string_view) override {}
  using MailEnvironment::note;
  void note(TraceKind kind, HostId, std::uint32_t, std::string_view text, HostId, std::int16_t, Recipients) override {
    notes.push_back(std::string(trace_kind_name(kind)) + ": " + std::string(text));
  }

  HostId host() const { return host_; }
  const HostSpec& spec() const { return scenario_.hosts.front(); }
  Mailstore& store() { return store_; }
  std::vector<std::string> notes;

 private:
  Kernel kernel_;
  Trace trace_;
  Network network_;
  Dns dns_;
  MessageLedger ledger_;
  Scenario scenario_;
  Mailstore store_;
  HostId host_ = 0;
};

QueuedEnvelope envelope_from(const std::string& sender, const std::string& rcpt) {
  QueuedEnvelope env;
  env.mail_from = sender;
  env.rcpts.push_back(QueuedRecipient{rcpt, "", ""});
  return env;
}
}  // namespace

TEST_CASE("local delivery on its own: files the message with its Return-Path, answers with the vacation reply to send") {
  TestEnvironment env;
  LocalDelivery local(env, env.host(), env.spec());
  const std::string data = "From: anne@pc.example\r\nTo: pda@mx.example\r\nSubject: hello\r\n\r\nbody\r\n";
  const QueuedEnvelope in = envelope_from("anne@pc.example", "pda@mx.example");

  const LocalDelivery::Outcome done = local.deliver(7, in, data, in.rcpts.front());
  CHECK_FALSE(done.failure);
  const auto& inbox = env.store().find("pda")->folder("INBOX")->messages;
  REQUIRE(inbox.size() == 1);
  CHECK(inbox.front().data->rfind("Return-Path: <anne@pc.example>\r\nFrom: anne@pc.example", 0) == 0);
  // The reply is handed back, not sent: the queue manager takes it in as a new message.
  REQUIRE(done.reply);
  CHECK(done.reply->message == 1);  // numbered by the ledger
  REQUIRE(done.reply->envelope.rcpts.size() == 1);
  CHECK(done.reply->envelope.mail_from.empty());  // RFC 3834 3.3: a null reverse-path
  CHECK(done.reply->envelope.rcpts.front().address == "anne@pc.example");
  CHECK(done.reply->envelope.rcpts.front().notify == "NEVER");
  CHECK(done.reply->text.find("Auto-Submitted: auto-replied\r\n") != std::string::npos);

  // The same sender within the period gets no second reply; an unknown user fails with 5.1.1.
  CHECK_FALSE(local.deliver(8, in, data, in.rcpts.front()).reply);
  const QueuedEnvelope nobody = envelope_from("anne@pc.example", "nobody@mx.example");
  const LocalDelivery::Outcome failed = local.deliver(9, nobody, data, nobody.rcpts.front());
  REQUIRE(failed.failure);
  CHECK(failed.failure->status == "5.1.1");
  CHECK(failed.failure->diagnostic == "550 5.1.1 <nobody@mx.example>... User unknown");
  CHECK(inbox.size() == 2);
  CHECK(std::count(env.notes.begin(), env.notes.end(), "delivered: pda INBOX") == 2);
}

TEST_CASE("a failed delivery attempt's number is a field of its queued event, in the trace and its JSON") {
  const LoadResult r = load_scenario_file(std::string(MAILSIM_SOURCE_DIR) + "/scenarios/all-mx-down.json");
  REQUIRE(r.scenario.has_value());
  Simulation sim(*r.scenario);
  sim.run();
  const Trace& trace = sim.trace();
  std::vector<int> attempts;  // mail.cnam.fr's queued events, in order
  for (const TraceEvent& e : trace.events())
    if (e.kind == TraceKind::MessageQueued && trace.name(e.host) == "mail.cnam.fr") {
      attempts.push_back(e.failed_attempt());
      const nlohmann::json j = trace.to_json(e);
      CHECK(j.contains("code") == false);
      if (e.failed_attempt() != 0) {
        CHECK(j.at("attempt") == e.failed_attempt());
        CHECK(e.text.rfind("attempt " + std::to_string(e.failed_attempt()) + " failed", 0) == 0);
      } else {
        CHECK_FALSE(j.contains("attempt"));
      }
    }
  CHECK(attempts == std::vector<int>{0, 1, 2, 3, 4});  // queued, then four failed attempts; the fifth relays it
}
