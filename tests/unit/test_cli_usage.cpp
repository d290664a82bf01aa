// The CLI's table of options (cli/usage.hpp) and the live and export usage lines that
// mailsim-gui prints (live/serve_options.hpp, export/request.hpp) name the same options,
// so the window's --help cannot drift from mailsim's.
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>

#include "cli/usage.hpp"
#include "export/request.hpp"
#include "live/serve_options.hpp"

using namespace mailsim::cli;

namespace {

std::set<std::string> options_in(const std::string& text) {
  std::set<std::string> out;
  const std::regex option("--[a-z][a-z-]*");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), option); it != std::sregex_iterator(); ++it)
    out.insert(it->str());
  return out;
}

std::set<std::string> group_of(std::string_view command, std::string_view title_start) {
  std::set<std::string> out;
  const Command* c = find_command(command);
  REQUIRE(c != nullptr);
  for (const OptionGroup& g : c->groups)
    if (g.title.starts_with(title_start))
      for (const Option& o : g.options) out.insert(std::string(o.name));
  return out;
}

}  // namespace

TEST_CASE("the window's live and export usage lines name the options of mailsim's table") {
  CHECK(options_in(mailsim::kServeUsage) == group_of("serve", "live options"));
  CHECK(options_in(mailsim::kExportUsage) == group_of("run", "exports"));
  CHECK(group_of("serve", "exports") == group_of("run", "exports"));
}

TEST_CASE("the options gate: --help gives 0, an option outside the table or without its value gives 2") {
  const Command& run = *find_command("run");
  CHECK_FALSE(screen_options(run, {"x.json", "--seed", "3", "--quiet"}).has_value());
  CHECK(screen_options(run, {"x.json", "--no-such"}) == 2);
  CHECK(screen_options(run, {"x.json", "--seed"}) == 2);
  CHECK(screen_options(run, {"x.json", "--trace", "--help"}).has_value() == false);  // --help is --trace's file name
  CHECK(screen_options(*find_command("check"), {"-h"}) == 0);
}
