// Limits of the message module, in one place, with the defaults the RFCs give.
// Parsers never allocate or recurse beyond these: past a limit they stop, record a
// diagnostic and keep what they have (a reader shows a damaged message, it does not crash).
#pragma once
#include <cstddef>

namespace mailsim::message {

struct Limits {
  // RFC 5322 §2.1.1: a line is at most 998 octets plus CRLF; 78 is the recommended width.
  std::size_t max_line_octets = 998;
  std::size_t fold_width = 78;
  // RFC 2045 §6.7 (quoted-printable) and §6.8 (base64): encoded lines of at most 76 characters.
  std::size_t encoded_line_chars = 76;
  // RFC 2047 §2: an encoded word is at most 75 characters.
  std::size_t encoded_word_chars = 75;
  // RFC 5321 §4.5.3.1: local part 64 octets, domain 255, path 256 (brackets included).
  std::size_t max_local_part = 64;
  std::size_t max_domain = 255;
  std::size_t max_path = 256;
  // Not set by an RFC: protection against hostile input (RFC 2046 §5.1 allows any depth).
  std::size_t max_depth = 32;          // nested multipart / message levels
  std::size_t max_parts = 10000;       // entities in one message
  std::size_t max_header_fields = 1000;  // header fields in one entity
  std::size_t max_diagnostics = 200;   // further diagnostics are counted, not stored
};

}  // namespace mailsim::message
