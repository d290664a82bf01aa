// Charset tables and UTF-8 conversion (see charset.hpp). The three single-byte sets
// agree with Latin-1 except in two ranges: Windows-1252 puts printable characters in
// 0x80-0x9F (C1 controls elsewhere), ISO-8859-15 replaces eight characters of 0xA0-0xBF.
#include "message/charset.hpp"

#include <array>

#include "message/text_util.hpp"

namespace mailsim::message {

namespace {

struct CharsetAlias {
  std::string_view name;
  Charset charset;
};
constexpr CharsetAlias kAliases[] = {
    {"us-ascii", Charset::us_ascii},         {"ascii", Charset::us_ascii},
    {"ansi_x3.4-1968", Charset::us_ascii},   {"iso646-us", Charset::us_ascii},
    {"utf-8", Charset::utf_8},               {"utf8", Charset::utf_8},
    {"iso-8859-1", Charset::iso_8859_1},     {"iso8859-1", Charset::iso_8859_1},
    {"iso_8859-1", Charset::iso_8859_1},     {"latin1", Charset::iso_8859_1},
    {"l1", Charset::iso_8859_1},             {"iso-8859-15", Charset::iso_8859_15},
    {"iso8859-15", Charset::iso_8859_15},    {"iso_8859-15", Charset::iso_8859_15},
    {"latin-9", Charset::iso_8859_15},       {"latin9", Charset::iso_8859_15},
    {"windows-1252", Charset::windows_1252}, {"cp1252", Charset::windows_1252},
};

// Windows-1252 0x80..0x9F; the five unassigned codes map to the C1 control of the
// same value, as the WHATWG Encoding Standard does.
constexpr std::array<char16_t, 32> kWindows1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

struct Latin9Change {
  unsigned char byte;
  char16_t code_point;
};
constexpr Latin9Change kLatin9Changes[] = {{0xA4, 0x20AC}, {0xA6, 0x0160}, {0xA8, 0x0161}, {0xB4, 0x017D},
                                           {0xB8, 0x017E}, {0xBC, 0x0152}, {0xBD, 0x0153}, {0xBE, 0x0178}};

char32_t single_byte_to_code_point(unsigned char b, Charset charset) {
  if (charset == Charset::windows_1252 && b >= 0x80 && b <= 0x9F) return kWindows1252High[b - 0x80];
  if (charset == Charset::iso_8859_15)
    for (const auto& change : kLatin9Changes)
      if (change.byte == b) return change.code_point;
  return b;
}

std::optional<unsigned char> code_point_to_single_byte(char32_t cp, Charset charset) {
  if (cp < 0x80) return static_cast<unsigned char>(cp);
  if (charset == Charset::us_ascii) return std::nullopt;
  for (unsigned b = 0x80; b <= 0xFF; ++b)
    if (single_byte_to_code_point(static_cast<unsigned char>(b), charset) == cp) return static_cast<unsigned char>(b);
  return std::nullopt;
}

char32_t decode_utf8_at(std::string_view s, std::size_t i, std::size_t len) {
  const auto u = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (len == 1) return u(0);
  char32_t cp = u(0) & (0xFF >> (len + 1));
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (u(k) & 0x3F);
  return cp;
}

}  // namespace

std::optional<Charset> find_charset(std::string_view name) {
  // RFC 2231 §5 allows a language suffix ("us-ascii*en"); it does not change the charset.
  name = trim(name.substr(0, name.find('*')));
  for (const auto& alias : kAliases)
    if (iequals(alias.name, name)) return alias.charset;
  return std::nullopt;
}

const char* charset_name(Charset charset) {
  switch (charset) {
    case Charset::us_ascii: return "US-ASCII";
    case Charset::utf_8: return "UTF-8";
    case Charset::iso_8859_1: return "ISO-8859-1";
    case Charset::iso_8859_15: return "ISO-8859-15";
    case Charset::windows_1252: return "windows-1252";
  }
  return "US-ASCII";
}

void append_utf8(std::string& out, char32_t cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto u = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char lead = u(0);
  if (lead < 0x80) return 1;
  std::size_t len = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) len = 2, min = 0x80;
  else if (lead >= 0xE0 && lead <= 0xEF) len = 3, min = 0x800;
  else if (lead >= 0xF0 && lead <= 0xF4) len = 4, min = 0x10000;
  else return 0;
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k)
    if ((u(k) & 0xC0) != 0x80) return 0;
  const char32_t cp = decode_utf8_at(s, i, len);
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = static_cast<unsigned char>(s[i]) < 0x80 ? 1 : utf8_sequence_length(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string to_utf8(std::string_view bytes, Charset charset, std::size_t* replaced) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  std::size_t bad = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      out += static_cast<char>(b);
      ++i;
    } else if (charset == Charset::utf_8) {
      const std::size_t len = utf8_sequence_length(bytes, i);
      if (len == 0) {
        append_utf8(out, 0xFFFD);
        ++bad;
        ++i;
      } else {
        out.append(bytes.substr(i, len));
        i += len;
      }
    } else if (charset == Charset::us_ascii) {
      append_utf8(out, 0xFFFD);
      ++bad;
      ++i;
    } else {
      append_utf8(out, single_byte_to_code_point(b, charset));
      ++i;
    }
  }
  if (replaced) *replaced = bad;
  return out;
}

std::optional<std::string> from_utf8(std::string_view utf8, Charset charset) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t len = utf8_sequence_length(utf8, i);
    if (len == 0) return std::nullopt;
    if (charset == Charset::utf_8) {
      out.append(utf8.substr(i, len));
    } else {
      const auto byte = code_point_to_single_byte(decode_utf8_at(utf8, i, len), charset);
      if (!byte) return std::nullopt;
      out += static_cast<char>(*byte);
    }
    i += len;
  }
  return out;
}

namespace {
char32_t small_letter(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;  // À..Þ, not ×
  if (c == 0x178) return 0xFF;                               // Ÿ
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return c % 2 == 0 ? c + 1 : c;  // pairs: Ā ā, Œ œ
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return c % 2 == 1 ? c + 1 : c;  // pairs: Ĺ ĺ, Ž ž
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;  // Greek Α..Ϋ
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;                // Cyrillic А..Я
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;                // Ѐ..Џ
  return c;
}
}  // namespace

std::string fold_case(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t len = utf8_sequence_length(utf8, i);
    if (len == 0) {
      out += utf8[i++];
      continue;
    }
    append_utf8(out, small_letter(len == 1 ? static_cast<unsigned char>(utf8[i]) : decode_utf8_at(utf8, i, len)));
    i += len;
  }
  return out;
}

}  // namespace mailsim::message
