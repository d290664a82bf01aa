#include "imap/syntax.hpp"

#include <charconv>

#include "message/text_util.hpp"
#include "store/calendar.hpp"

namespace mailsim::imap {

bool is_atom_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  switch (c) {
    case '(': case ')': case '{': case '%': case '*': case '"': case '\\': case ']': return false;
    default: return true;
  }
}

std::optional<std::size_t> trailing_literal(std::string_view line) {
  if (line.size() < 3 || line.back() != '}') return std::nullopt;
  const auto open = line.rfind('{');
  if (open == std::string_view::npos || open + 2 > line.size() - 1) return std::nullopt;
  std::size_t n = 0;
  const char* first = line.data() + open + 1;
  const char* last = line.data() + line.size() - 1;
  auto [p, ec] = std::from_chars(first, last, n);
  if (ec != std::errc() || p != last) return std::nullopt;
  return n;
}

bool Reader::accept(char c) {
  if (peek() != c || at_end()) return false;
  ++pos_;
  return true;
}

bool Reader::accept_word(std::string_view w) {
  if (s_.size() - pos_ < w.size() || !message::iequals(s_.substr(pos_, w.size()), w)) return false;
  const std::size_t end = pos_ + w.size();
  if (end < s_.size() && s_[end] != ' ' && s_[end] != ')') return false;
  pos_ = end;
  return true;
}

std::optional<std::string> Reader::atom(char stop) {
  const std::size_t start = pos_;
  while (!at_end() && is_atom_char(s_[pos_]) && s_[pos_] != stop) ++pos_;
  if (pos_ == start) return std::nullopt;
  return std::string(s_.substr(start, pos_ - start));
}

std::optional<std::string> Reader::quoted() {
  if (!accept('"')) return std::nullopt;
  std::string out;
  while (!at_end()) {
    char c = s_[pos_++];
    if (c == '"') return out;
    if (c == '\r' || c == '\n') return std::nullopt;
    if (c == '\\') {
      if (at_end() || (s_[pos_] != '"' && s_[pos_] != '\\')) return std::nullopt;
      c = s_[pos_++];
    }
    out.push_back(c);
  }
  return std::nullopt;
}

std::optional<std::string> Reader::literal() {
  const std::size_t start = pos_;
  if (!accept('{')) return std::nullopt;
  const auto n = number();
  if (!n || !accept('}') || !accept('\r') || !accept('\n') || s_.size() - pos_ < *n) {
    pos_ = start;
    return std::nullopt;
  }
  std::string out(s_.substr(pos_, *n));
  pos_ += *n;
  return out;
}

std::optional<std::string> Reader::string() {
  if (peek() == '"') return quoted();
  if (peek() == '{') return literal();
  return std::nullopt;
}

std::optional<std::string> Reader::astring() {
  if (peek() == '"' || peek() == '{') return string();
  const std::size_t start = pos_;
  while (!at_end() && (is_atom_char(s_[pos_]) || s_[pos_] == ']')) ++pos_;
  if (pos_ == start) return std::nullopt;
  return std::string(s_.substr(start, pos_ - start));
}

std::optional<std::string> Reader::list_mailbox() {
  if (peek() == '"' || peek() == '{') return string();
  const std::size_t start = pos_;
  while (!at_end() && (is_atom_char(s_[pos_]) || s_[pos_] == ']' || s_[pos_] == '%' || s_[pos_] == '*')) ++pos_;
  if (pos_ == start) return std::nullopt;
  return std::string(s_.substr(start, pos_ - start));
}

std::optional<std::string> Reader::flag() {
  if (accept('\\')) {
    auto a = atom();
    if (!a) return std::nullopt;
    return "\\" + *a;
  }
  return atom();
}

std::optional<std::vector<std::string>> Reader::flag_list() {
  if (!accept('(')) return std::nullopt;
  std::vector<std::string> flags;
  if (accept(')')) return flags;
  do {
    auto f = flag();
    if (!f) return std::nullopt;
    flags.push_back(*f);
  } while (sp());
  if (!accept(')')) return std::nullopt;
  return flags;
}

