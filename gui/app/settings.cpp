#include "app/settings.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace mailsim::gui {

std::string settings_dir() {
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) base = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home) base = std::filesystem::path(home) / ".config";
  else return {};
  return (base / "mailsim").string();
}

Settings load_settings(const std::string& dir) {
  Settings s;
  std::ifstream in(std::filesystem::path(dir) / "gui.ini");
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "language") s.language = value == "fr" ? Lang::Fr : Lang::En;
    else if (key == "font_size") s.font_size = std::strtof(value.c_str(), nullptr);
    else if (key == "theme") s.theme = value == "light" ? ThemeKind::Light : value == "contrast" ? ThemeKind::HighContrast : ThemeKind::Dark;
    else if (key == "last_file") s.last_file = value;
    else if (key == "recent" && s.recent_files.size() < kRecentFiles) s.recent_files.push_back(value);
  }
  if (!(s.font_size >= 10.0f && s.font_size <= 64.0f)) s.font_size = Settings{}.font_size;
  return s;
}

void save_settings(const std::string& dir, const Settings& s) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::ofstream out(std::filesystem::path(dir) / "gui.ini");
  out << "language=" << (s.language == Lang::Fr ? "fr" : "en") << '\n'
      << "font_size=" << s.font_size << '\n'
      << "theme=" << (s.theme == ThemeKind::Light ? "light" : s.theme == ThemeKind::HighContrast ? "contrast" : "dark") << '\n'
      << "last_file=" << s.last_file << '\n';
  for (const std::string& path : s.recent_files) out << "recent=" << path << '\n';
}

}  // namespace mailsim::gui
