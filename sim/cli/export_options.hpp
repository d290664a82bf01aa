// The export options shared by `mailsim run` and `mailsim serve`:
//   --pcap FILE             the run as a capture file (tshark/Wireshark)
//   --diagram FILE          sequence diagram: .mmd (Mermaid), .svg, .msc (mscgen)
//   --diagram-conn N        ... only connection cN
//   --diagram-from T, --diagram-to T   ... only events in [T, T] (seconds, or 500ms, 2m)
//   --diagram-full          ... keep message bodies line by line
//   --trace FILE.json       the whole trace as JSON
//   --mask-passwords / --show-passwords   mask AUTH/PASS/LOGIN secrets in the exports
//   --mailboxes DIR         the mail stores at the end, as Maildir/mbox (write_mailboxes)
#pragma once
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "export/common.hpp"

namespace mailsim {
class Trace;
class Network;
struct Scenario;
class Simulation;
}  // namespace mailsim

namespace mailsim::cli {

struct ExportRequest {
  std::string pcap, diagram, trace_json;
  ExportOptions diagram_filter;  // only_conn, from, to, full
  bool mask = false;
};

extern const char* const kExportUsage;

// If args[i] is an export option, consumes it (and its value) and returns true; on a bad
// value sets `error`.
bool parse_export_option(const Args& args, std::size_t& i, ExportRequest& request, std::string& error);

// Writes the requested files; prints errors to stderr; returns false if one failed.
bool write_exports(const ExportRequest& request, const Trace& trace, const Network& network,
                   const Scenario& scenario);

// --mailboxes DIR: the mail store of every MDA host as DIR/<host>/<user> (Maildir or mbox,
// store/export.hpp); reports on stderr, prefixed with `command`; false if one failed.
bool write_mailboxes(const std::string& dir, const Simulation& sim, const Scenario& scenario, const char* command);

}  // namespace mailsim::cli
