#include "scenario/json_source.hpp"

#include <cstdlib>

#include "message/charset.hpp"

namespace mailsim {

namespace {

constexpr int kMaxDepth = 64;

class Parser {
 public:
  Parser(const std::string& text, JsonSource& out) : text_(text), out_(out) {}

  bool parse_document(JsonSyntaxError& error) {
    skip_space();
    if (!parse_value(out_.value, "", 0)) {
      error = error_;
      return false;
    }
    skip_space();
    if (i_ < text_.size()) {
      fail("unexpected text after the end of the JSON document");
      error = error_;
      return false;
    }
    return true;
  }

 private:
  TextPos pos() const { return TextPos{line_, col_}; }
  bool fail(const std::string& message) {
    if (error_.message.empty()) error_ = JsonSyntaxError{pos(), message};
    return false;
  }
  void advance() {
    if (text_[i_] == '\n') {
      ++line_;
      col_ = 1;
    } else if ((static_cast<unsigned char>(text_[i_]) & 0xC0) != 0x80) {
      ++col_;  // count characters, not UTF-8 continuation bytes
    }
    ++i_;
  }
  void skip_space() {
    while (i_ < text_.size() && (text_[i_] == ' ' || text_[i_] == '\t' || text_[i_] == '\n' || text_[i_] == '\r'))
      advance();
  }
  bool literal(const char* word) {
    std::size_t n = 0;
    while (word[n]) ++n;
    if (text_.compare(i_, n, word) != 0) return fail("invalid value (expected a string, number, object, array, true, false or null)");
    for (std::size_t k = 0; k < n; ++k) advance();
    return true;
  }
  static std::string escape_pointer_token(const std::string& key) {
    std::string out;
    for (char c : key) {
      if (c == '~') out += "~0";
      else if (c == '/') out += "~1";
      else out += c;
    }
    return out;
  }

  bool parse_value(nlohmann::json& v, const std::string& pointer, int depth) {
    if (depth > kMaxDepth) return fail("nesting deeper than 64 levels");
    if (i_ >= text_.size()) return fail("unexpected end of file: a value was expected");
    out_.value_pos[pointer] = pos();
    const char c = text_[i_];
    if (c == '{') return parse_object(v, pointer, depth);
    if (c == '[') return parse_array(v, pointer, depth);
    if (c == '"') {
      std::string s;
      if (!parse_string(s)) return false;
      v = std::move(s);
      return true;
    }
    if (c == 't') return literal("true") && (v = true, true);
    if (c == 'f') return literal("false") && (v = false, true);
    if (c == 'n') return literal("null") && (v = nullptr, true);
    if (c == '-' || (c >= '0' && c <= '9')) return parse_number(v);
    return fail(std::string("unexpected character '") + c + "' (expected a value)");
  }

  bool parse_object(nlohmann::json& v, const std::string& pointer, int depth) {
    v = nlohmann::json::object();
    advance();  // {
    skip_space();
    if (i_ < text_.size() && text_[i_] == '}') {
      advance();
      return true;
    }
    for (;;) {
      skip_space();
      if (i_ >= text_.size() || text_[i_] != '"') return fail("expected a member name in double quotes");
      const TextPos key_pos = pos();
      std::string key;
      if (!parse_string(key)) return false;
      if (v.contains(key)) {
        error_ = JsonSyntaxError{key_pos, "duplicate member \"" + key + "\""};
        return false;
      }
      const std::string child = pointer + "/" + escape_pointer_token(key);
      out_.key_pos[child] = key_pos;
      skip_space();
      if (i_ >= text_.size() || text_[i_] != ':') return fail("expected ':' after the member name");
      advance();
      skip_space();
      if (!parse_value(v[key], child, depth + 1)) return false;
      skip_space();
      if (i_ < text_.size() && text_[i_] == ',') {
        advance();
        continue;
      }
      if (i_ < text_.size() && text_[i_] == '}') {
        advance();
        return true;
      }
      return fail("expected ',' or '}' in the object");
    }
  }

