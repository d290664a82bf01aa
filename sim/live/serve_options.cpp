#include "live/serve_options.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "world/simulation.hpp"

namespace mailsim {

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

}  // namespace

const char* const kServeUsage =
    "[--bind 127.0.0.1|::1] [--port-offset N] [--speed X] [--duration SECONDS]\n"
    "       [--max-connections N] [--max-per-address N] [--idle-timeout SECONDS]\n"
    "       [--tls-cert FILE --tls-key FILE] [--tls-ca-out FILE] [--tls-keylog FILE]";

bool parse_number(const std::string& text, double& out) {
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0';
}

bool ServeOptions::duration_over(const LiveServer& server) const {
  return duration > 0 && server.sim_now() >= static_cast<SimTime>(duration * live.speed * kSecond);
}

bool parse_serve_option(const std::vector<std::string>& args, std::size_t& i, ServeOptions& options, std::string& error) {
  const std::string& a = args[i];
  if (a != "--bind" && a != "--port-offset" && a != "--speed" && a != "--duration" && a != "--max-connections" &&
      a != "--max-per-address" && a != "--idle-timeout" && a != "--tls-cert" && a != "--tls-key" &&
      a != "--tls-ca-out" && a != "--tls-keylog")
    return false;
  if (i + 1 >= args.size()) {
    error = a + " needs a value";
    return true;
  }
  const std::string& text = args[++i];
  LiveOptions& live = options.live;
  double v = 0;
  const bool is_number = parse_number(text, v);
  if (a == "--bind") {
    live.bind = text;
  } else if (a == "--tls-cert" || a == "--tls-key" || a == "--tls-ca-out" || a == "--tls-keylog") {
    std::string& file = a == "--tls-cert" ? live.tls.cert_file
                        : a == "--tls-key" ? live.tls.key_file
                        : a == "--tls-ca-out" ? live.tls.ca_out
                                              : live.tls.keylog;
    if (text.empty()) error = a + " takes a file name";
    else file = text;
  } else if (a == "--port-offset") {
    if (!is_number || v < 0 || v > 65000) error = "--port-offset takes a number 0..65000";
    else live.port_offset = static_cast<int>(v);
  } else if (a == "--speed") {
    if (!is_number || v <= 0) error = "--speed takes a positive factor";
    else live.speed = v;
  } else if (a == "--duration") {
    if (!is_number || v < 0) error = "--duration takes seconds";
    else options.duration = v;
  } else if (a == "--max-connections") {
    if (!is_number || v < 1) error = "--max-connections takes a positive number";
    else live.limits.max_connections = static_cast<std::size_t>(v);
  } else if (a == "--max-per-address") {
    if (!is_number || v < 1) error = "--max-per-address takes a positive number";
    else live.limits.max_per_address = static_cast<std::size_t>(v);
  } else {
    if (!is_number || v <= 0) error = "--idle-timeout takes seconds";
    else live.limits.idle_timeout_s = v;
  }
  return true;
}

std::string format_mapping(const PortMapping& m) {
  return m.host + ':' + std::to_string(m.port) + " (" + std::string(protocol_name(m.proto)) + ") -> " +
         format_endpoint(m.bind, m.real_port);
}

void print_port_map(const char* command, const Simulation& sim, const LiveServer& server, const LiveOptions& options) {
  std::printf("%s: %s, real clients connect as %s\n", command, sim.scenario().name.c_str(),
              sim.network().host(server.client_host()).name.c_str());
  for (const auto& m : server.mappings()) std::printf("  %s\n", format_mapping(m).c_str());
  const TlsContext& tls = server.tls();
  std::printf("TLS: STARTTLS on every service, implicit TLS on 465, 993, 995; certificate %s%s\n",
              options.tls.cert_file.empty() ? "(self-signed) for " : "", tls.subject().c_str());
  std::printf("TLS: %s\n", tls.fingerprint().c_str());
  if (!options.tls.ca_out.empty())
    std::printf("TLS: the certificate is in %s: give it to clients as their CA file\n", options.tls.ca_out.c_str());
  if (!options.tls.keylog.empty())
    std::printf("TLS: session keys go to %s (SSLKEYLOGFILE format, for Wireshark)\n", options.tls.keylog.c_str());
  if (!is_loopback_address(options.bind))
    std::printf("warning: listening on %s, not loopback: other machines can reach these services\n",
                options.bind.c_str());
}

void catch_stop_signals() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
}

bool stop_requested() { return g_stop != 0; }

void print_serve_summary(const Simulation& sim, const LiveServer& server) {
  const LiveStats& st = server.stats();
  std::printf("== stopped at %s s: %llu connections accepted, %llu refused, %llu evicted, %llu cut off, %zu trace events\n",
              format_time(sim.now()).c_str(), static_cast<unsigned long long>(st.accepted),
              static_cast<unsigned long long>(st.refused), static_cast<unsigned long long>(st.evicted),
              static_cast<unsigned long long>(st.cut_off), sim.trace().size());
  if (st.tls_sessions || st.tls_failures)
    std::printf("== TLS: %llu sessions, %llu failed handshakes\n", static_cast<unsigned long long>(st.tls_sessions),
                static_cast<unsigned long long>(st.tls_failures));
  const MessageBalance balance = sim.balance();
  std::printf("== balance: %zu accepted, %zu delivered, %zu bounced, %zu still queued\n", balance.accepted,
              balance.delivered, balance.bounced, balance.queued);
  std::fflush(stdout);
}

}  // namespace mailsim
