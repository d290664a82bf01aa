#include "world/simulation.hpp"

#include <algorithm>

#include "world/expect.hpp"
#include "world/world.hpp"

namespace mailsim {

Simulation::Simulation(const Scenario& scenario, std::optional<std::uint64_t> seed)
    : scenario_(scenario), world_(std::make_unique<World>(scenario_, seed.value_or(scenario.seed))) {}

Simulation::~Simulation() = default;

bool Simulation::finished() {
  const SimTime next = world_->kernel().next_time();
  return next < 0 || next > scenario_.time_limit;
}

bool Simulation::step() {
  if (finished()) return false;
  return world_->kernel().step();
}

void Simulation::run() {
  while (step()) {
  }
}

SimTime Simulation::now() const { return world_->kernel().now(); }
const Trace& Simulation::trace() const { return world_->trace(); }
const Network& Simulation::network() const { return world_->network(); }
const Dns& Simulation::dns() const { return world_->dns(); }
const Mailstore* Simulation::mailstore(const std::string& host) const { return world_->mailstore(host); }

namespace {
// How many of the times at, at + interval, ... (count of them) are not after `t`.
std::size_t repeats_until(const ClientAction& action, SimTime t) {
  const auto count = static_cast<std::size_t>(std::max(action.count, 0));
  if (t < action.at) return 0;
  if (action.interval <= 0) return count;
  return std::min(count, static_cast<std::size_t>((t - action.at) / action.interval) + 1);
}
}  // namespace

Simulation::ScriptProgress Simulation::script_progress() const {
  ScriptProgress p;
  for (const ClientAction& action : scenario_.clients) {
    p.total += repeats_until(action, scenario_.time_limit);
    p.done += repeats_until(action, std::min(now(), scenario_.time_limit));
  }
  return p;
}

std::vector<ExpectationResult> Simulation::check_expectations() const {
  return mailsim::check_expectations(scenario_, *world_);
}

MessageBalance Simulation::balance() const { return balance_from_trace(world_->trace()); }

}  // namespace mailsim
