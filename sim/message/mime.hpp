// The MIME tree of a message (RFC 2045-2049): each entity has a header, a media type
// and a body; multipart bodies are split into parts at their boundary (RFC 2046 §5.1),
// message/rfc822 (and message/global) bodies hold one encapsulated message, and a
// message/external-body holds the header of the content that lives elsewhere (§5.2.3).
// Parsing is lenient and bounded (Limits): it never throws, records a Diagnostic for each
// irregularity (with the part path and line), and views the input without copying bodies.
//
// Part paths: the top-level entity is "" (shown as "root"); the parts of a multipart are
// "1", "2", ...; the parts under part 2 are "2.1", "2.2"; an encapsulated message is the
// single child "N.1" of its message/rfc822 part.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "message/content_type.hpp"
#include "message/diagnostic.hpp"
#include "message/header.hpp"
#include "message/limits.hpp"
#include "message/transfer_encoding.hpp"

namespace mailsim::message {

struct Entity {
  std::string path;
  HeaderSection header;
  MediaType type;                  // Content-Type, or the default for its context
  bool type_defaulted = true;      // no (usable) Content-Type: default applied
  std::optional<TransferEncoding> encoding = TransferEncoding::seven_bit;  // nullopt: unknown
  std::string encoding_name = "7bit";  // as written (lower case)
  std::string_view raw;            // the whole entity (header and body), a view into the message
  std::string_view body;           // the encoded body
  std::string_view preamble, epilogue;  // multipart only
  std::vector<Entity> children;    // parts; or the encapsulated message / external-body header

  // Content-Disposition filename, else Content-Type name (RFC 2183 §2.3, RFC 2231), UTF-8.
  std::string filename() const;
  // Content-Disposition value ("inline", "attachment") or "".
  std::string disposition() const;
  // charset parameter as written, "us-ascii" by default for text (RFC 2046 §4.1.2).
  std::string charset() const;
  bool is_multipart() const { return type.is("multipart"); }
};

class Message {
 public:
  // Takes the bytes (CRLF or LF line ends) and parses them; never throws on bad input.
  static Message parse(std::string bytes, const Limits& limits = {});
  const Entity& root() const { return root_; }
  std::string_view bytes() const { return *bytes_; }
  const Diagnostics& diagnostics() const { return diagnostics_; }
  // Depth-first list of all entities (root first).
  std::vector<const Entity*> entities() const;
  const Entity* find(std::string_view path) const;

 private:
  Message() = default;
  std::unique_ptr<std::string> bytes_;  // owned and never moved, so views stay valid
  Entity root_;
  Diagnostics diagnostics_;
};

// The body after undoing the Content-Transfer-Encoding (an unknown one gives the raw body).
std::string decoded_content(const Entity& entity, std::string* problem = nullptr);
// decoded_content() converted from the part's charset to UTF-8, for display.
std::string decoded_text(const Entity& entity, std::string* problem = nullptr);

}  // namespace mailsim::message
