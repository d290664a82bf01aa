// RFC 2047 encoded words: non-ASCII text in header fields, as =?charset?Q|B?text?=
//   Q: like quoted-printable, with "_" for a space (§4.2);  B: base64 (§4.1).
// Decoding gives UTF-8 for display: words in an unknown charset stay as they are,
// whitespace between two adjacent encoded words is dropped (§6.2), and raw 8-bit text
// outside encoded words (not allowed by RFC 5322, common in practice) is read as UTF-8
// when valid, Windows-1252 otherwise.
// Encoding produces words of at most 75 characters (§2) that never split a character.
#pragma once
#include <string>
#include <string_view>

#include "message/charset.hpp"
#include "message/limits.hpp"

namespace mailsim::message {

// Decodes the encoded words of an unstructured field body or a phrase to UTF-8.
// `problem` (optional) receives a sentence about the first malformed or unknown word.
std::string decode_header_text(std::string_view value, std::string* problem = nullptr);

enum class WordEncoding { q, b, shortest };

// Returns `utf8` unchanged if it is plain printable ASCII without "=?"; otherwise a run
// of encoded words in `charset` (falls back to UTF-8 if the text cannot be represented),
// separated by single spaces so that a folder can break the line between them.
std::string encode_header_text(std::string_view utf8, Charset charset = Charset::utf_8,
                               WordEncoding encoding = WordEncoding::shortest, std::size_t max_word_chars = Limits{}.encoded_word_chars);

}  // namespace mailsim::message
