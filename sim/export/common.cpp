#include "export/common.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/ascii.hpp"
#include "message/charset.hpp"
#include "net/network.hpp"

namespace mailsim {

std::map<std::string, std::string> host_addresses(const Network& network) {
  std::map<std::string, std::string> out;
  for (HostId i = 0; i < network.host_count(); ++i) out[network.host(i).name] = network.host(i).address;
  return out;
}

namespace {

std::string upper_word(std::string_view text, std::size_t start, std::size_t* end) {
  std::size_t i = start;
  while (i < text.size() && text[i] == ' ') ++i;
  std::size_t j = i;
  while (j < text.size() && text[j] != ' ') ++j;
  if (end) *end = j;
  return ascii::to_upper(text.substr(i, j - i));
}

}  // namespace

std::optional<std::string> mask_secret(const TraceEvent& e) {
  if (e.kind != TraceKind::Line || e.dir != Direction::ClientToServer) return std::nullopt;
  const std::string_view line = e.text;
  if (e.sasl) {  // an answer to a challenge; "*" cancels the exchange
    if (line == "*") return std::nullopt;
    return std::string("****");
  }
  if (e.role != LineRole::Command) return std::nullopt;
  std::size_t end = 0;
  std::string first = upper_word(line, 0, &end);
  if (e.proto == Protocol::Imap) {  // tag COMMAND args
    first = upper_word(line, end, &end);
    if (first == "UID") return std::nullopt;
  }
  std::size_t keep = std::string::npos;  // the line is masked after this many characters
  if (first == "AUTH" || first == "AUTHENTICATE") {
    upper_word(line, end, &keep);  // the mechanism stays; an initial response goes
  } else if (e.proto == Protocol::Pop3 && first == "PASS") {
    keep = end;
  } else if (e.proto == Protocol::Imap && first == "LOGIN") {
    upper_word(line, end, &keep);  // the user name stays
  }
  if (keep >= line.size()) return std::nullopt;
  return std::string(line.substr(0, keep)) + " ****";
}

void for_each_prepared(const Trace& trace, const ExportOptions& options, bool filter,
                       const std::function<void(const TraceEvent&)>& visit) {
  for (const TraceEvent& e : trace.events()) {
    if (filter) {
      if (options.only_conn && e.conn != *options.only_conn) continue;
      if (options.from && e.time < *options.from) continue;
      if (options.to && e.time > *options.to) continue;
    }
    std::optional<std::string> masked;
    if (options.mask_secrets) masked = mask_secret(e);
    if (!masked) {
      visit(e);
      continue;
    }
    TraceEvent copy = e;
    copy.text = *masked;
    visit(copy);
  }
}

PreparedEvents prepare_events(const Trace& trace, const ExportOptions& options, bool filter) {
  PreparedEvents out;
  out.events.reserve(trace.size());
  for_each_prepared(trace, options, filter, [&](const TraceEvent& e) {
    out.events.push_back(e);
    // A masked text lives only for the visit: keep a copy.
    if (e.text.data() != trace[e.index].text.data()) out.events.back().text = out.masked_texts.emplace_back(e.text);
  });
  return out;
}

namespace {
std::size_t count_not_utf8(const nlohmann::json& value) {
  if (value.is_string()) return message::is_valid_utf8(value.get_ref<const std::string&>()) ? 0 : 1;
  std::size_t n = 0;
  if (value.is_object())
    for (const auto& [key, item] : value.items()) n += (message::is_valid_utf8(key) ? 0 : 1) + count_not_utf8(item);
  else if (value.is_array())
    for (const auto& item : value) n += count_not_utf8(item);
  return n;
}
}  // namespace

std::string dump_json(const nlohmann::json& value, int indent, std::size_t* not_utf8) {
  if (not_utf8) *not_utf8 += count_not_utf8(value);
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string not_utf8_note(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " text holds" : " texts hold") +
         " bytes that are not UTF-8 (as a peer or a user sent them): the JSON shows each such byte as U+FFFD";
}

std::FILE* open_for_writing(const std::string& path, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) error = "cannot write " + path + ": " + std::strerror(errno) + " (is the directory there and writable?)";
  return f;
}

bool close_written(std::FILE* f, bool written, const std::string& path, std::string& error) {
  if (std::fclose(f) != 0 || !written) {
    error = "error while writing " + path;
    return false;
  }
  return true;
}

bool write_file(const std::string& path, const std::string& bytes, std::string& error) {
  std::FILE* f = open_for_writing(path, error);
  if (!f) return false;
  return close_written(f, std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size(), path, error);
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
