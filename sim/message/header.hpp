// RFC 5322 header sections: fields "Name: value", folded over lines that start with
// whitespace (§2.2.3), ended by the first empty line, after which the body starts (§2.1).
// Reading is lenient like a mail reader: LF alone is accepted as a line end; a line that
// is not a field ends the header early (with a diagnostic); a leading mbox "From " line
// is skipped. Writing folds long values at whitespace so no line exceeds the width.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "message/diagnostic.hpp"
#include "message/limits.hpp"

namespace mailsim::message {

struct HeaderField {
  std::string name;      // as written ("Subject")
  std::string value;     // unfolded: line breaks removed, leading and trailing blanks trimmed
  std::size_t line = 0;  // 1-based line number of the field in the parsed text
  std::size_t raw_offset = 0, raw_size = 0;  // the field's lines in the parsed text, line breaks included
};

struct HeaderSection {
  std::vector<HeaderField> fields;
  std::size_t header_size = 0;  // octets of the field lines (up to the empty line, excluded)
  std::size_t body_offset = 0;  // where the body starts (after the empty line)
  // First field with this name (case-insensitive), or nullptr.
  const HeaderField* find(std::string_view name) const;
  std::vector<const HeaderField*> find_all(std::string_view name) const;
};

// Reads the header section at the start of `text`. `where` prefixes diagnostics (part
// path), `first_line` is the line number of text[0] in the whole message.
HeaderSection parse_header_section(std::string_view text, Diagnostics& diagnostics, std::string_view where = "",
                                   std::size_t first_line = 1, const Limits& limits = {});

// "Name: value\r\n" with the value folded at spaces so that lines stay within `width`
// where possible (RFC 5322 §2.2.3); a word longer than a line is left whole.
std::string fold_header_field(std::string_view name, std::string_view value, std::size_t width = Limits{}.fold_width);

// Removes the CRLF (or LF) that precede whitespace: the unfolded field body (§2.2.3).
std::string unfold(std::string_view folded);

// "part 1.2, line 7" style location for diagnostics.
std::string location(std::string_view part_path, std::size_t line = 0);

}  // namespace mailsim::message
