// Theory of operation: the lessons' Markdown, drawn.
//
// Enough Markdown for the lessons: paragraphs (separated by blank lines) re-flowed to the
// window's width, list items ("- " or "1. ") indented with a bullet, `code spans` in the
// monospace font and the client colour, *emphasis* and **strong** in the highlight colour
// (ImGui 1.86 has no italic face), and table or fenced code lines kept as they are in the
// monospace font. The text is drawn word by word: a line breaks before the word that would
// cross the right edge, whatever its style, so no raw backtick or source line break shows.
#pragma once
#include <string_view>

#include "app/theme.hpp"

namespace mailsim::gui {

void draw_markdown(std::string_view md, const Fonts& fonts, const Palette& palette);

}  // namespace mailsim::gui
