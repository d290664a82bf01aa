// Theory of operation: where the shipped scenarios are.
//
// The scenarios/ directory of the source tree (MAILSIM_SOURCE_DIR, compiled in) and of
// the current directory; the default scenario is basic-smtp.json from the first of them
// that has it.
#pragma once
#include <string>
#include <vector>

namespace mailsim::gui {

std::vector<std::string> shipped_scenarios();
std::string default_scenario();

}  // namespace mailsim::gui
