// `mailsim message FILE.eml [--format text|json]`: reads a raw message, parses it with
// the lenient MIME parser and prints its tree, decoded headers and diagnostics.
// Exit 0 for a message with at most warnings (a damaged but readable message: the
// diagnostics say what is wrong); 2 for a broken one (an error diagnostic: an empty file,
// no header, a required field missing, a boundary that never appears), an unreadable file
// or bad usage.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "message/eml.hpp"
#include "message/inspect.hpp"

namespace mailsim::cli {

int cmd_message(const Args& args) {
  std::string path, format = "text";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--format" && i + 1 < args.size()) {
      format = args[++i];
    } else if (!args[i].empty() && args[i][0] == '-') {
      return usage_error("message", "unknown option '" + args[i] + "'");
    } else if (path.empty()) {
      path = args[i];
    } else {
      return usage_error("message", "only one file at a time ('" + args[i] + "' is extra)");
    }
  }
  if (path.empty()) return usage_error("message", "no message file given");
  if (format != "text" && format != "json") return usage_error("message", "--format is text or json");
  std::string error;
  const auto message = message::load_eml(path, &error);
  if (!message) {
    std::fprintf(stderr, "mailsim message: %s\n", error.c_str());
    return 2;
  }
  const auto summary = message::summarize(*message);
  const std::string out = format == "json" ? message::to_json(summary).dump(2) + "\n" : message::to_text(summary);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::size_t errors = 0;
  for (const auto& d : summary.diagnostics) errors += d.severity == message::Severity::error;
  if (errors == 0) return 0;
  std::fprintf(stderr, "mailsim message: %s: %zu error(s), not a valid message (see the diagnostics above)\n", path.c_str(),
               errors);
  return 2;
}

}  // namespace mailsim::cli
