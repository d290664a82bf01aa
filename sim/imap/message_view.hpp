// Theory of operation: the structure of a stored message as IMAP needs it.
//
// IMAP addresses parts of a message by byte ranges: BODY[HEADER], BODY[1.2.MIME],
// BODY[TEXT]... and describes them in BODYSTRUCTURE and ENVELOPE. MessageView parses the
// RFC 5322 / MIME skeleton of one message once (header fields unfolded, Content-Type with
// parameters, multipart boundaries, message/rfc822 encapsulation) and keeps offsets into
// the original bytes, so every section is a substring of what the store holds. It is
// deliberately minimal (no decoding of encoded words or transfer encodings, which IMAP
// does not do either) and depth-limited; a full MIME library can replace parse() later
// without changing the fetch code, which only uses Part and the field accessors.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

  bool is_multipart() const { return type == "multipart"; }
  bool is_message() const { return type == "message" && subtype == "rfc822"; }
  std::optional<std::string> field(std::string_view name) const;  // first occurrence
  std::vector<std::string> all_fields(std::string_view name) const;
  std::optional<std::string> param(std::string_view name) const;
};

// Header fields of a block ending at the blank line (or the end).
std::vector<HeaderField> parse_fields(std::string_view header);
// "type/subtype; a=b; c="d"" -> lowercase type, subtype, parameters (values unquoted).
void parse_content_type(std::string_view value, std::string& type, std::string& subtype,
                        std::vector<std::pair<std::string, std::string>>& params);

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
  std::string_view data_;
  Part root_;
};

}  // namespace mailsim::imap
