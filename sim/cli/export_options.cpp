#include "cli/export_options.hpp"

#include <cstdio>
#include <cstdlib>

#include "export/diagram.hpp"
#include "export/pcap.hpp"
#include "export/trace_json.hpp"
#include "net/network.hpp"
#include "scenario/scenario.hpp"
#include "store/export.hpp"
#include "world/simulation.hpp"

namespace mailsim::cli {

const char* const kExportUsage =
    "[--pcap FILE] [--diagram FILE.mmd|.svg|.msc [--diagram-conn N] [--diagram-from T] [--diagram-to T] "
    "[--diagram-full]] [--trace FILE.json] [--mask-passwords|--show-passwords]";

bool parse_export_option(const Args& args, std::size_t& i, ExportRequest& request, std::string& error) {
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

bool write_exports(const ExportRequest& request, const Trace& trace, const Network& network,
                   const Scenario& scenario) {
  ExportOptions options;
  options.epoch = scenario.epoch;
  options.addresses = host_addresses(network);
  options.mask_secrets = request.mask;
  bool ok = true;
  std::string error;
  auto report = [&](bool written, const std::string& what, const std::string& path) {
    if (written) {
      std::fprintf(stderr, "mailsim: wrote %s %s\n", what.c_str(), path.c_str());
    } else {
      std::fprintf(stderr, "mailsim: %s\n", error.c_str());
      ok = false;
    }
  };
  if (!request.pcap.empty()) report(write_pcap(trace, options, request.pcap, error), "pcap", request.pcap);
  if (!request.trace_json.empty())
    report(write_trace_json(trace, options, scenario.name, request.trace_json, error), "trace", request.trace_json);
  if (!request.diagram.empty()) {
    ExportOptions d = options;
    d.only_conn = request.diagram_filter.only_conn;
    d.from = request.diagram_filter.from;
    d.to = request.diagram_filter.to;
    d.full = request.diagram_filter.full;
    report(write_diagram(trace, d, request.diagram, error), "diagram", request.diagram);
  }
  return ok;
}

bool write_mailboxes(const std::string& dir, const Simulation& sim, const Scenario& scenario, const char* command) {
  bool ok = true;
  for (const HostSpec& host : scenario.hosts) {
    const Mailstore* store = sim.mailstore(host.name);
    if (!store) continue;
    const ExportResult r = export_mailstore(*store, std::filesystem::path(dir) / host.name);
    if (!r.ok) {
      std::fprintf(stderr, "%s: mailboxes of %s: %s\n", command, host.name.c_str(), r.error.c_str());
      ok = false;
    } else {
      std::fprintf(stderr, "%s: wrote %zu messages of %s to %s/%s\n", command, r.messages, host.name.c_str(), dir.c_str(),
                   host.name.c_str());
    }
  }
  return ok;
}

}  // namespace mailsim::cli
