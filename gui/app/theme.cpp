#include "app/theme.hpp"

#include <filesystem>
#include <initializer_list>

namespace mailsim::gui {
namespace {

ImU32 rgb(int r, int g, int b) { return IM_COL32(r, g, b, 255); }

// Latin-1 plus what French typography needs beyond it.
const ImWchar kRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement (é, è, à, ç, « »)
    0x0152, 0x0153,  // Œ œ
    0x0178, 0x0178,  // Ÿ
    0x2013, 0x2026,  // – — ‘ ’ “ ” … •
    0x202F, 0x202F,  // narrow no-break space
    0x20AC, 0x20AC,  // €
    0x2190, 0x2193,  // arrows
    0x2212, 0x2212,  // minus sign
    0x25B6, 0x25C0,  // play and step triangles
    0x25CF, 0x25CF,  // ● (the title's mark of a scenario changed by what-ifs)
    0x2715, 0x2715,  // the cross of "clear"
    0,
};

const char* find_font(std::initializer_list<const char*> candidates) {
  for (const char* path : candidates)
    if (std::filesystem::exists(path)) return path;
  return nullptr;
}

}  // namespace

Palette apply_theme(ThemeKind kind) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  Palette p{};
  p.reply[0] = rgb(160, 160, 160);
  p.line_width = 2.0f;
  switch (kind) {
    case ThemeKind::Dark:
      ImGui::StyleColorsDark(&style);
      p.client = rgb(120, 190, 255);
      p.server = rgb(200, 200, 200);
      p.reply[2] = rgb(110, 220, 120);
      p.reply[3] = rgb(90, 200, 230);
      p.reply[4] = rgb(245, 190, 60);
      p.reply[5] = rgb(255, 95, 95);
      p.node = rgb(30, 100, 115);
      p.node_down = rgb(90, 40, 40);
      p.node_border = rgb(170, 200, 240);
      p.node_selected = rgb(255, 220, 80);
      p.text = rgb(235, 235, 235);
      p.link = rgb(110, 110, 130);
      p.link_active = rgb(255, 170, 40);
      p.dns_flash = rgb(250, 240, 90);
      p.message = rgb(255, 120, 200);
      p.current_row = IM_COL32(255, 170, 40, 70);
      p.dim = rgb(140, 140, 140);
      break;
    case ThemeKind::Light:
      ImGui::StyleColorsLight(&style);
      p.client = rgb(20, 70, 180);
      p.server = rgb(40, 40, 40);
      p.reply[2] = rgb(20, 130, 40);
      p.reply[3] = rgb(0, 120, 150);
      p.reply[4] = rgb(180, 110, 0);
      p.reply[5] = rgb(200, 20, 20);
      p.node = rgb(190, 215, 245);
      p.node_down = rgb(240, 180, 180);
      p.node_border = rgb(40, 70, 130);
      p.node_selected = rgb(220, 120, 0);
      p.text = rgb(20, 20, 20);
      p.link = rgb(150, 150, 170);
      p.link_active = rgb(230, 120, 0);
      p.dns_flash = rgb(200, 170, 0);
      p.message = rgb(200, 0, 140);
      p.current_row = IM_COL32(255, 150, 0, 80);
      p.dim = rgb(120, 120, 120);
      break;
    case ThemeKind::HighContrast:
      ImGui::StyleColorsDark(&style);
      style.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
      style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 1);
      style.Colors[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
      style.Colors[ImGuiCol_Border] = ImVec4(1, 1, 1, 1);
      style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.1f, 0.1f, 0.6f, 1);
      style.Colors[ImGuiCol_Header] = ImVec4(0.2f, 0.2f, 0.8f, 1);
      style.Colors[ImGuiCol_Button] = ImVec4(0.15f, 0.15f, 0.6f, 1);
      style.WindowBorderSize = 2.0f;
      style.FrameBorderSize = 1.0f;
      p.client = rgb(0, 255, 255);
      p.server = rgb(255, 255, 255);
      p.reply[2] = rgb(0, 255, 0);
      p.reply[3] = rgb(0, 200, 255);
      p.reply[4] = rgb(255, 255, 0);
      p.reply[5] = rgb(255, 60, 60);
      p.node = rgb(0, 0, 160);
      p.node_down = rgb(160, 0, 0);
      p.node_border = rgb(255, 255, 255);
      p.node_selected = rgb(255, 255, 0);
      p.text = rgb(255, 255, 255);
      p.link = rgb(200, 200, 200);
      p.link_active = rgb(255, 255, 0);
      p.dns_flash = rgb(0, 255, 0);
      p.message = rgb(255, 0, 255);
      p.current_row = IM_COL32(255, 255, 0, 90);
      p.dim = rgb(200, 200, 200);
      p.line_width = 3.0f;
      break;
  }
  // Opaque windows: an overlapping window must not show the one below through it.
  style.Colors[ImGuiCol_WindowBg].w = 1.0f;
  style.Colors[ImGuiCol_PopupBg].w = 1.0f;
  p.mark_failure = p.reply[5];
  p.mark_retry = p.reply[4];
  p.mark_bounce = p.message;
  p.mark_delivery = p.reply[2];
  return p;
}

Fonts build_fonts(float size) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  Fonts fonts;
  const char* sans = find_font({"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                "/usr/share/fonts/TTF/DejaVuSans.ttf"});
  const char* mono = find_font({"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
                                "/usr/share/fonts/TTF/DejaVuSansMono.ttf"});
  if (sans) fonts.ui = io.Fonts->AddFontFromFileTTF(sans, size, nullptr, kRanges);
  if (mono) fonts.mono = io.Fonts->AddFontFromFileTTF(mono, size, nullptr, kRanges);
  if (!fonts.ui) {
    ImFontConfig cfg;
    cfg.SizePixels = size;
    fonts.ui = io.Fonts->AddFontDefault(&cfg);
  }
  if (!fonts.mono) fonts.mono = fonts.ui;
  io.FontDefault = fonts.ui;
  io.Fonts->Build();
  return fonts;
}

}  // namespace mailsim::gui
