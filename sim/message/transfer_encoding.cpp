// Base64 and quoted-printable codecs and body classification (see transfer_encoding.hpp).
// The decoders are single passes over the input with a lookup table; the output is
// reserved up front from the input size, which bounds every allocation by the input.
#include "message/transfer_encoding.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#include "message/text_util.hpp"

namespace mailsim::message {

namespace {

constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr unsigned char kNotBase64 = 0xFF;

constexpr std::array<unsigned char, 256> make_base64_table() {
  std::array<unsigned char, 256> table{};
  for (auto& v : table) v = kNotBase64;
  for (unsigned i = 0; i < 64; ++i) table[static_cast<unsigned char>(kBase64Alphabet[i])] = static_cast<unsigned char>(i);
  return table;
}
constexpr auto kBase64Table = make_base64_table();

void set_problem(std::string* problem, const char* what) {
  if (problem && problem->empty()) *problem = what;
}

constexpr char kHexDigits[] = "0123456789ABCDEF";

}  // namespace

std::optional<TransferEncoding> find_transfer_encoding(std::string_view name) {
  name = trim(name);
  if (iequals(name, "7bit")) return TransferEncoding::seven_bit;
  if (iequals(name, "8bit")) return TransferEncoding::eight_bit;
  if (iequals(name, "binary")) return TransferEncoding::binary;
  if (iequals(name, "quoted-printable")) return TransferEncoding::quoted_printable;
  if (iequals(name, "base64")) return TransferEncoding::base64;
  return std::nullopt;
}

const char* transfer_encoding_name(TransferEncoding encoding) {
  switch (encoding) {
    case TransferEncoding::seven_bit: return "7bit";
    case TransferEncoding::eight_bit: return "8bit";
    case TransferEncoding::binary: return "binary";
    case TransferEncoding::quoted_printable: return "quoted-printable";
    case TransferEncoding::base64: return "base64";
  }
  return "7bit";
}

std::string encode_base64(std::string_view data, std::size_t line_chars) {
  line_chars -= line_chars % 4;  // whole quanta per line
  std::string out;
  const std::size_t chars = (data.size() + 2) / 3 * 4;
  out.reserve(chars + (line_chars ? chars / line_chars * 2 + 2 : 0));
  std::size_t on_line = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  for (std::size_t i = 0; i < data.size(); i += 3) {
    const std::size_t n = data.size() - i < 3 ? data.size() - i : 3;
    const std::uint32_t v = (p[i] << 16) | (n > 1 ? p[i + 1] << 8 : 0) | (n > 2 ? p[i + 2] : 0);
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += n > 1 ? kBase64Alphabet[(v >> 6) & 63] : '=';
    out += n > 2 ? kBase64Alphabet[v & 63] : '=';
    on_line += 4;
    if (line_chars && on_line >= line_chars && i + 3 < data.size()) {
      out += "\r\n";
      on_line = 0;
    }
  }
  if (line_chars && !data.empty()) out += "\r\n";
  return out;
}

std::string decode_base64(std::string_view text, std::string* problem) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  char* o = out.data();
  const auto* u = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::uint32_t acc = 0;
  int bits = 0;
  bool saw_padding = false;
  for (std::size_t i = 0; i < n;) {
    // Fast path: a whole quantum of four alphabet characters.
    if (bits == 0 && !saw_padding && i + 4 <= n) {
      const std::uint32_t a = kBase64Table[u[i]], b = kBase64Table[u[i + 1]], c = kBase64Table[u[i + 2]],
                          d = kBase64Table[u[i + 3]];
      if (((a | b | c | d) & 0xC0) == 0) {
        const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
        *o++ = static_cast<char>(v >> 16);
        *o++ = static_cast<char>((v >> 8) & 0xFF);
        *o++ = static_cast<char>(v & 0xFF);
        i += 4;
        continue;
      }
    }
    const char ch = static_cast<char>(u[i++]);
    const unsigned char v = kBase64Table[static_cast<unsigned char>(ch)];
    if (v != kNotBase64) {
      if (saw_padding) set_problem(problem, "base64 data after the '=' padding (RFC 2045 §6.8)");
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        *o++ = static_cast<char>((acc >> bits) & 0xFF);
      }
    } else if (ch == '=') {
      saw_padding = true;
    } else if (ch != '\r' && ch != '\n' && ch != ' ' && ch != '\t') {
      // RFC 2045 §6.8: characters outside the alphabet are ignored, and suggest damage.
      set_problem(problem, "characters outside the base64 alphabet were ignored (RFC 2045 §6.8)");
    }
  }
  if (bits >= 6) set_problem(problem, "base64 data ends with an incomplete group (RFC 2045 §6.8)");
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

