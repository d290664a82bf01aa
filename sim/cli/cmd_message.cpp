// Placeholder until the message model lands (issue 4): says so and fails.
#include <cstdio>

#include "cli/commands.hpp"

namespace mailsim::cli {

int cmd_message(const Args&) {
  std::fprintf(stderr, "mailsim message: not available in this build yet\n");
  return 2;
}

}  // namespace mailsim::cli
