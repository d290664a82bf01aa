// `mailsim message FILE.eml [--format text|json]`: reads a raw message, parses it with
// the lenient MIME parser and prints its tree, decoded headers and diagnostics.
// Exit 0 when the file was read (even a damaged message: diagnostics say what is wrong),
// 2 for bad usage or an unreadable file.
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "message/eml.hpp"
#include "message/inspect.hpp"

namespace mailsim::cli {

int cmd_message(const Args& args) {
  std::string path, format = "text";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--format" && i + 1 < args.size()) {
      format = args[++i];
    } else if (args[i].rfind("--format=", 0) == 0) {
      format = args[i].substr(9);
    } else if (!args[i].empty() && args[i][0] == '-') {
      std::fprintf(stderr, "mailsim message: unknown option '%s'\n", args[i].c_str());
      return 2;
    } else if (path.empty()) {
      path = args[i];
    } else {
      std::fprintf(stderr, "mailsim message: only one file at a time ('%s' is extra)\n", args[i].c_str());
      return 2;
    }
  }
  if (path.empty() || (format != "text" && format != "json")) {
    std::fprintf(stderr, "usage: mailsim message FILE.eml [--format text|json]\n");
    return 2;
  }
  std::string error;
  const auto message = message::load_eml(path, &error);
  if (!message) {
    std::fprintf(stderr, "mailsim message: %s\n", error.c_str());
    return 2;
  }
  const auto summary = message::summarize(*message);
  const std::string out = format == "json" ? message::to_json(summary).dump(2) + "\n" : message::to_text(summary);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace mailsim::cli
