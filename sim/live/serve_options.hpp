// Theory of operation: what `mailsim serve` (cli/cmd_serve.cpp) and `mailsim-gui --serve`
// (gui/main.cpp) share about serving a world live (sim/live/server.hpp).
//
// One parser validates the live options (--bind, --port-offset, --speed, --duration and
// the limits), so both front ends accept the same values with the same error messages.
// At start both print the same port map (tests and scripts read it); Ctrl-C and SIGTERM
// only raise a flag, so each front end ends its loop cleanly and writes its exports; at
// the end both print the same summary (connections and message balance).
#pragma once
#include <string>
#include <vector>

#include "live/server.hpp"

namespace mailsim {

class Simulation;

struct ServeOptions {
  LiveOptions live;
  double duration = 0;  // wall-clock seconds before stopping (0: until stopped)
  // Has --duration run out? (Serving starts at simulated time 0.)
  bool duration_over(const LiveServer& server) const;
};

extern const char* const kServeUsage;

// A whole decimal number (strtod accepts all of `text`); false if not.
bool parse_number(const std::string& text, double& out);

// If args[i] is a live option, consumes it (and its value) and returns true; on a missing
// or bad value sets `error`.
bool parse_serve_option(const std::vector<std::string>& args, std::size_t& i, ServeOptions& options, std::string& error);

// "smtp.cnam.fr:587 (submission) -> 127.0.0.1:10587" (or "-> [::1]:10587"): a simulated service
// and its real port.
std::string format_mapping(const PortMapping& m);

// "COMMAND: NAME, real clients connect as live-client", one format_mapping line per
// mapping (indented), and a warning when not bound to loopback.
void print_port_map(const char* command, const Simulation& sim, const LiveServer& server, const LiveOptions& options);

// Ctrl-C and SIGTERM set a flag (stop_requested) instead of killing the process; SIGPIPE
// is ignored.
void catch_stop_signals();
bool stop_requested();

// "== stopped at T s: N connections accepted, ..." and "== balance: ...".
void print_serve_summary(const Simulation& sim, const LiveServer& server);

}  // namespace mailsim
