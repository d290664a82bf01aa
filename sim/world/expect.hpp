// Theory of operation: checking a scenario's expectations after a run.
//
// Each expectation is read from the trace (what was said and done) and, for mailboxes
// and queues, from the final state of the world. The result says in words what was
// expected and, when it failed, what was found instead.
#pragma once
#include <vector>

#include "world/simulation.hpp"

namespace mailsim {

class World;

std::vector<ExpectationResult> check_expectations(const Scenario& scenario, World& world);

}  // namespace mailsim
