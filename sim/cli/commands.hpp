// The mailsim CLI: one function per subcommand, listed with its options in usage.cpp.
// Each takes the arguments after the subcommand's name and returns the exit code:
// 0 success, 1 a checked expectation failed, 2 invalid input or usage.
#pragma once
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "explain/catalog.hpp"

namespace mailsim::cli {

using Args = std::vector<std::string>;

int cmd_run(const Args& args);      // cli/cmd_run.cpp
int cmd_check(const Args& args);    // cli/cmd_run.cpp
int cmd_message(const Args& args);  // cli/cmd_message.cpp
int cmd_serve(const Args& args);    // cli/cmd_serve.cpp
int cmd_lesson(const Args& args);   // cli/cmd_lesson.cpp
int cmd_list(const Args& args);     // cli/cmd_list.cpp
int cmd_activity(const Args& args); // cli/cmd_activity.cpp

// The command line of `lesson` and `activity` (cli/cmd_lesson.cpp): --dir DIR and --lang fr|en,
// the options named in `valued` (each takes a value) and `flags`; the rest are words.
struct LessonArgs {
  std::string dir;                            // "" = default_lessons_dir()
  explain::Lang lang = explain::Lang::En;
  std::map<std::string, std::string> values;  // "--html" -> "05.html"
  std::vector<std::string> flags;             // "--answers"
  std::vector<std::string> words;
  std::string error;                          // a bad option, in words
  bool has(std::string_view flag) const;
  std::string value(const std::string& option) const;
};
LessonArgs parse_lesson_args(const Args& args, std::initializer_list<std::string_view> valued,
                             std::initializer_list<std::string_view> flags);

}  // namespace mailsim::cli
