// Theory of operation: a student's progress, kept on the student's machine.
//
// Every answer to a predict step (`mailsim lesson answer`) and every graded activity
// (`mailsim activity check`) is recorded in one JSON file, progress.json, in the directory
// $MAILSIM_PROGRESS, else $XDG_DATA_HOME/mailsim, else ~/.local/share/mailsim. For a
// question it keeps the last answer, whether it was right and the number of tries; for an
// activity the last and best scores and the number of submissions. `export_progress` writes
// the same document, with the student's name, as the one file a teacher collects. An answer
// or a name is whatever the student typed: bytes that are not UTF-8 are written as U+FFFD
// (JSON holds only UTF-8) and the caller gets a warning that says so.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "export/common.hpp"
#include "lesson/lesson.hpp"

namespace mailsim::lesson {

namespace fs = std::filesystem;

std::string progress_file() {
  fs::path dir;
  if (const char* p = std::getenv("MAILSIM_PROGRESS"); p && *p) dir = p;
  else if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) dir = fs::path(x) / "mailsim";
  else if (const char* h = std::getenv("HOME"); h && *h) dir = fs::path(h) / ".local" / "share" / "mailsim";
  else dir = ".";
  return (dir / "progress.json").string();
}

nlohmann::json load_progress() {
  std::ifstream in(progress_file(), std::ios::binary);
  nlohmann::json j = in ? nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false) : nlohmann::json::object();
  if (!j.is_object()) j = nlohmann::json::object();  // unreadable: start again rather than fail the student
  j["format"] = "mailsim-progress";
  j["version"] = 1;
  if (!j.contains("answers") || !j["answers"].is_object()) j["answers"] = nlohmann::json::object();
  if (!j.contains("activities") || !j["activities"].is_object()) j["activities"] = nlohmann::json::object();
  return j;
}

namespace {

bool write_json(const std::string& path, const nlohmann::json& j, std::string* error, std::string* warning = nullptr) {
  std::error_code ec;
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::size_t not_utf8 = 0;
  if (out) out << dump_json(j, 2, &not_utf8) << "\n";
  if (!out) {
    if (error) *error = "cannot write " + path;
    return false;
  }
  if (not_utf8 > 0 && warning) *warning = path + ": " + not_utf8_note(not_utf8);
  return true;
}

}  // namespace

bool record_answer(const std::string& lesson, const std::string& step, const std::string& answer, bool correct,
                   std::string* error, std::string* warning) {
  nlohmann::json j = load_progress();
  nlohmann::json& a = j["answers"][lesson + "/" + step];
  a["answer"] = answer;
  a["correct"] = correct;
  a["tries"] = a.value("tries", 0) + 1;
  return write_json(progress_file(), j, error, warning);
}

bool record_score(const std::string& activity, std::size_t score, std::size_t total, std::string* error) {
  nlohmann::json j = load_progress();
  nlohmann::json& a = j["activities"][activity];
  a["score"] = score;
  a["total"] = total;
  a["best"] = std::max<std::size_t>(a.value("best", std::size_t{0}), score);
  a["submissions"] = a.value("submissions", 0) + 1;
  return write_json(progress_file(), j, error);
}

bool export_progress(const std::string& path, const std::string& student, std::string* error, std::string* warning) {
  nlohmann::json j = load_progress();
  if (!student.empty()) j["student"] = student;
  return write_json(path, j, error, warning);
}

}  // namespace mailsim::lesson
