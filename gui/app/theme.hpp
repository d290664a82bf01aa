// Theory of operation: colours and fonts.
//
// Three themes (dark, light, high contrast for projectors) set ImGui's style and the
// Palette the panels draw with (sides of a dialogue, reply classes, topology, markers).
// Fonts are DejaVu (proportional for the interface, mono for transcripts) with glyph
// ranges that cover French (œ, €, « », typographic quotes and spaces); the atlas is rebuilt
// when the font size changes, between frames.
#pragma once
#include <imgui.h>

namespace mailsim::gui {

enum class ThemeKind { Dark, Light, HighContrast };

struct Palette {
  ImU32 client, server, reply[6];  // reply[c] for class c (2..5); [0] none
  ImU32 node, node_down, node_border, node_selected, text;
  ImU32 link, link_active, dns_flash, message;
  ImU32 mark_failure, mark_retry, mark_bounce, mark_delivery;
  ImU32 current_row, dim;
  float line_width;
};

Palette apply_theme(ThemeKind kind);

struct Fonts {
  ImFont* ui = nullptr;
  ImFont* mono = nullptr;
};
// Clears the atlas and loads the fonts at `size` pixels (falls back to ImGui's own font).
Fonts build_fonts(float size);

}  // namespace mailsim::gui
