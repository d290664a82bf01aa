// Message builder (see builder.hpp). Each MIME entity is built bottom-up as a header
// block and a body; multiparts pick a boundary from a hash of their content, lengthened
// in the unlikely case that it occurs in a part, so the output depends only on the spec.
#include "message/builder.hpp"

#include <cstdio>

#include "core/random.hpp"
#include "message/address.hpp"
#include "message/charset.hpp"
#include "message/content_type.hpp"
#include "message/eml.hpp"
#include "message/encoded_word.hpp"
#include "message/header.hpp"
#include "message/message_checks.hpp"
#include "message/text_util.hpp"
#include "message/transfer_encoding.hpp"

namespace mailsim::message {

namespace {

struct Part {
  std::string header;  // folded fields, each ending in CRLF
  std::string body;
  std::string bytes() const { return header + "\r\n" + body; }
};

class Builder {
 public:
  Builder(const MessageSpec& spec, const std::string& base_dir) : spec_(spec), base_dir_(base_dir) {}
  BuildResult build();

 private:
  void error(const std::string& field, const std::string& what) { result_.errors.push_back("message." + field + ": " + what); }
  std::string mailbox_list(const std::vector<std::string>& list, const std::string& field);
  std::string phrase(const std::string& utf8) const;
  std::optional<Part> text_part(const std::string& utf8, const char* subtype, const char* field);
  std::optional<Part> attachment(const AttachmentSpec& a, const std::string& field);
  Part multipart(const char* subtype, const std::vector<Part>& parts) const;

