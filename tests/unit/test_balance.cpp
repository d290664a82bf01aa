// The run's message balance read from the trace (world/balance.hpp): a recipient that is
// lost, or ended without being accepted, breaks it; on every shipped scenario it agrees
// with what the hosts' queues and the ledger say at the end.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"
#include "world/simulation.hpp"

using namespace mailsim;

namespace {

// A trace written by hand: message events of hosts, each about the recipients given.
class HandTrace {
 public:
  HandTrace& event(TraceKind kind, const char* host, std::uint32_t message, std::vector<std::string_view> rcpts) {
    TraceEvent e;
    e.time = ++time_;
    e.kind = kind;
    e.host = trace.intern(host);
    e.message = message;
    trace.append(e, "", rcpts);
    return *this;
  }
  Trace trace;

 private:
  SimTime time_ = 0;
};

}  // namespace

TEST_CASE("balance from the trace: each recipient accepted ends delivered, bounced or in a queue") {
  HandTrace t;
  t.event(TraceKind::MessageAccepted, "msa", 1, {"a@x", "b@y"})
      .event(TraceKind::Delivered, "msa", 1, {"a@x"})
      .event(TraceKind::MessageQueued, "msa", 1, {"b@y"});
  MessageBalance b = balance_from_trace(t.trace);
  CHECK(b == MessageBalance{2, 1, 0, 1});
  CHECK(b.holds());

  // Relayed to mx, which takes it in (the same message and recipient), fails and bounces it.
  t.event(TraceKind::Relayed, "msa", 1, {"b@y"})
      .event(TraceKind::MessageAccepted, "mx", 1, {"b@y"})
      .event(TraceKind::MessageQueued, "mx", 1, {"b@y"})
      .event(TraceKind::Bounced, "mx", 1, {"b@y"})
      .event(TraceKind::MessageAccepted, "mx", 2, {"sender@x"})  // the DSN
      .event(TraceKind::Delivered, "mx", 2, {"sender@x"});
  b = balance_from_trace(t.trace);
  CHECK(b == MessageBalance{3, 2, 1, 0});
  CHECK(b.holds());
}

TEST_CASE("balance from the trace: a recipient relayed that no host took in is lost") {
  HandTrace t;
  t.event(TraceKind::MessageAccepted, "msa", 1, {"b@y"})
      .event(TraceKind::MessageQueued, "msa", 1, {"b@y"})
      .event(TraceKind::Relayed, "msa", 1, {"b@y"});  // and mx never says it accepted it
  const MessageBalance b = balance_from_trace(t.trace);
  CHECK(b == MessageBalance{1, 0, 0, 0});
  CHECK_FALSE(b.holds());
}

TEST_CASE("balance from the trace: a recipient accepted and never heard of again is lost") {
  HandTrace t;
  t.event(TraceKind::MessageAccepted, "mx", 4, {"a@x", "b@x"}).event(TraceKind::Delivered, "mx", 4, {"a@x"});
  CHECK_FALSE(balance_from_trace(t.trace).holds());
  // Queued on one host does not keep it queued once that host bounced it.
  HandTrace u;
  u.event(TraceKind::MessageAccepted, "mx", 4, {"a@x"})
      .event(TraceKind::MessageQueued, "mx", 4, {"a@x"})
      .event(TraceKind::MessageQueued, "mx", 4, {"a@x"})  // a failed attempt: still the same one
      .event(TraceKind::Relayed, "mx", 4, {"a@x"});
  CHECK(balance_from_trace(u.trace) == MessageBalance{1, 0, 0, 0});
}

TEST_CASE("balance from the trace: delivered without having been accepted does not hold") {
  HandTrace t;
  t.event(TraceKind::Delivered, "mx", 1, {"a@x"});
  const MessageBalance b = balance_from_trace(t.trace);
  CHECK(b == MessageBalance{0, 1, 0, 0});
  CHECK_FALSE(b.holds());
}

