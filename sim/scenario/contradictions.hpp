// Theory of operation: a scenario can be valid field by field and still not work as
// written: a host that requires AUTH but does not offer it, so every submission ends in
// 530. After loading, these checks compare hosts with each other and with the clients
// aimed at them, and report each contradiction as a warning at the field that causes it
// (`file:line:col: warning: ...`). They stay warnings, not errors: a lesson's "try it"
// step may build such a world on purpose to show what breaks.
#pragma once
#include <vector>

#include "scenario/reader.hpp"
#include "scenario/scenario.hpp"

namespace mailsim {

void find_contradictions(const Scenario& scenario, const ScenarioChecker& checker, std::vector<ScenarioError>& warnings);

}  // namespace mailsim
