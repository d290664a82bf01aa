#include "export/request.hpp"

#include <cstdio>
#include <cstdlib>

#include "export/diagram.hpp"
#include "export/pcap.hpp"
#include "export/trace_json.hpp"
#include "net/network.hpp"
#include "scenario/scenario.hpp"
#include "store/export.hpp"
#include "world/simulation.hpp"

namespace mailsim {

const char* const kExportUsage =
    "[--pcap FILE] [--diagram FILE.mmd|.svg|.msc [--diagram-conn N] [--diagram-from T] [--diagram-to T] "
    "[--diagram-full]] [--trace FILE.json] [--mask-passwords|--show-passwords]";

bool parse_export_option(const std::vector<std::string>& args, std::size_t& i, ExportRequest& request, std::string& error) {
  const std::string& a = args[i];
  const bool has_value = i + 1 < args.size();
  auto value = [&]() -> const std::string& { return args[++i]; };
  if (a == "--mask-passwords") request.mask = true;
  else if (a == "--show-passwords") request.mask = false;
  else if (a == "--diagram-full") request.diagram_filter.full = true;
  else if (!has_value) {
    if (a == "--pcap" || a == "--diagram" || a == "--trace" || a == "--diagram-conn" || a == "--diagram-from" ||
        a == "--diagram-to") {
      error = a + " needs a value";
      return true;
    }
    return false;
  } else if (a == "--pcap") request.pcap = value();
  else if (a == "--trace") request.trace_json = value();
  else if (a == "--diagram") {
    request.diagram = value();
    if (!diagram_format_for(request.diagram)) error = "--diagram: use a .mmd, .svg or .msc file name";
  } else if (a == "--diagram-conn") {
    std::string v = value();
    if (!v.empty() && (v[0] == 'c' || v[0] == 'C')) v.erase(0, 1);
    char* end = nullptr;
    const unsigned long n = std::strtoul(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0') error = "--diagram-conn takes a connection id (3 or c3)";
    else request.diagram_filter.only_conn = static_cast<std::uint32_t>(n);
  } else if (a == "--diagram-from" || a == "--diagram-to") {
    const auto t = parse_export_time(value());
    if (!t) error = a + " takes a time (12.5, 500ms, 2s, 1m)";
    else if (a == "--diagram-from") request.diagram_filter.from = t;
    else request.diagram_filter.to = t;
  } else {
    return false;
  }
  return true;
}

ExportReport write_exports(const ExportRequest& request, const Trace& trace, const Network& network,
                           const Scenario& scenario) {
  ExportOptions options;
  options.epoch = scenario.epoch;
  options.addresses = host_addresses(network);
  options.mask_secrets = request.mask;
  options.wire = request.wire;
  ExportReport report;
  // A new outcome; the writer fills its error only when it fails.
  auto outcome = [&](const char* what, const std::string& path) -> std::string& {
    ExportOutcome& o = report.emplace_back();
    o.what = what;
    o.path = path;
    return o.error;
  };
  if (!request.pcap.empty()) write_pcap(trace, options, request.pcap, outcome("pcap", request.pcap));
  if (!request.trace_json.empty()) {
    std::string& error = outcome("trace", request.trace_json);
    write_trace_json(trace, options, scenario.name, request.trace_json, error, &report.back().not_utf8);
  }
  if (!request.diagram.empty()) {
    ExportOptions d = options;
    d.only_conn = request.diagram_filter.only_conn;
    d.from = request.diagram_filter.from;
    d.to = request.diagram_filter.to;
    d.full = request.diagram_filter.full;
    write_diagram(trace, d, request.diagram, outcome("diagram", request.diagram));
  }
  return report;
}

ExportReport write_mailboxes(const std::string& dir, const Simulation& sim, const Scenario& scenario) {
  ExportReport report;
  for (const HostSpec& host : scenario.hosts) {
    const Mailstore* store = sim.mailstore(host.name);
    if (!store) continue;
    const std::filesystem::path path = std::filesystem::path(dir) / host.name;
    const ExportResult r = export_mailstore(*store, path);
    report.push_back({"mailboxes", path.string(), host.name, r.messages, r.ok ? std::string() : r.error});
  }
  return report;
}

bool print_export_report(const ExportReport& report, const char* command) {
  bool ok = true;
  for (const ExportOutcome& o : report) {
    if (!o.ok()) {
      ok = false;
      if (o.host.empty()) std::fprintf(stderr, "%s: %s\n", command, o.error.c_str());
      else std::fprintf(stderr, "%s: mailboxes of %s: %s\n", command, o.host.c_str(), o.error.c_str());
    } else if (o.host.empty()) {
      std::fprintf(stderr, "%s: wrote %s %s\n", command, o.what.c_str(), o.path.c_str());
      if (o.not_utf8 > 0) std::fprintf(stderr, "%s: %s: %s\n", command, o.path.c_str(), not_utf8_note(o.not_utf8).c_str());
    } else {
      std::fprintf(stderr, "%s: wrote %zu messages of %s to %s\n", command, o.messages, o.host.c_str(), o.path.c_str());
    }
  }
  return ok;
}

}  // namespace mailsim
