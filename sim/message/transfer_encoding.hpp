// Content-Transfer-Encoding (RFC 2045 §6): the five standard encodings, both ways.
//   7bit / 8bit / binary : identity; they only promise what the data looks like
//                          (7bit and 8bit: lines <= 998 octets, no NUL, CR and LF only as CRLF).
//   quoted-printable     : mostly readable text; other octets as =XX; lines <= 76 chars
//                          with "=" soft breaks (§6.7).
//   base64               : 3 octets -> 4 characters of a 64-letter alphabet; lines <= 76 (§6.8).
// Encoders produce CRLF line ends. Decoders are lenient like mail readers: they skip what
// they cannot read and report it in `problem` (empty when the input was clean).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "message/limits.hpp"

namespace mailsim::message {

enum class TransferEncoding { seven_bit, eight_bit, binary, quoted_printable, base64 };

// Case-insensitive lookup of a Content-Transfer-Encoding value; nullopt if unknown
// (RFC 2045 §6.4: an entity with an unknown encoding must be treated as application/octet-stream).
std::optional<TransferEncoding> find_transfer_encoding(std::string_view name);
const char* transfer_encoding_name(TransferEncoding encoding);

std::string encode_base64(std::string_view data, std::size_t line_chars = Limits{}.encoded_line_chars);
std::string decode_base64(std::string_view text, std::string* problem = nullptr);

// Text mode: each CRLF of `data` is a line break of the text, kept as a hard line break;
// binary mode (RFC 2045 §6.7 note 4 for non-text): CR and LF are data and become =0D =0A.
// Lone CR or LF in text mode are encoded too, so decoding always gives back `data`.
enum class QpMode { text, binary };
std::string encode_quoted_printable(std::string_view data, QpMode mode = QpMode::text, std::size_t line_chars = Limits{}.encoded_line_chars);
std::string decode_quoted_printable(std::string_view text, std::string* problem = nullptr);

// Decodes a body according to its encoding (identity for 7bit, 8bit, binary).
std::string decode_body(std::string_view body, TransferEncoding encoding, std::string* problem = nullptr);

// What a body contains, to choose or check an encoding (RFC 2045 §2.7-2.9).
struct BodyShape {
  bool has_8bit = false;        // an octet >= 128
  bool has_nul = false;
  bool has_bare_cr_lf = false;  // CR or LF not part of a CRLF pair
  std::size_t longest_line = 0; // octets, line break excluded
  std::size_t long_line_number = 0;  // 1-based number of the first line over 998 octets, 0 if none
};
BodyShape body_shape(std::string_view body, std::size_t max_line_octets = Limits{}.max_line_octets);
// The least transformation that can carry `body` over a channel: 7bit when it already is
// 7bit data, 8bit when it is 8bit data, otherwise binary (which needs BINARYMIME).
TransferEncoding identity_encoding_for(const BodyShape& shape, std::size_t max_line_octets = Limits{}.max_line_octets);

}  // namespace mailsim::message
