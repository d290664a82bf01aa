// The JSON document is written as it is produced, event by event, so that a run of
// millions of events does not build it in memory first. Its text is what nlohmann::json's
// dump(1) gives for the whole document: keys in order, one space of indent per level.
// A line's bytes are what a peer sent, not always UTF-8: dump_json writes those as U+FFFD
// and counts them, for the writer's note (the pcap keeps the bytes as they were).
#include "export/trace_json.hpp"

#include <nlohmann/json.hpp>

namespace mailsim {

namespace {
// dump(1) of `value` as it appears `depth` levels deep: its lines after the first moved
// right by `depth` spaces (a JSON string never holds a raw line break).
void append_dump(std::string& out, const nlohmann::json& value, int depth, std::size_t& not_utf8) {
  for (char c : dump_json(value, 1, &not_utf8)) {
    out += c;
    if (c == '\n') out.append(static_cast<std::size_t>(depth), ' ');
  }
}
}  // namespace

bool write_trace_json(const Trace& trace, const ExportOptions& options, const std::string& scenario_name,
                      const std::string& path, std::string& error, std::size_t* not_utf8) {
  std::size_t replaced = 0;
  std::FILE* f = open_for_writing(path, error);
  if (!f) return false;
  nlohmann::json hosts = nlohmann::json::object();
  for (const auto& [name, address] : options.addresses) hosts[name] = address;
  std::string chunk = "{\n \"epoch\": ";
  append_dump(chunk, options.epoch, 1, replaced);
  chunk += ",\n \"hosts\": ";
  append_dump(chunk, hosts, 1, replaced);
  chunk += ",\n \"scenario\": ";
  append_dump(chunk, scenario_name, 1, replaced);
  chunk += ",\n \"trace\": [";
  bool ok = true, first = true;
  for_each_prepared(trace, options, true, [&](const TraceEvent& e) {
    chunk += first ? "\n  " : ",\n  ";
    first = false;
    append_dump(chunk, trace.to_json(e), 2, replaced);
    if (chunk.size() >= (1u << 16)) {
      ok = ok && std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size();
      chunk.clear();
    }
  });
  chunk += first ? "]\n}\n" : "\n ]\n}\n";
  ok = ok && std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size();
  if (not_utf8) *not_utf8 = replaced;
  return close_written(f, ok, path, error);
}

}  // namespace mailsim
