// The mailsim CLI: one function per subcommand, listed with its options in usage.cpp.
// Each takes the arguments after the subcommand's name and returns the exit code:
// 0 success, 1 a checked expectation failed, 2 invalid input or usage.
#pragma once
#include <string>
#include <vector>

namespace mailsim::cli {

using Args = std::vector<std::string>;

int cmd_run(const Args& args);      // cli/cmd_run.cpp
int cmd_check(const Args& args);    // cli/cmd_run.cpp
int cmd_message(const Args& args);  // cli/cmd_message.cpp
int cmd_serve(const Args& args);    // cli/cmd_serve.cpp
int cmd_lesson(const Args& args);   // cli/cmd_lesson.cpp
int cmd_list(const Args& args);     // cli/cmd_list.cpp

}  // namespace mailsim::cli
