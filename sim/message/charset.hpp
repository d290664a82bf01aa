// Character sets a mail reader of the course's era meets: US-ASCII, UTF-8, ISO-8859-1
// (Latin-1, the course's own charset), ISO-8859-15 (Latin-9, adds the euro sign) and
// Windows-1252 (what many mailers send while labelling it ISO-8859-1).
// Decoding always yields valid UTF-8: bytes with no meaning become U+FFFD and are counted.
// Encoding from UTF-8 fails (nullopt) when a character has no code in the target set.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::message {

enum class Charset { us_ascii, utf_8, iso_8859_1, iso_8859_15, windows_1252 };

// Looks a MIME charset name up, case-insensitively, with the usual aliases
// ("latin1", "utf8", "cp1252", ...); nullopt for a charset this module does not know.
std::optional<Charset> find_charset(std::string_view name);
// The preferred MIME name (IANA registry), e.g. "ISO-8859-1".
const char* charset_name(Charset charset);

// Decodes bytes in `charset` to UTF-8; `replaced` (optional) receives the count of
// bytes or sequences that became U+FFFD.
std::string to_utf8(std::string_view bytes, Charset charset, std::size_t* replaced = nullptr);
// Encodes UTF-8 text into `charset`; nullopt if the text is not valid UTF-8 or a
// character cannot be represented.
std::optional<std::string> from_utf8(std::string_view utf8, Charset charset);

// Appends the UTF-8 form of a code point (U+FFFD for surrogates and values past U+10FFFF).
void append_utf8(std::string& out, char32_t code_point);
// Length in bytes of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);
// True if every byte of `s` belongs to a valid UTF-8 sequence (what a JSON string must be).
bool is_valid_utf8(std::string_view s);
// Lower case for comparing text without regard to case: ASCII, Latin-1 and Latin
// Extended-A (É, À, Œ, Ÿ …), Greek and Cyrillic capitals map to their small letters; other
// characters, and bytes that are not valid UTF-8, are kept as they are.
std::string fold_case(std::string_view utf8);

}  // namespace mailsim::message
