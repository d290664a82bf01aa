#include "app/scenario_files.hpp"

#include <algorithm>
#include <filesystem>

namespace mailsim::gui {
namespace fs = std::filesystem;
namespace {

std::vector<fs::path> scenario_dirs() {
  std::vector<fs::path> dirs;
#ifdef MAILSIM_SOURCE_DIR
  dirs.emplace_back(fs::path(MAILSIM_SOURCE_DIR) / "scenarios");
#endif
  dirs.emplace_back(fs::path("scenarios"));
  return dirs;
}

}  // namespace

std::vector<std::string> shipped_scenarios() {
  for (const auto& dir : scenario_dirs()) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".json") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    if (!files.empty()) return files;
  }
  return {};
}

std::string default_scenario() {
  for (const auto& dir : scenario_dirs()) {
    std::error_code ec;
    if (fs::exists(dir / "basic-smtp.json", ec)) return (dir / "basic-smtp.json").string();
  }
  return "scenarios/basic-smtp.json";
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return a == b || fs::equivalent(a, b, ec);
}

std::string lessons_dir() {
  for (const auto& dir : scenario_dirs()) {
    std::error_code ec;
    const fs::path lessons = dir.parent_path().empty() ? fs::path("lessons") : dir.parent_path() / "lessons";
    if (fs::is_directory(lessons, ec)) return lessons.string();
  }
  return {};
}

}  // namespace mailsim::gui
