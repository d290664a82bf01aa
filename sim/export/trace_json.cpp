// The JSON document is written as it is produced, event by event, so that a run of
// millions of events does not build it in memory first. Its text is what nlohmann::json's
// dump(1) gives for the whole document: keys in order, one space of indent per level.
#include "export/trace_json.hpp"

#include <nlohmann/json.hpp>

namespace mailsim {

namespace {
// dump(1) of `value` as it appears `depth` levels deep: its lines after the first moved
// right by `depth` spaces (a JSON string never holds a raw line break).
void append_dump(std::string& out, const nlohmann::json& value, int depth) {
  for (char c : value.dump(1, ' ', false, nlohmann::json::error_handler_t::replace)) {
    out += c;
    if (c == '\n') out.append(static_cast<std::size_t>(depth), ' ');
  }
}
}  // namespace

bool write_trace_json(const Trace& trace, const ExportOptions& options, const std::string& scenario_name,
                      const std::string& path, std::string& error) {
  std::FILE* f = open_for_writing(path, error);
  if (!f) return false;
  nlohmann::json hosts = nlohmann::json::object();
  for (const auto& [name, address] : options.addresses) hosts[name] = address;
  std::string chunk = "{\n \"epoch\": ";
  append_dump(chunk, options.epoch, 1);
  chunk += ",\n \"hosts\": ";
  append_dump(chunk, hosts, 1);
  chunk += ",\n \"scenario\": ";
  append_dump(chunk, scenario_name, 1);
  chunk += ",\n \"trace\": [";
  bool ok = true, first = true;
  for_each_prepared(trace, options, true, [&](const TraceEvent& e) {
    chunk += first ? "\n  " : ",\n  ";
    first = false;
    append_dump(chunk, trace.to_json(e), 2);
    if (chunk.size() >= (1u << 16)) {
      ok = ok && std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size();
      chunk.clear();
    }
  });
  chunk += first ? "]\n}\n" : "\n ]\n}\n";
  ok = ok && std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size();
  return close_written(f, ok, path, error);
}

}  // namespace mailsim