  const MessageSpec& spec_;
  const std::string& base_dir_;
  Charset charset_ = Charset::utf_8;
  BuildResult result_;
};

std::uint64_t fnv1a(std::string_view data, std::uint64_t h = 1469598103934665603ULL) {
  for (const unsigned char c : data) h = (h ^ c) * 1099511628211ULL;
  return h;
}

std::string canonical_line_ends(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

std::string Builder::phrase(const std::string& utf8) const {
  bool atoms = true;
  for (const unsigned char c : utf8)
    if (!(is_atext(c) || c == ' ')) atoms = false;
  if (atoms) return utf8;
  if (is_ascii(utf8)) {
    std::string quoted = "\"";
    for (const char c : utf8) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + '"';
  }
  return encode_header_text(utf8, charset_);
}

std::string Builder::mailbox_list(const std::vector<std::string>& list, const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const AddressParse p = parse_address(list[i]);
    const std::string where = field + "[" + std::to_string(i) + "]";
    if (!p.ok) {
      error(where, "not a valid address '" + list[i] + "': " + p.error);
      continue;
    }
    for (const auto& a : p.addresses) {
      std::string item;
      for (const auto& m : a.mailboxes) {
        if (!item.empty()) item += ", ";
        item += m.display_name.empty() ? m.addr_spec() : phrase(m.display_name) + " <" + m.addr_spec() + ">";
      }
      if (a.is_group) item = phrase(a.group_name) + ": " + item + ";";
      out += (out.empty() ? "" : ", ") + item;
    }
  }
  return out;
}

std::optional<Part> Builder::text_part(const std::string& utf8, const char* subtype, const char* field) {
  const auto bytes = from_utf8(canonical_line_ends(utf8), charset_);
  if (!bytes) {
    error(field, std::string("contains characters that ") + charset_name(charset_) + " cannot represent");
    return std::nullopt;
  }
  const BodyShape shape = body_shape(*bytes);
  std::string encoding = to_lower(spec_.encoding);
  if (encoding == "auto") encoding = shape.has_8bit || shape.long_line_number > 0 ? "quoted-printable" : "7bit";
  const auto te = find_transfer_encoding(encoding);
  if (!te || *te == TransferEncoding::binary) {
    error("encoding", "'" + spec_.encoding + "' is not one of auto, 7bit, 8bit, quoted-printable, base64");
    return std::nullopt;
  }
  if (*te == TransferEncoding::seven_bit && shape.has_8bit) {
    error("encoding", std::string("7bit cannot carry the non-ASCII text of ") + field + "; use quoted-printable or base64");
    return std::nullopt;
  }
  if ((*te == TransferEncoding::seven_bit || *te == TransferEncoding::eight_bit) && shape.long_line_number > 0) {
    error("encoding", std::string(field) + " has a line over 998 octets; use quoted-printable or base64");
    return std::nullopt;
  }
  Part part;
  part.header = fold_header_field("Content-Type", std::string("text/") + subtype + "; charset=" + charset_name(charset_));
  part.header += fold_header_field("Content-Transfer-Encoding", transfer_encoding_name(*te));
  switch (*te) {
    case TransferEncoding::quoted_printable: part.body = encode_quoted_printable(*bytes); break;
    case TransferEncoding::base64: part.body = encode_base64(*bytes); break;
    default: part.body = *bytes;
  }
  if (!part.body.empty() && part.body.back() != '\n') part.body += "\r\n";
  return part;
}

std::optional<Part> Builder::attachment(const AttachmentSpec& a, const std::string& field) {
  std::string data;
  if (a.path) {
    const std::string path = (!a.path->empty() && a.path->front() != '/' && !base_dir_.empty()) ? base_dir_ + "/" + *a.path : *a.path;
    std::string why;
    auto bytes = read_file_bytes(path, &why);
    if (!bytes) {
      error(field + ".path", why);
      return std::nullopt;
    }
    data = std::move(*bytes);
  } else if (a.content) {
    data = *a.content;
  } else {
    Random rng(a.seed);
    data.resize(a.generated_size);
    for (std::size_t i = 0; i < data.size(); i += 8) {
      std::uint64_t v = rng.next();
      for (std::size_t k = i; k < i + 8 && k < data.size(); ++k, v >>= 8) data[k] = static_cast<char>(v & 0xFF);
    }
  }
  if (!parse_media_type(a.content_type)) {
    error(field + ".content_type", "'" + a.content_type + "' is not a type/subtype");
    return std::nullopt;
  }
  Part part;
  std::string type = to_lower(a.content_type);
  if (!a.filename.empty()) type += "; " + format_parameter("name", a.filename);
  part.header = fold_header_field("Content-Type", type);
  part.header += fold_header_field("Content-Disposition", a.filename.empty() ? "attachment" : "attachment; " + format_parameter("filename", a.filename));
  part.header += fold_header_field("Content-Transfer-Encoding", "base64");
  part.body = encode_base64(data);
  return part;
}

Part Builder::multipart(const char* subtype, const std::vector<Part>& parts) const {
  std::uint64_t h = fnv1a(subtype);
  for (const auto& p : parts) h = fnv1a(p.header, fnv1a(p.body, h));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  std::string boundary = std::string("=_mailsim_") + subtype + "_" + hex;
  const auto occurs = [&](const std::string& b) {
    for (const auto& p : parts)
      if (p.body.find(b) != std::string::npos || p.header.find(b) != std::string::npos) return true;
    return false;
  };
  while (occurs(boundary)) boundary += "_";
  Part out;
  out.header = fold_header_field("Content-Type", std::string("multipart/") + subtype + "; " + format_parameter("boundary", boundary));
  // The CRLF before each delimiter belongs to the delimiter (RFC 2046 §5.1.1), not to the part.
  for (const auto& p : parts) out.body += "--" + boundary + "\r\n" + p.bytes() + "\r\n";
  out.body += "--" + boundary + "--\r\n";
  return out;
}

BuildResult Builder::build() {
  if (const auto cs = find_charset(spec_.charset)) charset_ = *cs;
  else error("charset", "'" + spec_.charset + "' is not one of utf-8, us-ascii, iso-8859-1, iso-8859-15, windows-1252");
  std::string header;
  if (!spec_.date.empty()) {
    if (!is_valid_date_time(spec_.date)) error("date", "'" + spec_.date + "' is not an RFC 5322 date-time");
    header += fold_header_field("Date", spec_.date);
  }
  if (spec_.from.empty()) error("from", "required");
  else header += fold_header_field("From", mailbox_list({spec_.from}, "from"));
  const std::pair<const char*, const std::vector<std::string>*> lists[] = {{"To", &spec_.to}, {"Cc", &spec_.cc}, {"Bcc", &spec_.bcc}};
  for (const auto& [name, list] : lists)
    if (!list->empty()) header += fold_header_field(name, mailbox_list(*list, to_lower(name)));
  if (!spec_.subject.empty()) header += fold_header_field("Subject", encode_header_text(spec_.subject, charset_));
  if (!spec_.message_id.empty()) {
    if (!is_valid_msg_id(spec_.message_id)) error("message_id", "'" + spec_.message_id + "' is not of the form <left@right>");
    header += fold_header_field("Message-ID", spec_.message_id);
  }
  header += "MIME-Version: 1.0\r\n";
  for (const auto& [name, value] : spec_.extra_headers) {
    bool valid = !name.empty();
    for (const unsigned char c : name) valid = valid && c > 32 && c < 127 && c != ':';
    if (!valid) error("headers", "'" + name + "' is not a header field name");
    else header += fold_header_field(name, encode_header_text(value, charset_));
  }

  std::vector<Part> bodies;
  if (spec_.text)
    if (auto p = text_part(*spec_.text, "plain", "text")) bodies.push_back(std::move(*p));
  if (spec_.html)
    if (auto p = text_part(*spec_.html, "html", "html")) bodies.push_back(std::move(*p));
  std::vector<Part> top;
  if (bodies.size() == 2) top.push_back(multipart("alternative", bodies));
  else if (bodies.size() == 1) top.push_back(std::move(bodies[0]));
  for (std::size_t i = 0; i < spec_.attachments.size(); ++i)
    if (auto p = attachment(spec_.attachments[i], "attachments[" + std::to_string(i) + "]")) top.push_back(std::move(*p));
  if (!result_.ok()) return result_;
  Part body;
  if (top.empty()) body = *text_part("", "plain", "text");
  else if (top.size() == 1 && spec_.attachments.empty()) body = std::move(top[0]);
  else body = multipart("mixed", top);
  result_.bytes = header + body.bytes();
  return result_;
}

}  // namespace

BuildResult build_message(const MessageSpec& spec, const std::string& base_dir) { return Builder(spec, base_dir).build(); }

}  // namespace mailsim::message
