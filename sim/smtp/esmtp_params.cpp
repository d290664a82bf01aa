#include "smtp/esmtp_params.hpp"
#include "core/ascii.hpp"

#include <cctype>

namespace mailsim::smtp {

namespace {
int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;  // xtext uses upper-case hex only
}
}  // namespace

EsmtpParams parse_esmtp_params(const std::string& text) {
  EsmtpParams out;
  std::size_t k = 0;
  while (k < text.size()) {
    while (k < text.size() && text[k] == ' ') ++k;
    if (k >= text.size()) break;
    std::size_t end = text.find(' ', k);
    if (end == std::string::npos) end = text.size();
    const std::string_view param(text.data() + k, end - k);
    const std::size_t eq = param.find('=');
    if (eq == 0 || (eq != std::string_view::npos && eq + 1 == param.size())) {
      out.ok = false;
      out.error = "malformed parameter \"" + std::string(param.substr(0, 40)) + "\"";
      return out;
    }
    for (char c : param.substr(0, eq))
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
        out.ok = false;
        out.error = "malformed parameter keyword \"" + std::string(param.substr(0, eq).substr(0, 40)) + "\"";
        return out;
      }
    out.params.emplace_back(ascii::to_upper(param.substr(0, eq)),
                            eq == std::string_view::npos ? std::string() : std::string(param.substr(eq + 1)));
    k = end;
  }
  return out;
}

std::optional<std::uint64_t> parse_decimal(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

std::optional<std::string> xtext_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '+') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int a = hex(text[i + 1]), b = hex(text[i + 2]);
      if (a < 0 || b < 0) return std::nullopt;
      out += static_cast<char>(a * 16 + b);
      i += 2;
    } else if (c < 33 || c > 126 || c == '=') {
      return std::nullopt;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string xtext_encode(std::string_view text) {
  static const char* const digits = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c < 33 || c > 126 || c == '+' || c == '=') {
      out += '+';
      out += digits[c >> 4];
      out += digits[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

std::optional<std::string> normalize_notify(std::string_view text) {
  const std::string u = ascii::to_upper(text);
  if (u == "NEVER") return u;
  std::string out;
  std::size_t start = 0;
  while (start <= u.size()) {
    std::size_t comma = u.find(',', start);
    if (comma == std::string::npos) comma = u.size();
    const std::string item = u.substr(start, comma - start);
    if (item != "SUCCESS" && item != "FAILURE" && item != "DELAY") return std::nullopt;
    if (out.find(item) == std::string::npos) out += (out.empty() ? "" : ",") + item;
    start = comma + 1;
  }
  return out;
}

std::string original_mailbox(std::string_view s) {
  const std::size_t open = s.find('<');
  std::size_t close = s.rfind('>');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return std::string(s);
  std::string_view inner = s.substr(open + 1, close - open - 1);
  if (!inner.empty() && inner[0] == '@') {
    const std::size_t colon = inner.find(':');
    if (colon != std::string_view::npos) inner.remove_prefix(colon + 1);
  }
  return std::string(inner);
}

}  // namespace mailsim::smtp
