// RFC 2047 encoded words (see encoded_word.hpp). Decoding scans for "=?", parses the
// three fields strictly (no whitespace inside a word, §5), collects the decoded octets
// of consecutive words of one charset, and converts them together, so a character that a
// sloppy encoder split across two words still comes out whole.
#include "message/encoded_word.hpp"

#include "message/text_util.hpp"
#include "message/transfer_encoding.hpp"

namespace mailsim::message {

namespace {

struct EncodedWord {
  std::string_view charset;
  char encoding;          // 'Q' or 'B'
  std::string_view text;  // between the third '?' and "?="
  std::size_t length;     // of the whole word
};

// Parses an encoded word starting at s[0] == '='; returns false if there is none.
bool parse_encoded_word(std::string_view s, EncodedWord& word) {
  if (s.size() < 8 || s[0] != '=' || s[1] != '?') return false;
  const std::size_t q1 = s.find('?', 2);
  if (q1 == std::string_view::npos || q1 == 2 || q1 + 3 >= s.size() || s[q1 + 2] != '?') return false;
  const char enc = static_cast<char>(s[q1 + 1] & ~0x20);
  if (enc != 'Q' && enc != 'B') return false;
  const std::size_t end = s.find("?=", q1 + 3);
  if (end == std::string_view::npos) return false;
  const std::string_view text = s.substr(q1 + 3, end - q1 - 3);
  for (const char c : s.substr(0, end))
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return false;
  word = {s.substr(2, q1 - 2), enc, text, end + 2};
  return true;
}

std::string decode_q(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      out += ' ';
    } else if (text[i] == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Text outside encoded words: UTF-8 if valid, else Windows-1252 (a superset of Latin-1's printables).
std::string raw_text_to_utf8(std::string_view raw) {
  if (is_ascii(raw)) return std::string(raw);
  std::size_t bad = 0;
  std::string utf8 = to_utf8(raw, Charset::utf_8, &bad);
  return bad == 0 ? utf8 : to_utf8(raw, Charset::windows_1252);
}

bool q_literal(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '!' || c == '*' ||
         c == '+' || c == '-' || c == '/';
}

std::size_t q_width(unsigned char c) { return (q_literal(c) || c == ' ') ? 1 : 3; }

}  // namespace

std::string decode_header_text(std::string_view value, std::string* problem) {
  std::string out;
  std::string pending;             // decoded octets of consecutive words of one charset
  std::string pending_charset;
  std::string_view gap;            // whitespace seen since the last encoded word
  bool last_was_word = false;
  const auto flush = [&] {
    if (pending_charset.empty()) return;
    if (const auto cs = find_charset(pending_charset)) {
      out += to_utf8(pending, *cs);
    }
    pending.clear();
    pending_charset.clear();
  };
  std::size_t i = 0;
  while (i < value.size()) {
    EncodedWord word;
    if (value[i] == '=' && parse_encoded_word(value.substr(i), word)) {
      auto cs = find_charset(word.charset);
      std::string ignored;
      // Every charset a mailer uses agrees with ASCII: an unknown one is safe to show if the word is ASCII.
      if (!cs && is_ascii(word.encoding == 'B' ? decode_base64(word.text, &ignored) : decode_q(word.text)))
        cs = Charset::us_ascii;
      if (!cs) {
        flush();
        out += gap;
        out += value.substr(i, word.length);
        if (problem && problem->empty())
          *problem = "encoded word in unknown charset '" + std::string(word.charset) + "' left as is (RFC 2047 §6.2)";
        last_was_word = false;
      } else {
        if (!last_was_word || pending_charset != charset_name(*cs)) {
          flush();
          if (!last_was_word) out += gap;  // §6.2: whitespace between encoded words is not displayed
        }
        std::string bad;
        pending += word.encoding == 'B' ? decode_base64(word.text, &bad) : decode_q(word.text);
        if (!bad.empty() && problem && problem->empty()) *problem = "malformed B encoded word: " + bad;
        pending_charset = charset_name(*cs);
        last_was_word = true;
      }
      gap = {};
      i += word.length;
      continue;
    }
    // Collect a run of whitespace (kept only if the next thing is not an encoded word) or text.
    std::size_t j = i;
    if (is_wsp(value[i]) || value[i] == '\r' || value[i] == '\n') {
      while (j < value.size() && (is_wsp(value[j]) || value[j] == '\r' || value[j] == '\n')) ++j;
      gap = value.substr(i, j - i);
      i = j;
      continue;
    }
    while (j < value.size() && !is_wsp(value[j]) && value[j] != '\r' && value[j] != '\n' &&
           !(value[j] == '=' && j + 1 < value.size() && value[j + 1] == '?' && j > i))
      ++j;
    if (j == i) ++j;
    flush();
    out += gap;
    gap = {};
    out += raw_text_to_utf8(value.substr(i, j - i));
    last_was_word = false;
    i = j;
  }
  flush();
  out += gap;
  return out;
}

std::string encode_header_text(std::string_view utf8, Charset charset, WordEncoding encoding,
                               std::size_t max_word_chars) {
  bool plain = utf8.find("=?") == std::string_view::npos;
  for (const unsigned char c : utf8)
    if (c < 0x20 || c >= 0x7F) plain = false;
  if (plain) return std::string(utf8);

  auto bytes = from_utf8(utf8, charset);
  if (!bytes) {
    charset = Charset::utf_8;
    bytes = from_utf8(utf8, charset);
    if (!bytes) bytes = to_utf8(utf8, Charset::utf_8);  // invalid input: repaired, never refused
  }
  const std::string name = charset_name(charset);
  if (encoding == WordEncoding::shortest) {
    std::size_t q = 0;
    for (const unsigned char c : *bytes) q += q_width(c);
    encoding = q <= (bytes->size() + 2) / 3 * 4 ? WordEncoding::q : WordEncoding::b;
  }
  const std::size_t overhead = name.size() + 7;  // "=?" charset "?Q?" ... "?="
  const std::size_t room = max_word_chars > overhead + 12 ? max_word_chars - overhead : 12;

  // Split the octets into characters (one octet each in a single-byte charset).
  std::string out;
  std::string chunk;  // octets of the current word
  std::size_t chunk_width = 0;
  const auto width_of = [&](std::string_view octets) {
    if (encoding == WordEncoding::b) return std::size_t{0};
    std::size_t w = 0;
    for (const unsigned char c : octets) w += q_width(c);
    return w;
  };
  const auto emit = [&] {
    if (chunk.empty()) return;
    if (!out.empty()) out += ' ';
    out += "=?" + name + (encoding == WordEncoding::q ? "?Q?" : "?B?");
    if (encoding == WordEncoding::b) {
      out += encode_base64(chunk, 0);
    } else {
      for (const unsigned char c : chunk) {
        if (c == ' ') out += '_';
        else if (q_literal(c)) out += static_cast<char>(c);
        else {
          out += '=';
          out += "0123456789ABCDEF"[c >> 4];
          out += "0123456789ABCDEF"[c & 15];
        }
      }
    }
    out += "?=";
    chunk.clear();
    chunk_width = 0;
  };
  const std::string_view all = *bytes;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t len = charset == Charset::utf_8 ? utf8_sequence_length(all, i) : 1;
    if (len == 0) len = 1;
    const std::string_view ch = all.substr(i, len);
    const std::size_t w = encoding == WordEncoding::b ? 0 : width_of(ch);
    const bool fits = encoding == WordEncoding::b ? (chunk.size() + len + 2) / 3 * 4 <= room : chunk_width + w <= room;
    if (!fits) emit();
    chunk += ch;
    chunk_width += w;
    i += len;
  }
  emit();
  return out;
}

}  // namespace mailsim::message