TEST_CASE("balance from the trace: a mailing list ends at its expansion, its members are accepted") {
  HandTrace t;
  t.event(TraceKind::MessageAccepted, "mx", 1, {"staff@x"})
      .event(TraceKind::Decision, "mx", 1, {"staff@x", "paul@x", "pascal@y"})
      .event(TraceKind::Delivered, "mx", 1, {"paul@x"})
      .event(TraceKind::MessageQueued, "mx", 1, {"pascal@y"});
  const MessageBalance b = balance_from_trace(t.trace);
  CHECK(b == MessageBalance{3, 2, 0, 1});
  CHECK(b.holds());
}

TEST_CASE("balance: a run's trace and its hosts' queues and ledger agree, on every shipped scenario") {
  std::size_t scenarios = 0, recipients = 0;
  for (const auto& file : std::filesystem::directory_iterator(std::filesystem::path(MAILSIM_SOURCE_DIR) / "scenarios")) {
    const std::string name = file.path().stem().string();
    if (file.path().extension() != ".json" || name == "load-100k") continue;  // load-10k is the same hosts
    CAPTURE(name);
    const LoadResult r = load_scenario_file(file.path().string());
    REQUIRE(r.scenario.has_value());
    Simulation sim(*r.scenario);
    sim.run();
    const MessageBalance from_trace = sim.balance();
    const MessageBalance from_queues = balance_from_queues(sim.world());
    CHECK(from_trace == from_queues);
    CHECK(from_trace.holds());
    ++scenarios;
    recipients += from_trace.accepted;
  }
  CHECK(scenarios >= 30);
  CHECK(recipients > 10000);
}

TEST_CASE("balance: a forward to another host and a list with a remote member end where they are delivered") {
  // marie@uvsq.fr is forwarded to jussieu.fr, the list staff@uvsq.fr has a member there:
  // each address expanded ends at its expansion, the addresses it adds are taken in anew.
  const char* text = R"({
  "name": "forward",
  "hosts": [
    {"name": "pc.example", "roles": ["mua"]},
    {"name": "mx.uvsq.fr", "roles": ["msa", "mta", "mx", "mda"], "domains": ["uvsq.fr"], "users": ["paul"],
     "forwards": {"marie": "marie@jussieu.fr"}, "lists": {"staff": ["paul@uvsq.fr", "jean@jussieu.fr"]}},
    {"name": "mx.jussieu.fr", "roles": ["mx", "mda"], "domains": ["jussieu.fr"], "users": ["marie", "jean"]}
  ],
  "dns": {"records": [{"name": "jussieu.fr", "type": "MX", "preference": 10, "exchange": "mx.jussieu.fr"}]},
  "clients": [
    {"at": "1s", "host": "pc.example", "send": {"from": "paul@uvsq.fr", "to": ["marie@uvsq.fr"], "via": "mx.uvsq.fr", "message": {"subject": "a", "body": "x"}}},
    {"at": "2s", "host": "pc.example", "send": {"from": "paul@uvsq.fr", "to": ["staff@uvsq.fr"], "via": "mx.uvsq.fr", "message": {"subject": "b", "body": "x"}}}
  ],
  "expect": [{"delivered": "marie@jussieu.fr"}, {"delivered": "jean@jussieu.fr"}, {"balance": true}]
})";
  const LoadResult r = load_scenario_text(text, "forward.json");
  REQUIRE(r.scenario.has_value());
  Simulation sim(*r.scenario);
  sim.run();
  for (const auto& result : sim.check_expectations()) CHECK_MESSAGE(result.passed, result.description);
  // marie@uvsq.fr, marie@jussieu.fr; staff@uvsq.fr, paul@uvsq.fr, jean@jussieu.fr: all delivered.
  CHECK(sim.balance() == MessageBalance{5, 5, 0, 0});
  CHECK(balance_from_queues(sim.world()) == sim.balance());
}
