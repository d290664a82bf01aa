// Theory of operation: the structure of a stored message as IMAP needs it.
//
// IMAP addresses parts of a message by byte ranges: BODY[HEADER], BODY[1.2.MIME],
// BODY[TEXT]... and describes them in BODYSTRUCTURE and ENVELOPE. MessageView runs the
// message library's MIME parser (message/mime.hpp: lenient, bounded, never throws) once
// per message and flattens its entity tree into Parts holding offsets into the original
// bytes, so every section is a substring of what the store holds, plus the unfolded
// header fields and media type that ENVELOPE, BODYSTRUCTURE and SEARCH read. Nothing is
// decoded (IMAP returns encoded words and transfer encodings as they are).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "message/mime.hpp"

namespace mailsim::imap {

struct HeaderField {
  std::string name;   // as written
  std::string value;  // unfolded (CRLF removed), leading whitespace trimmed
};

struct Part {
  std::size_t begin = 0;       // start of this part's header
  std::size_t body_begin = 0;  // start of the body (after the blank line)
  std::size_t end = 0;         // end of the body
  std::vector<HeaderField> fields;
  std::string type = "text", subtype = "plain";  // lowercase
  std::vector<std::pair<std::string, std::string>> params;  // Content-Type parameters
  std::vector<Part> children;  // multipart: the parts; message/rfc822: the one inner message
  std::optional<std::string> disposition;  // Content-Disposition value, lower case
  std::vector<std::pair<std::string, std::string>> disposition_params;

  bool is_multipart() const { return type == "multipart"; }
  bool is_message() const { return type == "message" && subtype == "rfc822"; }
  std::optional<std::string> field(std::string_view name) const;  // first occurrence
  std::vector<std::string> all_fields(std::string_view name) const;
  std::optional<std::string> param(std::string_view name) const;
};

class MessageView {
 public:
  explicit MessageView(std::string_view data);
  std::string_view data() const { return data_; }
  const Part& root() const { return root_; }
  std::string_view header(const Part& p) const { return data_.substr(p.begin, p.body_begin - p.begin); }
  std::string_view body(const Part& p) const { return data_.substr(p.body_begin, p.end - p.body_begin); }
  // "1.2.3" -> the part (RFC 3501 §6.4.5 numbering); nullptr if there is none.
  const Part* part(const std::vector<std::uint32_t>& path) const;

 private:
  message::Message parsed_;
  std::string_view data_;  // the parser's copy of the bytes: the offsets refer to it
  Part root_;
};

}  // namespace mailsim::imap
