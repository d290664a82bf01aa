// MIME tree parser (see mime.hpp). One recursive function reads an entity: its header,
// its media type and encoding, then, by type, splits a multipart body at delimiter lines
// (a line "--boundary", optional trailing blanks; "--boundary--" closes), parses an
// encapsulated message, or checks a leaf body. Depth and part count are bounded.
#include "message/mime.hpp"

#include <algorithm>

#include "message/charset.hpp"
#include "message/encoded_word.hpp"
#include "message/message_checks.hpp"
#include "message/text_util.hpp"

namespace mailsim::message {

namespace {

constexpr std::size_t kMaxBoundaryChars = 70;  // RFC 2046 §5.1.1

class MimeParser {
 public:
  MimeParser(std::string_view all, const Limits& limits, Diagnostics& diagnostics)
      : all_(all), limits_(limits), diagnostics_(diagnostics) {}

  // `kind` says what the entity is: a top-level message, a MIME part, an encapsulated
  // message (message/rfc822 body) or the phantom header of a message/external-body.
  enum class Kind { message, part, encapsulated, external_header };
  void parse_entity(Entity& e, std::string_view raw, std::string path, std::size_t depth, bool in_digest, Kind kind);

 private:
  std::size_t line_of(std::string_view inner);
  void warn(const Entity& e, std::size_t line, std::string what, Severity severity = Severity::warning) {
    diagnostics_.add(severity, location(e.path, line), std::move(what));
  }
  void read_content_headers(Entity& e, bool in_digest, bool is_message);
  void split_multipart(Entity& e, std::size_t depth);
  void check_leaf(Entity& e);
  std::string child_path(const Entity& e, std::size_t index) const {
    return e.path.empty() ? std::to_string(index) : e.path + "." + std::to_string(index);
  }