std::string encode_quoted_printable(std::string_view data, QpMode mode, std::size_t line_chars) {
  std::string out;
  out.reserve(data.size() + data.size() / 4);
  std::size_t on_line = 0;
  const auto at_hard_break = [&](std::size_t i) {
    return i >= data.size() || (mode == QpMode::text && data[i] == '\r' && i + 1 < data.size() && data[i + 1] == '\n');
  };
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (at_hard_break(i)) {  // CRLF in text mode
      out += "\r\n";
      on_line = 0;
      ++i;
      continue;
    }
    const auto c = static_cast<unsigned char>(data[i]);
    const bool wsp = c == ' ' || c == '\t';
    const bool literal = (c >= 33 && c <= 126 && c != '=') || (wsp && !at_hard_break(i + 1));
    const std::size_t width = literal ? 1 : 3;
    // Room for a soft break "=" unless this token ends the line.
    const std::size_t room = at_hard_break(i + 1) ? line_chars : line_chars - 1;
    if (on_line + width > room) {
      out += "=\r\n";
      on_line = 0;
    }
    if (literal) {
      out += static_cast<char>(c);
    } else {
      out += '=';
      out += kHexDigits[c >> 4];
      out += kHexDigits[c & 15];
    }
    on_line += width;
  }
  return out;
}

std::string decode_quoted_printable(std::string_view text, std::string* problem) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const bool has_break = nl != std::string_view::npos;
    std::string_view line = text.substr(pos, has_break ? nl - pos : std::string_view::npos);
    pos = has_break ? nl + 1 : text.size();
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    while (!line.empty() && is_wsp(line.back())) line.remove_suffix(1);  // §6.7 rule 3: transport padding
    bool soft_break = false;
    if (!line.empty() && line.back() == '=') {
      soft_break = true;
      line.remove_suffix(1);
    }
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (c == '=') {
        const int h = i + 1 < line.size() ? hex_value(line[i + 1]) : -1;
        const int l = i + 2 < line.size() ? hex_value(line[i + 2]) : -1;
        if (h >= 0 && l >= 0) {
          out += static_cast<char>(h * 16 + l);
          i += 2;
          continue;
        }
        set_problem(problem, "an '=' not followed by two hexadecimal digits was kept as is (RFC 2045 §6.7)");
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        set_problem(problem, "8-bit octets in quoted-printable data were kept as is (RFC 2045 §6.7)");
      }
      out += c;
    }
    if (has_break && !soft_break) out += "\r\n";
  }
  return out;
}

std::string decode_body(std::string_view body, TransferEncoding encoding, std::string* problem) {
  switch (encoding) {
    case TransferEncoding::base64: return decode_base64(body, problem);
    case TransferEncoding::quoted_printable: return decode_quoted_printable(body, problem);
    default: return std::string(body);
  }
}

BodyShape body_shape(std::string_view body, std::size_t max_line_octets) {
  // Lines are found with memchr; their content is checked eight octets at a time for
  // high bits, NUL and CR (the classic "has a zero byte" bit trick).
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t w) { return ((w - kOnes) & ~w & kHighs) != 0; };
  BodyShape shape;
  const char* p = body.data();
  const char* const end = p + body.size();
  std::size_t line_number = 1;
  while (p < end) {
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* content_end = nl ? nl : end;
    if (nl && nl > p && nl[-1] == '\r') --content_end;
    else if (nl) shape.has_bare_cr_lf = true;  // LF alone (files saved with Unix line ends)
    const auto len = static_cast<std::size_t>(content_end - p);
    if (len > shape.longest_line) shape.longest_line = len;
    if (len > max_line_octets && shape.long_line_number == 0) shape.long_line_number = line_number;
    const char* q = p;
    for (; q + 8 <= content_end; q += 8) {
      std::uint64_t w;
      std::memcpy(&w, q, 8);
      if (w & kHighs) shape.has_8bit = true;
      if (has_zero(w)) shape.has_nul = true;
      if (has_zero(w ^ (kOnes * '\r'))) shape.has_bare_cr_lf = true;
    }
    for (; q < content_end; ++q) {
      const auto c = static_cast<unsigned char>(*q);
      if (c >= 0x80) shape.has_8bit = true;
      else if (c == 0) shape.has_nul = true;
      else if (c == '\r') shape.has_bare_cr_lf = true;
    }
    if (!nl) break;
    p = nl + 1;
    ++line_number;
  }
  return shape;
}

TransferEncoding identity_encoding_for(const BodyShape& shape, std::size_t max_line_octets) {
  if (shape.has_nul || shape.has_bare_cr_lf || shape.longest_line > max_line_octets) return TransferEncoding::binary;
  return shape.has_8bit ? TransferEncoding::eight_bit : TransferEncoding::seven_bit;
}

}  // namespace mailsim::message
