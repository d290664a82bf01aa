// `mailsim list`: the scenario catalogue for a teacher. Two lines per scenario of
// scenarios/: its file name and title (in French with --lang fr where the scenario has
// title_fr), and below them the lessons whose steps run it (matched by the scenario file
// each step resolves to).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "lesson/lesson.hpp"

namespace mailsim::cli {

namespace {

namespace fs = std::filesystem;

// The key a scenario file is known by, whatever path led to it.
std::string file_key(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(path, ec);
  return ec ? path : p.string();
}

struct Row {
  std::string file, title, lessons;
};

}  // namespace

int cmd_list(const Args& args) {
  std::string lessons_dir, scenarios_dir;
  explain::Lang lang = explain::Lang::En;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--dir" && i + 1 < args.size()) lessons_dir = args[++i];
    else if (args[i] == "--scenarios" && i + 1 < args.size()) scenarios_dir = args[++i];
    else if (args[i] == "--lang" && i + 1 < args.size()) {
      const auto parsed = explain::parse_lang(args[++i]);
      if (!parsed) {
        std::fprintf(stderr, "mailsim list: --lang is en or fr\n");
        return 2;
      }
      lang = *parsed;
    } else {
      std::fprintf(stderr, "mailsim list: '%s' is not an option (mailsim list --help)\n", args[i].c_str());
      return 2;
    }
  }
  if (lessons_dir.empty()) lessons_dir = lesson::default_lessons_dir();
  if (scenarios_dir.empty()) scenarios_dir = (fs::path(lessons_dir).parent_path() / "scenarios").string();

  std::map<std::string, std::set<std::string>> users;  // scenario file -> lesson ids
  const lesson::LessonLoad all = lesson::load_lessons(lessons_dir);
  for (const auto& e : all.errors) std::fprintf(stderr, "%s\n", e.format().c_str());
  for (const auto& l : all.lessons) {
    if (!l.scenario.empty()) users[file_key(l.scenario)].insert(l.id);
    for (const auto& s : l.steps)
      if (!s.scenario.empty()) users[file_key(s.scenario)].insert(l.id);
  }

  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(scenarios_dir, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  if (files.empty()) {
    std::fprintf(stderr, "mailsim list: no scenarios in %s\n", scenarios_dir.c_str());
    return 2;
  }
  std::sort(files.begin(), files.end());
  const bool fr = lang == explain::Lang::Fr;
  std::vector<Row> rows;
  int status = 0;
  for (const auto& path : files) {
    Row row{path.filename().string(), "", ""};
    const LoadResult loaded = load_scenario_file(path.string());
    if (loaded.scenario) {
      const std::string& title = loaded.scenario->title_in(lang);
      row.title = title.empty() ? loaded.scenario->name : title;
    } else {
      row.title = (fr ? "(ne se charge pas : mailsim check " : "(does not load: mailsim check ") + path.string() + ")";
      status = 2;
    }
    for (const auto& id : users[file_key(path.string())]) row.lessons += (row.lessons.empty() ? "" : ", ") + id;
    rows.push_back(std::move(row));
  }
  std::size_t width = 0;
  for (const Row& r : rows) width = std::max(width, r.file.size());
  for (const Row& r : rows)
    std::printf("%-*s  %s\n%-*s  %s %s\n", static_cast<int>(width), r.file.c_str(), r.title.c_str(),
                static_cast<int>(width), "", fr ? "leçons :" : "lessons:",
                r.lessons.empty() ? (fr ? "aucune" : "none") : r.lessons.c_str());
  return status;
}

}  // namespace mailsim::cli