std::optional<std::uint32_t> Reader::number() {
  const std::size_t start = pos_;
  while (!at_end() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
  std::uint32_t v = 0;
  auto [p, ec] = std::from_chars(s_.data() + start, s_.data() + pos_, v);
  if (pos_ == start || ec != std::errc()) {
    pos_ = start;
    return std::nullopt;
  }
  (void)p;
  return v;
}

std::optional<std::uint32_t> Reader::nz_number() {
  const std::size_t start = pos_;
  auto n = number();
  if (n && *n == 0) {
    pos_ = start;
    return std::nullopt;
  }
  return n;
}

std::string Reader::rest() {
  std::string out(s_.substr(pos_));
  pos_ = s_.size();
  return out;
}

std::optional<SequenceSet> SequenceSet::parse(Reader& r) {
  SequenceSet set;
  auto one = [&r]() -> std::optional<std::uint32_t> {
    if (r.accept('*')) return kStar;
    return r.nz_number();
  };
  do {
    auto a = one();
    if (!a) return std::nullopt;
    auto b = a;
    if (r.accept(':')) {
      b = one();
      if (!b) return std::nullopt;
    }
    set.ranges_.emplace_back(*a, *b);
  } while (r.accept(','));
  return set;
}

bool SequenceSet::contains(std::uint32_t n, std::uint32_t largest) const {
  for (auto [a, b] : ranges_) {
    if (a == kStar) a = largest;
    if (b == kStar) b = largest;
    if (a > b) std::swap(a, b);
    if (n >= a && n <= b) return true;
  }
  return false;
}

bool SequenceSet::uses_star() const {
  for (auto [a, b] : ranges_)
    if (a == kStar || b == kStar) return true;
  return false;
}

std::string format_string(std::string_view s) {
  bool literal = s.size() > 1000;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u == '\r' || u == '\n' || u == 0 || u >= 0x80) literal = true;
  }
  if (literal) return "{" + std::to_string(s.size()) + "}\r\n" + std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

std::string format_nstring(const std::optional<std::string>& s) { return s ? format_string(*s) : "NIL"; }

std::string format_astring(std::string_view s) {
  bool atom = !s.empty() && !message::iequals(s, "NIL");
  for (char c : s) atom = atom && (is_atom_char(c) || c == ']');
  return atom ? std::string(s) : format_string(s);
}

std::string format_date_time(std::int64_t epoch, SimTime t) {
  const CivilTime c = civil_from_unix(unix_seconds(epoch, t));
  char buf[48];
  std::snprintf(buf, sizeof buf, "\"%02d-%s-%04d %02d:%02d:%02d +0000\"", c.day, month_abbrev(c.month), c.year, c.hour,
                c.minute, c.second);
  return buf;
}

namespace {

// date-day "-" date-month "-" date-year, in a bare or quoted form.
std::optional<std::int64_t> read_date_text(std::string_view d) {
  const auto a = d.find('-'), b = d.rfind('-');
  if (a == std::string_view::npos || a == b) return std::nullopt;
  int day = 0, year = 0;
  const auto dd = d.substr(0, a), yy = d.substr(b + 1);
  auto [p1, e1] = std::from_chars(dd.data(), dd.data() + dd.size(), day);
  auto [p2, e2] = std::from_chars(yy.data(), yy.data() + yy.size(), year);
  const auto month = month_from_abbrev(d.substr(a + 1, b - a - 1));
  if (e1 != std::errc() || e2 != std::errc() || p1 != dd.data() + dd.size() || p2 != yy.data() + yy.size() ||
      !month || day < 1 || day > 31 || dd.size() > 2 || yy.size() != 4)
    return std::nullopt;
  return days_from_civil(year, *month, day);
}

}  // namespace

std::optional<std::int64_t> read_date(Reader& r) {
  std::optional<std::string> text = r.peek() == '"' ? r.string() : r.atom();
  if (!text) return std::nullopt;
  return read_date_text(*text);
}

std::optional<SimTime> read_date_time(Reader& r, std::int64_t epoch) {
  auto text = r.string();
  // "dd-Mon-yyyy hh:mm:ss +hhmm" (day may be space-padded)
  if (!text || text->size() != 26) return std::nullopt;
  std::string_view t = *text;
  const auto days = read_date_text(t[0] == ' ' ? t.substr(1, 10) : t.substr(0, 11));
  auto num = [&](std::size_t at, std::size_t len) {
    int v = 0;
    auto [p, ec] = std::from_chars(t.data() + at, t.data() + at + len, v);
    return ec == std::errc() && p == t.data() + at + len ? v : -1;
  };
  const int hh = num(12, 2), mm = num(15, 2), ss = num(18, 2), zh = num(22, 2), zm = num(24, 2);
  if (!days || hh < 0 || mm < 0 || ss < 0 || zh < 0 || zm < 0 || (t[21] != '+' && t[21] != '-') || t[11] != ' ' ||
      t[14] != ':' || t[17] != ':' || t[20] != ' ')
    return std::nullopt;
  const std::int64_t zone = (zh * 3600 + zm * 60) * (t[21] == '-' ? -1 : 1);
  const std::int64_t unix = *days * 86400 + hh * 3600 + mm * 60 + ss - zone;
  return (unix - epoch) * kSecond;
}

}  // namespace mailsim::imap
