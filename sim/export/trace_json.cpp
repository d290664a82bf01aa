#include "export/trace_json.hpp"

#include <nlohmann/json.hpp>

namespace mailsim {

std::string trace_json(const Trace& trace, const ExportOptions& options, const std::string& scenario_name) {
  nlohmann::json out;
  out["scenario"] = scenario_name;
  out["epoch"] = options.epoch;
  nlohmann::json hosts = nlohmann::json::object();
  for (const auto& [name, address] : options.addresses) hosts[name] = address;
  out["hosts"] = std::move(hosts);
  nlohmann::json events = nlohmann::json::array();
  for (const TraceEvent& e : prepare_events(trace, options, true)) events.push_back(trace.to_json(e));
  out["trace"] = std::move(events);
  return out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool write_trace_json(const Trace& trace, const ExportOptions& options, const std::string& scenario_name,
                      const std::string& path, std::string& error) {
  return write_file(path, trace_json(trace, options, scenario_name), error);
}

}  // namespace mailsim
