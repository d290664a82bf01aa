// `mailsim serve FILE`: the scenario's world in real time, with every service of every
// simulated host on a real port for real clients (sim/live/server.hpp). Prints the port
// map, then the transcript as it grows (unless --quiet); Ctrl-C (or SIGTERM, or the end of
// --duration) ends cleanly and writes the requested exports.
#include <malloc.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "cli/export_options.hpp"
#include "live/server.hpp"
#include "store/export.hpp"
#include "world/simulation.hpp"
#include "world/world.hpp"

namespace mailsim::cli {

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

int usage(const std::string& message) {
  std::fprintf(stderr,
               "mailsim serve: %s\n"
               "usage: mailsim serve FILE [--bind 127.0.0.1] [--port-offset N] [--speed X] [--duration SECONDS]\n"
               "       [--max-connections N] [--max-line BYTES] [--idle-timeout SECONDS] [--seed N] [--quiet]\n"
               "       [--mailboxes DIR]\n"
               "       %s\n",
               message.c_str(), kExportUsage);
  return 2;
}

bool number(const std::string& text, double& out) {
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0';
}

}  // namespace

int cmd_serve(const Args& args) {
  std::string file;
  LiveOptions options;
  std::optional<std::uint64_t> seed;
  double duration = 0;
  bool quiet = false;
  std::string mailboxes;
  ExportRequest exports;
  exports.mask = true;  // safe by default: real passwords stay out of the exports
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string error;
    if (parse_export_option(args, i, exports, error)) {
      if (!error.empty()) return usage(error);
      continue;
    }
    const bool has = i + 1 < args.size();
    double v = 0;
    if (a == "--quiet") quiet = true;
    else if (!has && a.rfind("--", 0) == 0) return usage(a + " needs a value");
    else if (a == "--bind") options.bind = args[++i];
    else if (a == "--mailboxes") mailboxes = args[++i];
    else if (a == "--port-offset") {
      if (!number(args[++i], v) || v < 0 || v > 65000) return usage("--port-offset takes a number 0..65000");
      options.port_offset = static_cast<int>(v);
    } else if (a == "--speed") {
      if (!number(args[++i], v) || v <= 0) return usage("--speed takes a positive factor");
      options.speed = v;
    } else if (a == "--duration") {
      if (!number(args[++i], v) || v < 0) return usage("--duration takes seconds");
      duration = v;
    } else if (a == "--max-connections") {
      if (!number(args[++i], v) || v < 1) return usage("--max-connections takes a positive number");
      options.limits.max_connections = static_cast<std::size_t>(v);
    } else if (a == "--max-line") {
      if (!number(args[++i], v) || v < 1024) return usage("--max-line takes a number of bytes >= 1024");
      options.limits.max_line = static_cast<std::size_t>(v);
    } else if (a == "--idle-timeout") {
      if (!number(args[++i], v) || v <= 0) return usage("--idle-timeout takes seconds");
      options.limits.idle_timeout_s = v;
    } else if (a == "--seed") {
      if (!number(args[++i], v) || v < 0) return usage("--seed takes a whole number");
      seed = static_cast<std::uint64_t>(v);
    } else if (!a.empty() && a[0] == '-') return usage("unknown option '" + a + "'");
    else if (file.empty()) file = a;
    else return usage("give one scenario file");
  }
  if (file.empty()) return usage("no scenario file given");

  LoadResult loaded = load_scenario_file(file);
  if (!loaded.scenario) {
    for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.format().c_str());
    return 2;
  }
  // The trace and the mail stores only grow while serving: let the heap grow in large steps
  // and keep freed memory, rather than mapping and faulting in fresh pages for every
  // reallocation (this halves the page faults under load).
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 32 << 20);
  Simulation sim(*loaded.scenario, seed);
  LiveServer server(sim, options);
  std::string error;
  if (!server.open(error)) {
    std::fprintf(stderr, "mailsim serve: %s\n", error.c_str());
    return 2;
  }
  std::printf("mailsim serve: %s, real clients connect as %s\n", loaded.scenario->name.c_str(),
              sim.network().host(server.client_host()).name.c_str());
  for (const auto& m : server.mappings())
    std::printf("  %s:%u (%.*s) -> %s:%u\n", m.host.c_str(), m.port, static_cast<int>(protocol_name(m.proto).size()),
                protocol_name(m.proto).data(), m.bind.c_str(), m.real_port);
  if (options.bind.rfind("127.", 0) != 0)
    std::printf("warning: listening on %s, not loopback: other machines can reach these services\n",
                options.bind.c_str());
  std::printf("ready (Ctrl-C to stop)\n");
  std::fflush(stdout);

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  const Trace& trace = sim.trace();
  std::size_t printed = trace.size();
  if (!quiet) printed = 0;
  const SimTime stop_at = duration > 0 ? static_cast<SimTime>(duration * options.speed * kSecond) : -1;
  while (!g_stop) {
    server.poll_once(200);
    if (!quiet && printed < trace.size()) {
      std::string buffer;
      for (; printed < trace.size(); ++printed) buffer += trace.format_line(trace[printed]) + '\n';
      std::fwrite(buffer.data(), 1, buffer.size(), stdout);
      std::fflush(stdout);
    }
    if (stop_at >= 0 && server.sim_now() >= stop_at) break;
  }
  server.shutdown();
  server.poll_once(0);  // let the simulation see the clients go
  const LiveStats& st = server.stats();
  std::printf("== stopped at %s s: %llu connections accepted, %llu refused, %llu evicted, %llu cut off, %zu trace events\n",
              format_time(sim.now()).c_str(), static_cast<unsigned long long>(st.accepted),
              static_cast<unsigned long long>(st.refused), static_cast<unsigned long long>(st.evicted),
              static_cast<unsigned long long>(st.cut_off), trace.size());
  const MessageBalance balance = sim.balance();
  std::printf("== balance: %zu accepted, %zu delivered, %zu bounced, %zu still queued\n", balance.accepted,
              balance.delivered, balance.bounced, balance.queued);
  std::fflush(stdout);
  bool ok = write_exports(exports, trace, sim.network(), *loaded.scenario);
  if (!mailboxes.empty() && !write_mailboxes(mailboxes, sim, *loaded.scenario, "mailsim serve")) ok = false;
  return ok ? 0 : 1;
}

}  // namespace mailsim::cli
