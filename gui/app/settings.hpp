// Theory of operation: settings remembered per user.
//
// A few key=value lines in $XDG_CONFIG_HOME/mailsim/gui.ini (else ~/.config/…): the
// language, the font size, the theme, the last scenario opened and the recent ones (one
// `recent=` line each). ImGui's own window
// positions go to imgui.ini next to it. Screenshots, benches and tests run without
// settings so their output does not depend on who ran them before.
#pragma once
#include <string>
#include <vector>

#include "app/i18n.hpp"
#include "app/theme.hpp"

namespace mailsim::gui {

struct Settings {
  Lang language = Lang::En;
  float font_size = 17.0f;
  ThemeKind theme = ThemeKind::Dark;
  std::string last_file;
  std::vector<std::string> recent_files;  // the latest first, kRecentFiles at most
};
constexpr std::size_t kRecentFiles = 8;

// The directory for mailsim's settings ("" when no home is known); created on demand.
std::string settings_dir();
Settings load_settings(const std::string& dir);
void save_settings(const std::string& dir, const Settings& s);

}  // namespace mailsim::gui
