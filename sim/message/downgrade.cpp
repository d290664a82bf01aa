// 8-bit downgrade (see downgrade.hpp). The message is parsed once; each entity is then
// written back either verbatim (its raw bytes) or with a new header and body. A composite
// entity copies the bytes between its children (delimiters, preamble, epilogue) as they are.
#include "message/downgrade.hpp"

#include "message/charset.hpp"
#include "message/mime.hpp"
#include "message/text_util.hpp"
#include "message/transfer_encoding.hpp"

namespace mailsim::message {

namespace {

// The bytes of a composite's body around its children: the preamble, the delimiter lines
// and the epilogue (RFC 2046 §5.1.1), one view before each child and one after the last.
std::vector<std::string_view> gaps(const Entity& e) {
  std::vector<std::string_view> out;
  std::size_t copied = 0;
  for (const Entity& child : e.children) {
    const auto start = static_cast<std::size_t>(child.raw.data() - e.body.data());
    out.push_back(e.body.substr(copied, start - copied));
    copied = start + child.raw.size();
  }
  out.push_back(e.body.substr(copied));
  return out;
}

bool needs_downgrade(const Entity& e) {
  if (!e.children.empty()) {
    for (const Entity& c : e.children)
      if (needs_downgrade(c)) return true;
    for (const std::string_view gap : gaps(e))
      if (!is_ascii(gap)) return true;
    return false;
  }
  // Quoted-printable or base64 with raw 8-bit octets in it is broken, but still 8-bit.
  const BodyShape shape = body_shape(e.body);
  return shape.has_8bit || shape.has_nul || e.encoding == TransferEncoding::binary;
}

// Readers ignore the preamble and the epilogue (RFC 2046 §5.1.1): their 8-bit octets
// become '?'.
std::string seven_bit_gap(std::string_view gap) {
  std::string out(gap);
  for (char& c : out)
    if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  return out;
}

// Text in canonical form: every line break CRLF.
std::string canonical_line_ends(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

// The entity's header with Content-Transfer-Encoding set to `encoding` (and `extra` fields added).
std::string rewrite_header(const Entity& e, std::string_view encoding, std::string_view extra = {}) {
  std::string out;
  std::size_t copied = 0;
  for (const auto& f : e.header.fields) {
    if (!iequals(f.name, "Content-Transfer-Encoding")) continue;
    out.append(e.raw.substr(copied, f.raw_offset - copied));
    copied = f.raw_offset + f.raw_size;
  }
  out.append(e.raw.substr(copied, e.header.header_size - copied));
  if (!out.empty() && out.back() != '\n') out += "\r\n";
  out += extra;
  out += "Content-Transfer-Encoding: ";
  out += encoding;
  out += "\r\n\r\n";
  return out;
}

std::string rewrite(const Entity& e, bool is_root, DowngradeResult& result) {
  if (!needs_downgrade(e)) return std::string(e.raw);
  const std::string where = e.path.empty() ? "message" : "part " + e.path;
  if (!e.children.empty()) {
    std::string out = rewrite_header(e, "7bit");
    const std::vector<std::string_view> around = gaps(e);
    bool replaced = false;
    for (std::size_t i = 0; i < around.size(); ++i) {
      replaced = replaced || !is_ascii(around[i]);
      out += seven_bit_gap(around[i]);
      if (i < e.children.size()) out += rewrite(e.children[i], false, result);
    }
    result.converted.push_back(where + ": " + e.encoding_name + " -> 7bit");
    if (replaced) result.converted.push_back(where + ": 8-bit octets of the preamble or epilogue -> '?'");
    return out;
  }
  std::string extra;
  if (is_root && !e.header.find("MIME-Version")) extra += "MIME-Version: 1.0\r\n";
  if (is_root && !e.header.find("Content-Type")) {
    std::size_t bad = 0;
    to_utf8(e.body, Charset::utf_8, &bad);
    extra += bad == 0 ? "Content-Type: text/plain; charset=utf-8\r\n" : "Content-Type: text/plain; charset=unknown-8bit\r\n";
  }
  // Already quoted-printable or base64 (with stray 8-bit octets): decoded as a reader
  // would, and encoded again the same way.
  const bool encoded = e.encoding == TransferEncoding::quoted_printable || e.encoding == TransferEncoding::base64;
  const bool qp = encoded ? e.encoding == TransferEncoding::quoted_printable : e.type.is("text");
  const std::string content = encoded ? decode_body(e.body, *e.encoding) : qp ? canonical_line_ends(e.body) : std::string(e.body);
  const char* name = qp ? "quoted-printable" : "base64";
  const std::string header = rewrite_header(e, name, extra);
  result.converted.push_back(where + ": " + e.encoding_name + " -> " + name);
  return header + (qp ? encode_quoted_printable(content) : encode_base64(content));
}

}  // namespace

DowngradeResult downgrade_8bit_to_7bit(std::string_view message) {
  DowngradeResult result;
  const Message parsed = Message::parse(std::string(message));
  for (const Entity* e : parsed.entities())
    result.header_has_8bit = result.header_has_8bit || !is_ascii(e->raw.substr(0, e->header.header_size));
  if (!needs_downgrade(parsed.root())) {
    result.message = std::string(message);
    return result;
  }
  result.message = rewrite(parsed.root(), true, result);
  result.changed = true;
  return result;
}

}  // namespace mailsim::message
