// Every JSON writer carries bytes that are not UTF-8 (a peer's line, a student's answer)
// as U+FFFD and says so, never aborts (nlohmann::json throws type_error 316 on them):
// dump_json itself, and the lessons' progress file (the trace export is tested with the
// other exports in test_live_exports.cpp).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "export/common.hpp"
#include "lesson/lesson.hpp"

using namespace mailsim;

TEST_CASE("dump_json: bytes that are not UTF-8 become U+FFFD and each string holding some is counted") {
  nlohmann::json j;
  j["ok"] = "déjà";
  j["line"] = "caf\xc3";                          // a truncated é
  j["caf\xe9"] = {"fine", "\xff\xfe", "\xc0\xaf"};  // a Latin-1 key; stray bytes; an overlong '/'
  std::size_t not_utf8 = 0;
  const std::string text = dump_json(j, -1, &not_utf8);
  CHECK(not_utf8 == 4);
  const nlohmann::json back = nlohmann::json::parse(text);  // throws if the text is not valid UTF-8
  CHECK(back["ok"] == "déjà");
  CHECK(back["line"] == "caf\xef\xbf\xbd");
  CHECK(back.contains("caf\xef\xbf\xbd"));
  std::size_t none = 0;
  CHECK(dump_json(back, 2, &none) == back.dump(2));
  CHECK(none == 0);
}

TEST_CASE("lesson progress: an answer or a student name that is not UTF-8 is recorded as U+FFFD, with a warning") {
  const auto dir = std::filesystem::temp_directory_path() / "mailsim-progress-not-utf8-test";
  std::filesystem::remove_all(dir);
  const char* before = std::getenv("MAILSIM_PROGRESS");
  const std::string saved = before ? before : "";
  setenv("MAILSIM_PROGRESS", dir.string().c_str(), 1);
  std::string error, warning;
  // `mailsim lesson answer 02-addresses simple $'anne\xff'` aborted here (type_error 316).
  CHECK(lesson::record_answer("02-addresses", "simple", "anne\xff", false, &error, &warning));
  CHECK(error.empty());
  CHECK(warning.find("1 text holds bytes that are not UTF-8") != std::string::npos);
  const nlohmann::json progress = lesson::load_progress();  // the file reads back: nothing lost
  CHECK(progress["answers"]["02-addresses/simple"]["answer"] == "anne\xef\xbf\xbd");
  CHECK(progress["answers"]["02-addresses/simple"]["tries"] == 1);
  warning.clear();
  const auto exported = dir / "hand-in.json";
  CHECK(lesson::export_progress(exported.string(), "Ren\xe9", &error, &warning));  // a Latin-1 name
  CHECK_FALSE(warning.empty());
  std::ifstream in(exported, std::ios::binary);
  const nlohmann::json handed_in = nlohmann::json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
  CHECK(handed_in["student"] == "Ren\xef\xbf\xbd");
  warning.clear();
  CHECK(lesson::record_answer("02-addresses", "simple", "anne", true, &error, &warning));
  CHECK(warning.empty());  // the earlier answer is replaced; a valid one needs no warning
  if (before) setenv("MAILSIM_PROGRESS", saved.c_str(), 1);
  else unsetenv("MAILSIM_PROGRESS");
  std::filesystem::remove_all(dir);
}
