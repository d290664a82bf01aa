#include "export/common.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "net/network.hpp"

namespace mailsim {

std::map<std::string, std::string> host_addresses(const Network& network) {
  std::map<std::string, std::string> out;
  for (HostId i = 0; i < network.host_count(); ++i) out[network.host(i).name] = network.host(i).address;
  return out;
}

namespace {

std::string upper_word(const std::string& text, std::size_t start, std::size_t* end) {
  std::size_t i = start;
  while (i < text.size() && text[i] == ' ') ++i;
  std::size_t j = i;
  while (j < text.size() && text[j] != ' ') ++j;
  if (end) *end = j;
  std::string w = text.substr(i, j - i);
  for (char& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return w;
}

struct MaskState {
  bool in_auth = false;  // the client started a SASL exchange
};

// A server line that asks the client for a SASL response.
bool is_challenge(Protocol proto, const std::string& line) {
  if (proto == Protocol::Pop3 || proto == Protocol::Imap) return line == "+" || line.rfind("+ ", 0) == 0;
  return line.rfind("334", 0) == 0;
}

void mask_client_line(Protocol proto, std::string& line, MaskState& st) {
  if (st.in_auth) {
    if (line != "*") line = "****";
    return;
  }
  std::size_t end = 0;
  std::string first = upper_word(line, 0, &end);
  if (proto == Protocol::Imap) {  // tag COMMAND args
    first = upper_word(line, end, &end);
    if (first == "UID") return;
  }
  if (first == "AUTH" || first == "AUTHENTICATE") {
    st.in_auth = true;
    std::size_t mech_end = 0;
    upper_word(line, end, &mech_end);
    if (mech_end < line.size()) line = line.substr(0, mech_end) + " ****";
  } else if (proto == Protocol::Pop3 && first == "PASS") {
    line = line.substr(0, end) + " ****";
  } else if (proto == Protocol::Imap && first == "LOGIN") {
    std::size_t user_end = 0;
    upper_word(line, end, &user_end);
    if (user_end < line.size()) line = line.substr(0, user_end) + " ****";
  }
}

}  // namespace

std::vector<TraceEvent> prepare_events(const Trace& trace, const ExportOptions& options, bool filter) {
  std::vector<TraceEvent> out;
  out.reserve(trace.size());
  std::unordered_map<std::uint32_t, MaskState> states;
  for (const TraceEvent& e : trace.events()) {
    if (filter) {
      if (options.only_conn && e.conn != *options.only_conn) continue;
      if (options.from && e.time < *options.from) continue;
      if (options.to && e.time > *options.to) continue;
    }
    out.push_back(e);
    if (!options.mask_secrets || e.kind != TraceKind::Line) continue;
    TraceEvent& copy = out.back();
    MaskState& st = states[e.conn];
    if (e.dir == Direction::ClientToServer) {
      mask_client_line(e.proto, copy.text, st);
    } else if (st.in_auth && !is_challenge(e.proto, e.text)) {
      st.in_auth = false;
    }
  }
  return out;
}

bool write_file(const std::string& path, const std::string& bytes, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    error = "cannot write " + path;
    return false;
  }
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  if (std::fclose(f) != 0 || !ok) {
    error = "error while writing " + path;
    return false;
  }
  return true;
}

std::optional<SimTime> parse_export_time(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || v < 0) return std::nullopt;
  const std::string unit(end);
  double scale = kSecond;
  if (unit == "ms") scale = kMillisecond;
  else if (unit == "us") scale = 1;
  else if (unit == "m" || unit == "min") scale = kMinute;
  else if (unit == "h") scale = kHour;
  else if (!unit.empty() && unit != "s") return std::nullopt;
  return static_cast<SimTime>(v * scale + 0.5);
}

}  // namespace mailsim
