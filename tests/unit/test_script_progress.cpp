// How far a run has got through its clients' script (Simulation::script_progress), the
// measure the window's progress bar fills: none done before the first action, all done
// when the run ends, and only the actions due within the time limit counted.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "core/time.hpp"
#include "scenario/scenario.hpp"
#include "world/simulation.hpp"

using namespace mailsim;

namespace {

Scenario load_10k() {
  const LoadResult r = load_scenario_file((std::filesystem::path(MAILSIM_SOURCE_DIR) / "scenarios" / "load-10k.json").string());
  REQUIRE(r.scenario.has_value());
  return *r.scenario;
}

}  // namespace

TEST_CASE("script progress: the clients' actions done grow with simulated time and are all done at the end") {
  Simulation sim(load_10k());  // four clients, 2 500 sends each, 100 ms apart from 1-4 ms
  Simulation::ScriptProgress p = sim.script_progress();
  CHECK(p.done == 0);
  CHECK(p.total == 10000);
  while (sim.now() < 100 * kSecond && sim.step()) {
  }
  p = sim.script_progress();
  CHECK(p.done >= 4 * 1000);  // by t = 100 s, each client has sent about a thousand
  CHECK(p.done <= 4 * 1001);
  sim.run();
  p = sim.script_progress();
  CHECK(p.done == 10000);
  CHECK(p.total == 10000);
}

TEST_CASE("script progress: actions after the time limit are not counted, so the count still ends full") {
  Scenario s = load_10k();
  s.time_limit = 60 * kSecond;  // sends at 1 ms, 101 ms, ..., 59 901 ms: 600 per client
  Simulation sim(s);
  CHECK(sim.script_progress().total == 4 * 600);
  sim.run();
  const Simulation::ScriptProgress p = sim.script_progress();
  CHECK(p.done == p.total);
}
