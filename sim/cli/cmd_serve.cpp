// `mailsim serve FILE`: the scenario's world in real time, with every service of every
// simulated host on a real port for real clients (sim/live/server.hpp). Prints the port
// map, then the transcript as it grows (unless --quiet); Ctrl-C (or SIGTERM, or the end of
// --duration) ends cleanly and writes the requested exports.
#include <malloc.h>

#include <cstdio>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "export/request.hpp"
#include "live/serve_options.hpp"
#include "live/server.hpp"
#include "world/simulation.hpp"

namespace mailsim::cli {

namespace {

int usage(const std::string& message) { return usage_error("serve", message); }

}  // namespace

int cmd_serve(const Args& args) {
  std::string file;
  ServeOptions options;
  std::optional<std::uint64_t> seed;
  bool quiet = false;
  std::string mailboxes;
  ExportRequest exports;
  exports.mask = true;  // safe by default: real passwords stay out of the exports
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string error;
    if (parse_export_option(args, i, exports, error) || parse_serve_option(args, i, options, error)) {
      if (!error.empty()) return usage(error);
      continue;
    }
    const bool has = i + 1 < args.size();
    double v = 0;
    if (a == "--quiet") quiet = true;
    else if (!has && a.rfind("--", 0) == 0) return usage(a + " needs a value");
    else if (a == "--mailboxes") mailboxes = args[++i];
    else if (a == "--seed") {
      if (!parse_number(args[++i], v) || v < 0) return usage("--seed takes a whole number");
      seed = static_cast<std::uint64_t>(v);
    } else if (!a.empty() && a[0] == '-') return usage("unknown option '" + a + "'");
    else if (file.empty()) file = a;
    else return usage("give one scenario file");
  }
  if (file.empty()) return usage("no scenario file given");

  LoadResult loaded = load_scenario_file(file);
  for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.format().c_str());
  for (const auto& w : loaded.warnings) std::fprintf(stderr, "%s\n", w.format().c_str());
  if (!loaded.scenario) return 2;
  // The trace and the mail stores only grow while serving: let the heap grow in large steps
  // and keep freed memory, rather than mapping and faulting in fresh pages for every
  // reallocation (this halves the page faults under load).
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
#ifdef M_TOP_PAD  // glibc's; emscripten's C library (the web edition) has none
  mallopt(M_TOP_PAD, 32 << 20);
#endif
  Simulation sim(*loaded.scenario, seed);
  LiveServer server(sim, options.live);
  std::string error;
  if (!server.open(error)) {
    std::fprintf(stderr, "mailsim serve: %s\n", error.c_str());
    return 2;
  }
  // Clients on the same CPU get more done per wake-up of the server (see live/server.hpp).
  schedule_as_batch_work();
  print_port_map("mailsim serve", sim, server, options.live);
  std::printf("ready (Ctrl-C to stop)\n");
  std::fflush(stdout);

  catch_stop_signals();
  const Trace& trace = sim.trace();
  std::size_t printed = trace.size();
  if (!quiet) printed = 0;
  while (!stop_requested()) {
    server.poll_once(200);
    if (!quiet && printed < trace.size()) {
      std::string buffer;
      for (; printed < trace.size(); ++printed) buffer += trace.format_line(trace[printed]) + '\n';
      std::fwrite(buffer.data(), 1, buffer.size(), stdout);
      std::fflush(stdout);
    }
    if (options.duration_over(server)) break;
  }
  server.shutdown();
  server.poll_once(0);  // let the simulation see the clients go
  print_serve_summary(sim, server);
  exports.wire = &server.wire_log();  // the pcap carries the TLS connections' records
  bool ok = print_export_report(write_exports(exports, trace, sim.network(), *loaded.scenario), "mailsim");
  if (!mailboxes.empty() && !print_export_report(write_mailboxes(mailboxes, sim, *loaded.scenario), "mailsim serve"))
    ok = false;
  return ok ? 0 : 1;
}

}  // namespace mailsim::cli
