// Theory of operation: where the shipped scenarios are.
//
// The scenarios/ directory of the source tree (MAILSIM_SOURCE_DIR, compiled in) and of
// the current directory; the default scenario is basic-smtp.json from the first of them
// that has it. Lessons live in the lessons/ directory beside scenarios/.
#pragma once
#include <string>
#include <vector>

namespace mailsim::gui {

std::vector<std::string> shipped_scenarios();
std::string default_scenario();
// Do two paths name the same file ("scenarios/a.json" and its absolute path)?
bool same_file(const std::string& a, const std::string& b);
// The lessons/ directory next to the shipped scenarios ("" when there is none).
std::string lessons_dir();

}  // namespace mailsim::gui
