// Parameterized values (see content_type.hpp). Parameters are first read raw (name,
// section number, extended flag, value) and then assembled: RFC 2231 sections of one
// name are ordered by number, extended sections percent-decoded, and the whole value
// converted from the charset named by the first section.
#include "message/content_type.hpp"

#include <algorithm>
#include <cstring>

#include "message/charset.hpp"
#include "message/text_util.hpp"

namespace mailsim::message {

namespace {

bool is_token_char(unsigned char c) { return c > 32 && c < 127 && std::strchr("()<>@,;:\\\"/[]?=", c) == nullptr; }
bool is_attribute_char(unsigned char c) { return is_token_char(c) && c != '*' && c != '\'' && c != '%'; }

struct RawParameter {
  std::string name;  // lower case, suffixes removed
  int section = -1;  // RFC 2231 section number, -1 if none
  bool extended = false;
  std::string value;
};

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return pos_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }
  void advance() { ++pos_; }
  void skip_cfws() {
    while (!done()) {
      if (is_wsp(s_[pos_]) || s_[pos_] == '\r' || s_[pos_] == '\n') {
        ++pos_;
      } else if (s_[pos_] == '(') {
        int depth = 0;
        while (!done()) {
          const char c = s_[pos_++];
          if (c == '\\') ++pos_;
          else if (c == '(') ++depth;
          else if (c == ')' && --depth == 0) break;
        }
      } else {
        break;
      }
    }
    if (pos_ > s_.size()) pos_ = s_.size();
  }
  std::string_view token(bool allow_slash) {
    const std::size_t start = pos_;
    while (!done() && (is_token_char(static_cast<unsigned char>(s_[pos_])) || (allow_slash && s_[pos_] == '/'))) ++pos_;
    return s_.substr(start, pos_ - start);
  }
  bool quoted_string(std::string& out) {  // at '"'
    ++pos_;
    while (!done()) {
      const char c = s_[pos_++];
      if (c == '"') return true;
      if (c == '\\' && !done()) out += s_[pos_++];
      else if (c != '\r' && c != '\n') out += c;
    }
    return false;
  }
  std::string_view until_semicolon() { return until(";"); }
  // Text up to the first of `stops` (or the end), trimmed.
  std::string_view until(std::string_view stops) {
    const std::size_t start = pos_;
    while (!done() && stops.find(s_[pos_]) == std::string_view::npos) ++pos_;
    return trim(s_.substr(start, pos_ - start));
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

void report(std::vector<std::string>* problems, std::string what) {
  if (problems) problems->push_back(std::move(what));
}

RawParameter split_name(std::string_view raw_name) {
  RawParameter p;
  std::string name = to_lower(raw_name);
  if (!name.empty() && name.back() == '*') {
    p.extended = true;
    name.pop_back();
  }
  const std::size_t star = name.rfind('*');
  if (star != std::string::npos && star + 1 < name.size() && name.size() - star - 1 <= 3 &&
      std::all_of(name.begin() + static_cast<std::ptrdiff_t>(star) + 1, name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    p.section = std::stoi(name.substr(star + 1));
    name.resize(star);
  }
  p.name = std::move(name);
  return p;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Joins the raw sections of one parameter (all with the same name) into its UTF-8 value.
MimeParameter assemble(std::vector<RawParameter> sections, std::vector<std::string>* problems) {
  MimeParameter out;
  out.name = sections.front().name;
  std::stable_sort(sections.begin(), sections.end(), [](const auto& a, const auto& b) { return a.section < b.section; });
  for (std::size_t i = 0; i < sections.size(); ++i)
    if (sections.size() > 1 && sections[i].section != static_cast<int>(i)) {
      report(problems, "parameter '" + out.name + "': RFC 2231 sections are missing or repeated");
      break;
    }
  std::string charset, bytes;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    std::string_view v = sections[i].value;
    if (!sections[i].extended) {
      bytes += v;
      continue;
    }
    if (i == 0) {  // charset'language'value
      const std::size_t q1 = v.find('\''), q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
      if (q2 == std::string_view::npos) {
        report(problems, "parameter '" + out.name + "': extended value without charset'language' (RFC 2231 §4)");
      } else {
        charset = std::string(v.substr(0, q1));
        out.language = std::string(v.substr(q1 + 1, q2 - q1 - 1));
        v.remove_prefix(q2 + 1);
      }
    }
    bytes += percent_decode(v);
  }
  if (is_ascii(bytes)) {
    out.value = std::move(bytes);
  } else if (const auto cs = find_charset(charset.empty() ? "utf-8" : charset)) {
    out.value = to_utf8(bytes, *cs);
  } else {
    report(problems, "parameter '" + out.name + "': unknown charset '" + charset + "', read as Windows-1252");
    out.value = to_utf8(bytes, Charset::windows_1252);
  }
  return out;
}

}  // namespace

std::string ParameterizedValue::parameter(std::string_view name) const {
  for (const auto& p : parameters)
    if (iequals(p.name, name)) return p.value;
  return "";
}

bool ParameterizedValue::has_parameter(std::string_view name) const {
  for (const auto& p : parameters)
    if (iequals(p.name, name)) return true;
  return false;
}

ParameterizedValue parse_parameterized_value(std::string_view field_body, std::vector<std::string>* problems) {
  ParameterizedValue out;
  Cursor c(field_body);
  c.skip_cfws();
  out.value = to_lower(c.token(true));
  c.skip_cfws();
  if (!c.done() && c.peek() != ';') {
    report(problems, "unexpected text after '" + out.value + "'");
    c.until_semicolon();
  }
  std::vector<RawParameter> raw;
  while (!c.done()) {
    c.advance();  // ';'
    c.skip_cfws();
    if (c.done()) break;
    const std::string_view name = c.token(false);
    c.skip_cfws();
    if (name.empty() || c.peek() != '=') {
      report(problems, name.empty() ? "a parameter has no name" : "parameter '" + std::string(name) + "' has no value");
      c.until_semicolon();
      continue;
    }
    c.advance();  // '='
    c.skip_cfws();
    RawParameter p = split_name(name);
    if (c.peek() == '"') {
      if (!c.quoted_string(p.value)) report(problems, "parameter '" + p.name + "': unterminated quoted string");
    } else {
      const std::string_view v = c.until(";(");  // a comment may follow the value
      for (const unsigned char ch : v)
        if (!is_token_char(ch)) {
          report(problems, "parameter '" + p.name + "': a value with special characters must be quoted (RFC 2045 §5.1)");
          break;
        }
      p.value = std::string(v);
    }
    c.skip_cfws();
    if (!c.done() && c.peek() != ';') {
      report(problems, "parameter '" + p.name + "': unexpected text after the value");
      c.until_semicolon();
    }
    out.as_written.emplace_back(to_lower(name), p.value);
    raw.push_back(std::move(p));
  }
  // Group by name in order of first appearance.
  std::vector<bool> used(raw.size(), false);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (used[i]) continue;
    std::vector<RawParameter> group;
    const std::string name = raw[i].name;
    const bool plain = raw[i].section < 0;
    for (std::size_t j = i; j < raw.size(); ++j)
      if (!used[j] && raw[j].name == name) {
        used[j] = true;
        if (plain && raw[j].section < 0 && j != i)
          report(problems, "parameter '" + name + "' appears twice; the first one is used");
        else
          group.push_back(std::move(raw[j]));
      }
    out.parameters.push_back(assemble(std::move(group), problems));
  }
  return out;
}

std::string MediaType::parameter(std::string_view name) const {
  for (const auto& p : parameters)
    if (iequals(p.name, name)) return p.value;
  return "";
}

bool MediaType::is(std::string_view t, std::string_view sub) const {
  return type == t && (sub.empty() || subtype == sub);
}

std::optional<MediaType> parse_media_type(std::string_view field_body, std::vector<std::string>* problems) {
  ParameterizedValue value = parse_parameterized_value(field_body, problems);
  const std::size_t slash = value.value.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == value.value.size() ||
      value.value.find('/', slash + 1) != std::string::npos)
    return std::nullopt;
  MediaType type;
  type.type = value.value.substr(0, slash);
  type.subtype = value.value.substr(slash + 1);
  type.parameters = std::move(value.parameters);
  return type;
}

std::string format_parameter(std::string_view name, std::string_view utf8_value) {
  std::string out(name);
  if (!is_ascii(utf8_value)) {
    out += "*=utf-8''";
    for (const unsigned char c : utf8_value) {
      if (is_attribute_char(c)) {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += "0123456789ABCDEF"[c >> 4];
        out += "0123456789ABCDEF"[c & 15];
      }
    }
    return out;
  }
  const bool token = !utf8_value.empty() && std::all_of(utf8_value.begin(), utf8_value.end(),
                                                        [](char c) { return is_token_char(static_cast<unsigned char>(c)); });
  out += '=';
  if (token) return out + std::string(utf8_value);
  out += '"';
  for (const char c : utf8_value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

}  // namespace mailsim::message
