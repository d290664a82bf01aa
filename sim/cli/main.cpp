// mailsim: the command-line front end. Subcommands live in their own files (commands.hpp);
// this file only dispatches through a table and prints help and the version.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "cli/commands.hpp"

namespace {

struct Subcommand {
  std::string_view name;
  int (*run)(const mailsim::cli::Args&);
  std::string_view usage;
};

constexpr Subcommand kSubcommands[] = {
    {"run", mailsim::cli::cmd_run,
     "run FILE [--format text|json] [--lang fr] [--seed N]  run a scenario, print its transcript and check its expectations"},
    {"check", mailsim::cli::cmd_check, "check FILE...                              validate scenarios without running them"},
    {"message", mailsim::cli::cmd_message,
     "message FILE.eml [--format text|json]     print a message's MIME tree with diagnostics"},
    {"serve", mailsim::cli::cmd_serve,
     "serve FILE [--port-offset N] [--bind ADDR]  run the world in real time; real clients on real ports"},
    {"lesson", mailsim::cli::cmd_lesson,
     "lesson list|show NAME [--lang fr|en]|check|answer NAME STEP ANSWER   the course's lessons"},
};

void print_help(std::FILE* out) {
  std::fprintf(out, "usage: mailsim COMMAND [ARGS]\n\ncommands:\n");
  for (const auto& s : kSubcommands) std::fprintf(out, "  %.*s\n", static_cast<int>(s.usage.size()), s.usage.data());
  std::fprintf(out,
               "\noptions:\n  --help      this text\n  --version   the version\n\n"
               "exit status: 0 success, 1 an expectation failed, 2 invalid input\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_help(stderr);
    return 2;
  }
  const std::string_view first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    print_help(stdout);
    return 0;
  }
  if (first == "--version") {
    std::printf("mailsim %s\n", MAILSIM_VERSION);
    return 0;
  }
  for (const auto& s : kSubcommands) {
    if (s.name == first) return s.run(mailsim::cli::Args(argv + 2, argv + argc));
  }
  std::fprintf(stderr, "mailsim: unknown command '%s' (try 'mailsim --help')\n", argv[1]);
  return 2;
}
