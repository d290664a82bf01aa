// The export options shared by `mailsim run`, `mailsim serve` and the window:
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
#include <vector>

#include "export/common.hpp"

namespace mailsim {

class Trace;
class Network;
struct Scenario;
class Simulation;

struct ExportRequest {
  std::string pcap, diagram, trace_json;
  ExportOptions diagram_filter;  // only_conn, from, to, full
  bool mask = false;
  const WireLog* wire = nullptr;  // serve: the TLS connections' bytes, for the pcap
};

extern const char* const kExportUsage;

// If args[i] is an export option, consumes it (and its value) and returns true; on a bad
// value sets `error`.
bool parse_export_option(const std::vector<std::string>& args, std::size_t& i, ExportRequest& request, std::string& error);

// What one export did: a file or a host's mail store written, or why it was not.
struct ExportOutcome {
  std::string what;          // "pcap", "trace", "diagram", or "mailboxes" (of `host`)
  std::string path;          // the file, or the host's directory
  std::string host;          // mailboxes: whose mail store
  std::size_t messages = 0;  // mailboxes: messages written
  std::string error;         // empty when written
  std::size_t not_utf8 = 0;  // trace: texts whose bytes were not UTF-8, written as U+FFFD
  bool ok() const { return error.empty(); }
};
using ExportReport = std::vector<ExportOutcome>;

// Writes the requested files; one outcome per file, in the order pcap, trace, diagram.
ExportReport write_exports(const ExportRequest& request, const Trace& trace, const Network& network,
                           const Scenario& scenario);

// --mailboxes DIR: the mail store of every MDA host as DIR/<host>/<user> (Maildir or mbox,
// store/export.hpp); one outcome per host.
ExportReport write_mailboxes(const std::string& dir, const Simulation& sim, const Scenario& scenario);

// Prints each outcome on stderr ("COMMAND: wrote pcap run.pcap", "COMMAND: wrote 3 messages
// of HOST to DIR/HOST", or the error), and what a trace held that is not UTF-8; false if one failed.
bool print_export_report(const ExportReport& report, const char* command);

}  // namespace mailsim
