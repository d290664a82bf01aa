// Theory of operation: a simulation run, the public API of the core.
//
// A Simulation builds a world from a validated Scenario: one Kernel, one Trace, the
// Network of hosts, the mock DNS, a mail node per host (MSA/MTA/MX/MDA roles) and the
// scripted clients and faults, all scheduled on the kernel. step() runs one kernel event;
// run() runs until nothing is pending or the scenario's time limit. Everything a front end
// shows comes from trace(); the message balance is computed from the trace alone
// (world/balance.hpp), the expectations from the trace, the final mail stores and queues.
// Same scenario and seed: the same trace, byte for byte.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/trace.hpp"
#include "net/dns.hpp"
#include "net/network.hpp"
#include "scenario/scenario.hpp"
#include "store/mailstore.hpp"
#include "world/balance.hpp"

namespace mailsim {

struct ExpectationResult {
  std::string description;  // what was expected, in words
  bool passed = false;
  std::string detail;       // what was found instead (when it failed)
  SourcePos pos;            // where the expectation stands in the scenario file
};

class World;  // the simulated world (sim/world/world.hpp)

class Simulation {
 public:
  explicit Simulation(const Scenario& scenario, std::optional<std::uint64_t> seed = std::nullopt);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  bool step();
  void run();
  bool finished();
  SimTime now() const;

  const Trace& trace() const;
  const Scenario& scenario() const { return scenario_; }
  const Network& network() const;
  const Dns& dns() const;
  // The mail store of a host with the MDA role, or nullptr.
  const Mailstore* mailstore(const std::string& host) const;

  // The world itself, for drivers that add to it while it runs (live mode, sim/live/).
  World& world() { return *world_; }

  // How far the clients' script has got: its scripted actions (each repeat of a client
  // action counts once) whose time has come, of those due within the time limit. A front
  // end shows a run's progress with it: `done` reaches `total` with the script's last
  // action; the run may go on after it while the queues drain.
  struct ScriptProgress {
    std::size_t done = 0, total = 0;
  };
  ScriptProgress script_progress() const;

  std::vector<ExpectationResult> check_expectations() const;
  // Every message a node accepted ends the run delivered, bounced or still queued (read
  // from the trace: world/balance.hpp).
  MessageBalance balance() const;

 private:
  Scenario scenario_;
  std::unique_ptr<World> world_;
};

}  // namespace mailsim
