// Theory of operation: where a load error points in the scenario text.
//
// Scenario errors read "file:line:col: message" (line and column from 1, the column in
// characters, as the JSON reader counts them), some only "file:line: message", and some
// name no place at all ("file: cannot open the file"). error_position() reads the place
// back from the part before the first ": ", so nothing in the message can be taken for
// it; byte_offset() turns it into an offset in the UTF-8 text, which is what ImGui's text
// editor takes for its cursor.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace mailsim::gui {

struct TextPosition {
  int line = 1;
  int col = 1;
};

std::optional<TextPosition> error_position(std::string_view error);
// The offset of `at` in `text`; a column past the end of its line gives the line's end, a
// line past the end of the text gives the text's end.
std::size_t byte_offset(std::string_view text, TextPosition at);

}  // namespace mailsim::gui
