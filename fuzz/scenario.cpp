// Fuzz target scenario: the scenario loader reads any text as a scenario file (JSON with
// comments and trailing commas, every field checked with file:line:col); a scenario that
// loads is then run for a bounded number of events and everything `mailsim run` does after
// the run is done: expectations checked, the message balance, the JSON trace, the pcap and
// the sequence diagram. The file stands in scenarios/ so that message files resolve as they
// do for the shipped scenarios. Property: an error names a line and column.
#include <cstdio>

#include "export/diagram.hpp"
#include "export/pcap.hpp"
#include "export/trace_json.hpp"
#include "scenario/scenario.hpp"
#include "world/simulation.hpp"

using namespace mailsim;

namespace {
constexpr int kMaxEvents = 20000;  // a run is cut there: the fuzzer wants many short runs
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const LoadResult loaded = load_scenario_text(text, MAILSIM_SOURCE_DIR "/scenarios/fuzz.json");
  for (const ScenarioError& e : loaded.errors)
    if (e.pos.line == 0) __builtin_trap();  // every error says where
  if (!loaded.scenario) return 0;
  Simulation sim(*loaded.scenario);
  for (int i = 0; i < kMaxEvents && sim.step(); ++i) {
  }
  (void)sim.check_expectations();
  (void)sim.balance();
  ExportOptions options;
  options.epoch = loaded.scenario->epoch;
  options.addresses = host_addresses(sim.network());
  options.mask_secrets = true;
  std::string error;
  (void)write_trace_json(sim.trace(), options, loaded.scenario->name, "/dev/null", error);
  (void)pcap_bytes(sim.trace(), options);
  (void)diagram_text(sim.trace(), options, DiagramFormat::Svg);
  return 0;
}
