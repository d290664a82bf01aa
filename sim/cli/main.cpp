// mailsim: the command-line front end. Subcommands live in their own files (commands.hpp)
// and in one table with their options (usage.hpp); this file dispatches through it, after
// the table's gate (--help, unknown options), and prints the overall help and the version.
#include <cstdio>
#include <string_view>

#include "cli/usage.hpp"

namespace {

// "--name=value" as two arguments, "--name" "value", for every subcommand alike.
mailsim::cli::Args split_equals(char** begin, char** end) {
  mailsim::cli::Args args;
  for (char** a = begin; a != end; ++a) {
    const std::string_view arg = *a;
    const std::size_t eq = arg.find('=');
    if (arg.rfind("--", 0) == 0 && eq != std::string_view::npos) {
      args.emplace_back(arg.substr(0, eq));
      args.emplace_back(arg.substr(eq + 1));
    } else {
      args.emplace_back(arg);
    }
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mailsim::cli;
  if (argc < 2) {
    print_summary(stderr);
    return 2;
  }
  const std::string_view first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    print_overview(stdout);
    return 0;
  }
  if (first == "--version") {
    std::printf("mailsim %s\n", MAILSIM_VERSION);
    return 0;
  }
  if (first == "--man") {
    print_man_page(stdout);
    return 0;
  }
  if (const Command* command = find_command(first)) {
    const Args args = split_equals(argv + 2, argv + argc);
    if (const auto status = screen_options(*command, args)) return *status;
    return command->run(args);
  }
  std::fprintf(stderr, "mailsim: unknown command '%s' (try 'mailsim --help')\n", argv[1]);
  return 2;
}
