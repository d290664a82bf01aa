// Theory of operation: the CLI's subcommands and their options, one table (usage.cpp) that
// every text about them reads: `mailsim --help`, `mailsim CMD --help`, the man page
// (`mailsim --man`, committed as docs/mailsim.1) and the gate that main.cpp puts before
// each subcommand's own parser. The gate refuses any `--option` the table does not list
// for that subcommand, so a parser cannot accept an option its help leaves out; a test
// (tests/scripts/cli_help.py) checks the other way, that the parser knows every option the
// table lists, and that the man page is the one the table gives.
//
// To add a subcommand: write `int cmd_NAME(const Args&)`, then one Command entry in
// usage.cpp (its synopsis, a paragraph, its option groups). To add an option: one Option
// line in its group, then parse it in the subcommand.
#pragma once
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cli/commands.hpp"

namespace mailsim::cli {

struct Option {
  std::string_view name;   // "--seed"
  std::string_view value;  // "N", or empty for a flag
  std::string_view help;   // one line
};

struct OptionGroup {
  std::string_view title;  // "options", "exports", "live options"
  std::span<const Option> options;
};

struct Command {
  std::string_view name;                // "run"
  int (*run)(const Args&);
  std::string_view synopsis;            // after "mailsim NAME"; several forms one per line
  std::string_view summary;             // one line, for the list of commands
  std::string_view description;         // a paragraph (lines of at most 90 characters)
  std::span<const OptionGroup> groups;
};

std::span<const Command> commands();
const Command* find_command(std::string_view name);

// `mailsim CMD --help`: synopsis, description, options.
void print_command_help(std::FILE* out, const Command& command);
// `mailsim` alone: one line per subcommand, and where to read more.
void print_summary(std::FILE* out);
// `mailsim --help`: every subcommand with all its options, then the exit statuses.
void print_overview(std::FILE* out);
// `mailsim --man`: the same text as a troff man page (docs/mailsim.1).
void print_man_page(std::FILE* out);

// "mailsim CMD: MESSAGE", the command's synopsis and where to read more, on stderr; gives 2.
int usage_error(std::string_view command, const std::string& message);

// Before a subcommand's parser: --help (or -h) prints its help and gives 0; an option the
// table does not list for it, or one without its value, prints why and gives 2; otherwise
// nullopt (go on).
std::optional<int> screen_options(const Command& command, const Args& args);

}  // namespace mailsim::cli