  bool parse_array(nlohmann::json& v, const std::string& pointer, int depth) {
    v = nlohmann::json::array();
    advance();  // [
    skip_space();
    if (i_ < text_.size() && text_[i_] == ']') {
      advance();
      return true;
    }
    for (std::size_t index = 0;; ++index) {
      skip_space();
      nlohmann::json element;
      if (!parse_value(element, pointer + "/" + std::to_string(index), depth + 1)) return false;
      v.push_back(std::move(element));
      skip_space();
      if (i_ < text_.size() && text_[i_] == ',') {
        advance();
        continue;
      }
      if (i_ < text_.size() && text_[i_] == ']') {
        advance();
        return true;
      }
      return fail("expected ',' or ']' in the array");
    }
  }

  bool hex4(unsigned& cp) {
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      if (i_ >= text_.size()) return fail("unexpected end of file in a \\u escape");
      const char h = text_[i_];
      cp <<= 4;
      if (h >= '0' && h <= '9') cp |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f') cp |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') cp |= static_cast<unsigned>(h - 'A' + 10);
      else return fail("invalid hexadecimal digit in a \\u escape");
      advance();
    }
    return true;
  }

  bool parse_string(std::string& out) {
    advance();  // opening quote
    for (;;) {
      if (i_ >= text_.size()) return fail("unterminated string (missing closing '\"')");
      const char c = text_[i_];
      if (c == '"') {
        advance();
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return fail("control character in a string (write \\n or \\t)");
      if (c != '\\') {
        out += c;
        advance();
        continue;
      }
      advance();
      if (i_ >= text_.size()) return fail("unterminated escape in a string");
      const char e = text_[i_];
      advance();
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00) {  // a surrogate pair
            unsigned low;
            if (text_.compare(i_, 2, "\\u") != 0) return fail("lone high surrogate in a \\u escape");
            advance();
            advance();
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return fail("invalid low surrogate in a \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp < 0xE000) {
            return fail("lone low surrogate in a \\u escape");
          }
          message::append_utf8(out, cp);
          break;
        }
        default: return fail(std::string("invalid escape '\\") + e + "' in a string");
      }
    }
  }

  bool parse_number(nlohmann::json& v) {
    const std::size_t start = i_;
    auto digits = [&] {
      std::size_t n = 0;
      while (i_ < text_.size() && text_[i_] >= '0' && text_[i_] <= '9') {
        advance();
        ++n;
      }
      return n;
    };
    bool is_float = false;
    if (text_[i_] == '-') advance();
    if (i_ < text_.size() && text_[i_] == '0') advance();
    else if (digits() == 0) return fail("invalid number");
    if (i_ < text_.size() && text_[i_] == '.') {
      is_float = true;
      advance();
      if (digits() == 0) return fail("invalid number: digits expected after '.'");
    }
    if (i_ < text_.size() && (text_[i_] == 'e' || text_[i_] == 'E')) {
      is_float = true;
      advance();
      if (i_ < text_.size() && (text_[i_] == '+' || text_[i_] == '-')) advance();
      if (digits() == 0) return fail("invalid number: digits expected in the exponent");
    }
    const std::string token = text_.substr(start, i_ - start);
    if (is_float) v = std::strtod(token.c_str(), nullptr);
    else if (token[0] == '-') v = std::strtoll(token.c_str(), nullptr, 10);
    else v = std::strtoull(token.c_str(), nullptr, 10);
    return true;
  }

  const std::string& text_;
  JsonSource& out_;
  std::size_t i_ = 0;
  int line_ = 1;
  int col_ = 1;
  JsonSyntaxError error_;
};

}  // namespace

TextPos JsonSource::where(const std::string& pointer) const {
  std::string p = pointer;
  for (;;) {
    auto it = value_pos.find(p);
    if (it != value_pos.end()) return it->second;
    const std::size_t slash = p.rfind('/');
    if (slash == std::string::npos) return TextPos{};
    p.resize(slash);
  }
}

TextPos JsonSource::key_where(const std::string& pointer) const {
  auto it = key_pos.find(pointer);
  return it != key_pos.end() ? it->second : where(pointer);
}

std::optional<JsonSource> parse_json_source(const std::string& text, JsonSyntaxError& error) {
  JsonSource out;
  Parser parser(text, out);
  if (!parser.parse_document(error)) return std::nullopt;
  return out;
}

}  // namespace mailsim