  std::string_view all_;
  const Limits& limits_;
  Diagnostics& diagnostics_;
  std::size_t entities_ = 0;
  std::size_t line_cache_offset_ = 0, line_cache_line_ = 1;
};

std::size_t MimeParser::line_of(std::string_view inner) {
  const auto offset = static_cast<std::size_t>(inner.data() - all_.data());
  if (offset < line_cache_offset_) line_cache_offset_ = 0, line_cache_line_ = 1;
  line_cache_line_ += static_cast<std::size_t>(
      std::count(all_.begin() + static_cast<std::ptrdiff_t>(line_cache_offset_), all_.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  line_cache_offset_ = offset;
  return line_cache_line_;
}

void MimeParser::read_content_headers(Entity& e, bool in_digest, bool is_message) {
  const std::size_t first_line = e.header.fields.empty() ? 0 : e.header.fields.front().line;
  if (in_digest) e.type = MediaType{"message", "rfc822", {}};  // RFC 2046 §5.1.5
  if (const HeaderField* ct = e.header.find("Content-Type")) {
    std::vector<std::string> problems;
    if (auto type = parse_media_type(ct->value, &problems)) {
      e.type = std::move(*type);
      e.type_defaulted = false;
    } else {
      e.type = MediaType{};
      warn(e, ct->line, "unreadable Content-Type '" + ct->value + "': treated as text/plain; charset=us-ascii (RFC 2045 §5.2)");
    }
    for (auto& p : problems) warn(e, ct->line, "Content-Type: " + p);
  }
  if (const HeaderField* cte = e.header.find("Content-Transfer-Encoding")) {
    e.encoding_name = to_lower(trim(cte->value));
    e.encoding = find_transfer_encoding(e.encoding_name);
    if (!e.encoding)
      warn(e, cte->line, "unknown Content-Transfer-Encoding '" + e.encoding_name +
                             "': the body is shown undecoded, as application/octet-stream (RFC 2045 §6.4)");
  }
  if (is_message) {
    const HeaderField* version = e.header.find("MIME-Version");
    if (version && trim(version->value.substr(0, version->value.find('('))) != "1.0")
      warn(e, version->line, "MIME-Version is '" + version->value + "', expected 1.0 (RFC 2045 §4)");
    if (!version && (e.header.find("Content-Type") || e.header.find("Content-Transfer-Encoding")))
      warn(e, first_line, "MIME header fields without MIME-Version: 1.0 (RFC 2045 §4)", Severity::note);
  }
  if (e.type.is("text")) {
    const std::string charset = e.type.parameter("charset");
    if (!charset.empty() && !find_charset(charset))
      warn(e, first_line, "unknown charset '" + charset + "': text shown as UTF-8 or Windows-1252");
  }
}

void MimeParser::parse_entity(Entity& e, std::string_view raw, std::string path, std::size_t depth, bool in_digest,
                              Kind kind) {
  const bool is_message = kind == Kind::message || kind == Kind::encapsulated;
  ++entities_;
  e.path = std::move(path);
  e.raw = raw;
  e.header = parse_header_section(raw, diagnostics_, e.path, line_of(raw), limits_);
  e.body = raw.substr(e.header.body_offset);
  read_content_headers(e, in_digest, is_message);
  if (is_message) check_message_header(e.header, diagnostics_, e.path, kind == Kind::encapsulated);
  if (kind == Kind::external_header && !e.header.find("Content-ID"))
    warn(e, line_of(raw), "the header of an external body must include a Content-ID (RFC 2046 §5.2.3)");

  const bool identity = e.encoding && (*e.encoding == TransferEncoding::seven_bit ||
                                       *e.encoding == TransferEncoding::eight_bit || *e.encoding == TransferEncoding::binary);
  const bool composite = e.type.is("multipart") || e.type.is("message", "rfc822") || e.type.is("message", "global") ||
                         e.type.is("message", "external-body");
  if (composite && !identity) {
    warn(e, line_of(e.body), e.type.mime_type() + " with Content-Transfer-Encoding " + e.encoding_name +
                                 ": only 7bit, 8bit or binary are allowed; not parsed further (RFC 2045 §6.4)");
    return check_leaf(e);
  }
  const bool seven_bit_only = e.type.is("message", "partial") || e.type.is("message", "external-body");
  if (seven_bit_only && e.encoding && *e.encoding != TransferEncoding::seven_bit)
    warn(e, line_of(e.raw), e.type.mime_type() + " must use Content-Transfer-Encoding 7bit (RFC 2046 §5.2.2, §5.2.3)");
  if (composite && depth >= limits_.max_depth) {
    warn(e, line_of(e.body), "nesting deeper than " + std::to_string(limits_.max_depth) + " levels: not parsed further");
    return;
  }
  if (e.type.is("multipart")) return split_multipart(e, depth);
  if (e.type.is("message", "rfc822") || e.type.is("message", "global") || e.type.is("message", "external-body")) {
    const bool external = e.type.is("message", "external-body");
    const std::string access = to_lower(e.type.parameter("access-type"));
    if (external && access.empty())
      warn(e, line_of(e.raw), "message/external-body without access-type (RFC 2046 §5.2.3.1)");
    if ((access == "ftp" || access == "anon-ftp" || access == "tftp") &&
        (e.type.parameter("name").empty() || e.type.parameter("site").empty()))
      warn(e, line_of(e.raw), "access-type " + access + " needs the name and site parameters (RFC 2046 §5.2.3.2)");
    if (entities_ >= limits_.max_parts) {
      warn(e, line_of(e.body), "more than " + std::to_string(limits_.max_parts) + " parts: the rest is not parsed", Severity::error);
      return;
    }
    e.children.emplace_back();
    // An external body holds only the header of the content that lives elsewhere.
    parse_entity(e.children.back(), e.body, child_path(e, 1), depth + 1, false,
                 external ? Kind::external_header : Kind::encapsulated);
    return;
  }
  if (e.type.is("message", "partial")) {
    if (e.type.parameter("id").empty() || e.type.parameter("number").empty())
      warn(e, line_of(e.raw), "message/partial needs the id and number parameters (RFC 2046 §5.2.2)");
  }
  check_leaf(e);
}

void MimeParser::split_multipart(Entity& e, std::size_t depth) {
  const std::string boundary = e.type.parameter("boundary");
  if (boundary.empty()) {
    warn(e, line_of(e.raw), "multipart without a boundary parameter: treated as application/octet-stream (RFC 2046 §5.1.1)");
    return check_leaf(e);
  }
  if (boundary.size() > kMaxBoundaryChars)
    warn(e, line_of(e.raw), "boundary longer than 70 characters (RFC 2046 §5.1.1)", Severity::note);
  const std::string delimiter = "--" + boundary;
  const std::string_view body = e.body;
  // Position of the next delimiter line at or after `from`, or npos; `close` tells "--boundary--".
  const auto find_delimiter = [&](std::size_t from, bool& close) {
    while (true) {
      const std::size_t p = body.find(delimiter, from);
      if (p == std::string_view::npos) return p;
      if (p == 0 || body[p - 1] == '\n') {
        std::size_t q = p + delimiter.size();
        close = body.substr(q, 2) == "--";
        if (close) q += 2;
        while (q < body.size() && is_wsp(body[q])) ++q;
        if (q >= body.size() || body[q] == '\r' || body[q] == '\n') return p;
      }
      from = p + 1;
    }
  };
  // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
  const auto end_before = [&](std::size_t p, std::size_t floor) {
    if (p > floor && body[p - 1] == '\n') --p;
    if (p > floor && body[p - 1] == '\r') --p;
    return p;
  };
  const auto next_line = [&](std::size_t p) {
    const std::size_t nl = body.find('\n', p);
    return nl == std::string_view::npos ? body.size() : nl + 1;
  };
  bool close = false;
  std::size_t p = find_delimiter(0, close);
  if (p == std::string_view::npos) {
    warn(e, line_of(body), "the boundary \"" + boundary + "\" never appears: no parts found (RFC 2046 §5.1.1)", Severity::error);
    e.preamble = body;
    return;
  }
  e.preamble = body.substr(0, end_before(p, 0));
  std::size_t index = 0;
  while (!close) {
    const std::size_t start = next_line(p);
    if (start >= body.size()) {  // a last delimiter line that is not the closing one
      warn(e, line_of(body.substr(body.size())), "the closing delimiter --" + boundary + "-- is missing (RFC 2046 §5.1.1)");
      return;
    }
    bool next_close = false;
    const std::size_t q = find_delimiter(start, next_close);
    const std::size_t end = q == std::string_view::npos ? body.size() : std::max(start, end_before(q, start));
    if (entities_ >= limits_.max_parts) {
      warn(e, line_of(body.substr(start)), "more than " + std::to_string(limits_.max_parts) + " parts: the rest is not parsed", Severity::error);
      return;
    }
    e.children.emplace_back();
    parse_entity(e.children.back(), body.substr(start, end - start), child_path(e, ++index), depth + 1,
                 e.type.subtype == "digest", Kind::part);
    if (q == std::string_view::npos) {
      warn(e, line_of(body.substr(body.size())), "the closing delimiter --" + boundary +
                                                   "-- is missing: the last part runs to the end (RFC 2046 §5.1.1)");
      return;
    }
    p = q;
    close = next_close;
  }
  e.epilogue = body.substr(next_line(p));
}

void MimeParser::check_leaf(Entity& e) {
  if (!e.encoding || *e.encoding == TransferEncoding::binary) return;
  const BodyShape shape = body_shape(e.body, limits_.max_line_octets);
  const std::size_t first = line_of(e.body);
  if (shape.long_line_number > 0)
    warn(e, first + shape.long_line_number - 1,
         "line of more than " + std::to_string(limits_.max_line_octets) + " octets: " + e.encoding_name +
             " data must keep lines within 998 octets (RFC 5322 §2.1.1, RFC 2045 §2.8)");
  if (*e.encoding == TransferEncoding::seven_bit && shape.has_8bit)
    warn(e, first, "8-bit octets in a part declared 7bit (RFC 2045 §2.7): it needs 8bit and 8BITMIME, or an encoding");
  if (shape.has_nul) warn(e, first, "NUL octets in " + e.encoding_name + " data (RFC 2045 §2.7, §2.8)");
}

}  // namespace

std::string Entity::filename() const {
  std::string name;
  if (const HeaderField* cd = header.find("Content-Disposition")) name = parse_parameterized_value(cd->value).parameter("filename");
  if (name.empty()) name = type.parameter("name");
  // Not standard, but common: RFC 2047 words inside a quoted filename.
  if (name.find("=?") != std::string::npos) name = decode_header_text(name);
  return name;
}

std::string Entity::disposition() const {
  const HeaderField* cd = header.find("Content-Disposition");
  return cd ? parse_parameterized_value(cd->value).value : "";
}

std::string Entity::charset() const {
  const std::string cs = type.parameter("charset");
  return cs.empty() && type.is("text") ? "us-ascii" : to_lower(cs);
}

Message Message::parse(std::string bytes, const Limits& limits) {
  Message m;
  m.bytes_ = std::make_unique<std::string>(std::move(bytes));
  m.diagnostics_ = Diagnostics(limits.max_diagnostics);
  MimeParser parser(*m.bytes_, limits, m.diagnostics_);
  parser.parse_entity(m.root_, *m.bytes_, "", 0, false, MimeParser::Kind::message);
  return m;
}

std::vector<const Entity*> Message::entities() const {
  std::vector<const Entity*> out;
  std::vector<const Entity*> stack{&root_};
  while (!stack.empty()) {
    const Entity* e = stack.back();
    stack.pop_back();
    out.push_back(e);
    for (auto it = e->children.rbegin(); it != e->children.rend(); ++it) stack.push_back(&*it);
  }
  return out;
}

const Entity* Message::find(std::string_view path) const {
  for (const Entity* e : entities())
    if (e->path == path) return e;
  return nullptr;
}

std::string decoded_content(const Entity& entity, std::string* problem) {
  if (!entity.encoding) return std::string(entity.body);
  return decode_body(entity.body, *entity.encoding, problem);
}

std::string decoded_text(const Entity& entity, std::string* problem) {
  const std::string content = decoded_content(entity, problem);
  const std::string charset = entity.charset();
  if (const auto cs = find_charset(charset.empty() ? "us-ascii" : charset)) {
    std::size_t replaced = 0;
    std::string text = to_utf8(content, *cs, &replaced);
    if (replaced == 0) return text;
    if (*cs == Charset::us_ascii) {  // mislabelled 8-bit text: the usual suspects
      std::string utf8 = to_utf8(content, Charset::utf_8, &replaced);
      if (problem && problem->empty()) *problem = "8-bit text labelled us-ascii was read as " + std::string(replaced ? "Windows-1252" : "UTF-8");
      return replaced ? to_utf8(content, Charset::windows_1252) : utf8;
    }
    if (problem && problem->empty()) *problem = std::to_string(replaced) + " invalid " + charset + " sequence(s) shown as U+FFFD";
    return text;
  }
  std::size_t replaced = 0;
  std::string utf8 = to_utf8(content, Charset::utf_8, &replaced);
  return replaced ? to_utf8(content, Charset::windows_1252) : utf8;
}

}  // namespace mailsim::message
