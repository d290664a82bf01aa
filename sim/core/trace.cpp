#include "core/trace.hpp"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <new>
#include <stdexcept>
#include <type_traits>

#include "core/mailbox_change.hpp"

namespace mailsim {

std::string_view trace_kind_name(TraceKind kind) {
  static constexpr std::string_view names[] = {
      "host-down",  "host-up",      "connect",  "accepted",         "refused",
      "timeout",    "closed",       "line",     "dns-query",        "dns-answer",
      "message-accepted", "queued", "decision", "relayed",  "delivered", "bounced", "headers",
      "expect",     "note",         "mailbox"};
  return names[static_cast<int>(kind)];
}

std::string message_label(std::uint32_t message) {
  std::string label(1, 'M');
  label += std::to_string(message);
  return label;
}

std::string_view protocol_name(Protocol p) {
  static constexpr std::string_view names[] = {"", "smtp", "submission", "lmtp", "pop3", "imap", "dns"};
  return names[static_cast<int>(p)];
}

Trace::Trace() {
  names_.emplace_back();
  states_.push_back("");
}

HostRef Trace::intern(std::string_view host_name) {
  auto it = name_index_.find(std::string(host_name));
  if (it != name_index_.end()) return it->second;
  if (names_.size() >= UINT16_MAX) throw std::length_error("too many host names in one trace");
  const auto ref = static_cast<HostRef>(names_.size());
  names_.emplace_back(host_name);
  name_index_.emplace(names_.back(), ref);
  return ref;
}

StateRef Trace::intern_state(const char* state_name) {
  if (!state_name || *state_name == '\0') return kNoState;
  // A handful of engines with a dozen states each: a scan by address is the cheapest look-up.
  for (std::size_t i = 1; i < states_.size(); ++i)
    if (states_[i] == state_name) return static_cast<StateRef>(i);
  if (states_.size() > UINT8_MAX) throw std::length_error("too many protocol state names in one trace");
  states_.push_back(state_name);
  return static_cast<StateRef>(states_.size() - 1);
}

namespace {
constexpr std::size_t kTextBlockSize = std::size_t{1} << 18;  // 256 KiB
static_assert(std::is_trivially_copyable_v<TraceEvent> && std::is_trivially_destructible_v<TraceEvent>,
              "trace segments hold events as plain bytes");
}  // namespace

TraceEvent& TraceEvents::push_back(const TraceEvent& event) {
  const std::size_t s = size_ >> kSegmentShift;
  if (s == segments_.size()) segments_.emplace_back(kSegmentSize * sizeof(TraceEvent));
  TraceEvent* slot = new (segment(s) + (size_ & (kSegmentSize - 1))) TraceEvent(event);
  ++size_;
  return *slot;
}

// A text block fills from both ends: ordinary texts from the start up, header blocks
// from the end down, until the two meet.
bool Trace::make_room(std::size_t bytes) {
  if (bytes <= static_cast<std::size_t>(text_top_ - text_free_)) return true;
  if (bytes > kTextBlockSize / 4) return false;  // the caller gives it a block of its own
  text_free_ = text_blocks_.emplace_back(kTextBlockSize).data();
  text_top_ = text_free_ + kTextBlockSize;
  last_headers_ = {};
  return true;
}

std::string_view Trace::store_own_block(std::string_view text) {
  char* own = text_blocks_.emplace_back(text.size()).data();
  std::copy(text.begin(), text.end(), own);
  return {own, text.size()};
}

// Short texts recur: the same commands, replies and notes for message after message. A
// small table remembers the last short text stored under each hash, and an equal text
// shares its bytes instead of taking more.
std::string_view Trace::store_text(std::string_view text) {
  if (text.empty()) return {};
  std::string_view* recent = nullptr;
  if (text.size() <= kRecentTextMax) {
    recent = &recent_texts_[std::hash<std::string_view>{}(text) % recent_texts_.size()];
    if (*recent == text) return *recent;
  }
  if (!make_room(text.size())) return store_own_block(text);
  char* at = text_free_;
  std::copy(text.begin(), text.end(), at);
  text_free_ += text.size();
  if (recent) *recent = {at, text.size()};
  return {at, text.size()};
}

// A message's header block grows at the top as it travels (RFC 5321 section 4.4: each
// hop prepends its Received field, delivery its Return-Path). When the last block stored
// is this one's tail and lies at the bottom of the downward end, only the new top fields
// are written, just below it, and the two views share the tail.
std::string_view Trace::store_headers(std::string_view text) {
  if (text.empty()) return {};
  const bool extends = !last_headers_.empty() && last_headers_.data() == text_top_ &&
                       text.size() >= last_headers_.size() &&
                       text.substr(text.size() - last_headers_.size()) == last_headers_;
  const std::size_t write = extends ? text.size() - last_headers_.size() : text.size();
  if (write > static_cast<std::size_t>(text_top_ - text_free_)) {
    if (!make_room(text.size())) return store_own_block(text);
    return store_headers(text);  // a fresh block: stored whole
  }
  text_top_ -= write;
  std::copy(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(write), text_top_);
  last_headers_ = {text_top_, text.size()};
  return last_headers_;
}

TraceEvent& Trace::append(TraceEvent event, std::string_view text, Recipients rcpts) {
  if (events_.size() >= UINT32_MAX) throw std::length_error("too many events in one trace");
  event.index = static_cast<std::uint32_t>(events_.size());
  event.text = event.kind == TraceKind::Headers ? store_headers(text) : store_text(text);
  if (!rcpts.empty()) {
    std::string_view all = rcpts.front();
    if (rcpts.size() > 1) {
      joined_.assign(rcpts.front());
      for (std::size_t i = 1; i < rcpts.size(); ++i) (joined_ += '\n') += rcpts[i];
      all = joined_;
    }
    const std::string_view stored = store_text(all);
    if (stored.size() > UINT32_MAX) throw std::length_error("too many recipients for one trace event");
    recipients_.push_back({event.index, static_cast<std::uint32_t>(stored.size()), stored.data()});
  }
  return events_.push_back(event);
}

std::vector<std::string_view> Trace::recipients(const TraceEvent& e) const {
  std::vector<std::string_view> out;
  auto it = std::lower_bound(recipients_.begin(), recipients_.end(), e.index,
                             [](const EventRecipients& r, std::uint32_t index) { return r.event < index; });
  if (it == recipients_.end() || it->event != e.index) return out;
  std::string_view all(it->data, it->size);
  for (std::size_t start = 0;;) {
    const std::size_t end = all.find('\n', start);
    out.push_back(all.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

std::string Trace::line_prefix(const TraceEvent& e) const {
  std::string out = format_time(e.time);
  out += "  ";
  if (e.conn != 0) {
    out += 'c';
    out += std::to_string(e.conn);
    out += ' ';
  }
  out += names_[e.host];
  if (e.peer != kNoHost) {
    out += " > ";
    out += names_[e.peer];
    if (e.kind == TraceKind::ConnectAttempt) {
      out += ':';
      out += std::to_string(e.port);
    }
  }
  out += "  ";
  return out;
}

std::string header_field_names(std::string_view block, std::size_t& fields) {
  std::string names;
  fields = 0;
  std::size_t start = 0;
  while (start < block.size()) {
    std::size_t end = block.find('\n', start);
    if (end == std::string_view::npos) end = block.size();
    if (block[start] != ' ' && block[start] != '\t' && block[start] != '\r') {
      const std::size_t colon = block.find(':', start);
      if (colon != std::string_view::npos && colon < end) {
        names += fields++ ? ", " : "";
        names += block.substr(start, colon - start);
      }
    }
    start = end + 1;
  }
  return names;
}

std::string printable(std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    // The length of the UTF-8 sequence at i (0 if invalid), and whether it is a C1 control.
    std::size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len > text.size() - i) len = 0;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) len = 0;
    if (len == 3 && ((c == 0xE0 && static_cast<unsigned char>(text[i + 1]) < 0xA0) ||
                     (c == 0xED && static_cast<unsigned char>(text[i + 1]) >= 0xA0)))
      len = 0;  // overlong or a surrogate
    if (len == 4 && ((c == 0xF0 && static_cast<unsigned char>(text[i + 1]) < 0x90) ||
                     (c == 0xF4 && static_cast<unsigned char>(text[i + 1]) >= 0x90)))
      len = 0;  // overlong or past U+10FFFF
    const bool c1 = len == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
    if (len > 1 && !c1) {
      out.append(text.substr(i, len));
      i += len;
      continue;
    }
    if (len == 1 && c >= 0x20 && c != 0x7F) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const std::size_t n = c1 ? 2 : 1;  // a C1 control shows as its two bytes
    for (std::size_t k = 0; k < n; ++k, ++i) {
      const auto b = static_cast<unsigned char>(text[i]);
      if (b == '\r') out += "\\r";
      else if (b == '\n') out += "\\n";
      else if (b == '\t') out += "\\t";
      else out += {'\\', 'x', kHex[b >> 4], kHex[b & 15]};
    }
  }
  return out;
}

std::string Trace::format_line(const TraceEvent& e) const {
  std::string out = line_prefix(e);
  if (e.kind == TraceKind::Line) {
    out += e.dir == Direction::ClientToServer ? "C: " : "S: ";
    out += printable(e.text);
    return out;
  }
  out += trace_kind_name(e.kind);
  if (e.message != 0) {
    out += ' ';
    out += message_label(e.message);
  }
  if (e.text.empty()) return out;
  out += ": ";
  if (e.kind == TraceKind::Headers) {
    // One line per event: name the fields; the JSON trace has the whole header block.
    std::size_t fields = 0;
    const std::string names = header_field_names(e.text, fields);
    out += std::to_string(fields) + " fields (" + printable(names) + ")";
    return out;
  }
  out += printable(e.text);
  return out;
}

nlohmann::json Trace::to_json(const TraceEvent& e) const {
  nlohmann::json j;
  j["index"] = e.index;
  j["time_us"] = e.time;
  j["kind"] = trace_kind_name(e.kind);
  if (e.dir != Direction::None) j["dir"] = e.dir == Direction::ClientToServer ? "C" : "S";
  if (e.proto != Protocol::None) j["proto"] = protocol_name(e.proto);
  j["host"] = names_[e.host];
  if (e.peer != kNoHost) j["peer"] = names_[e.peer];
  if (e.port != 0) j["port"] = e.port;
  if (e.conn != 0) j["conn"] = e.conn;
  if (e.message != 0) j["message"] = message_label(e.message);
  if (e.failed_attempt() != 0) j["attempt"] = e.failed_attempt();
  else if (e.code != 0) j["code"] = e.code;
  if (e.state != kNoState) j["state"] = states_[e.state];
  if (auto rcpts = recipients(e); !rcpts.empty()) j["rcpt"] = rcpts;
  if (e.tls) j["tls"] = true;  // a line sent inside TLS (real in live mode, else simulated)
  j["text"] = e.text;
  if (e.kind == TraceKind::MailboxChanged)
    if (auto change = parse_mailbox_change(e.text)) j["mailbox"] = mailbox_change_json(*change);
  return j;
}

}  // namespace mailsim
