// `mailsim activity list|show|check`: the lessons' graded activities in the terminal.
//   list                       every activity (LESSON/STEP) with its title
//   show NAME                  what to hand in, and how it is graded (the checks, not the answer)
//   check NAME FILE            grade a submission: `score=N/M`, and for each failed check what
//                              was expected and what happened; recorded in the progress file
// Exit status: 0 full score, 1 some check failed, 2 the submission or the command is unusable.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "explain/notes.hpp"
#include "lesson/lesson.hpp"

namespace mailsim::cli {

namespace {

using namespace mailsim::lesson;

int usage(const std::string& message) { return usage_error("activity", message); }

std::string what_to_submit(const Activity& a, Lang lang) {
  const bool fr = lang == Lang::Fr;
  switch (a.submit) {
    case Activity::Submit::Lines:
      return fr ? "un fichier texte, une ligne par commande de la session tapée à la main (" + a.edit + ")"
                : "a text file, one line per command of the session typed by hand (" + a.edit + ")";
    case Activity::Submit::Edits:
      return fr ? "un fichier JSON : la liste des modifications du scénario (comme `try:`, lessons/README.md)"
                : "a JSON file: the list of changes to the scenario (as in `try:`, lessons/README.md)";
    case Activity::Submit::Scenario:
      return fr ? "un fichier de scénario complet (copiez le scénario de l'étape et modifiez-le)"
                : "a whole scenario file (copy the step's scenario and edit it)";
  }
  return "";
}

int cmd_show(const ActivityRef& a, Lang lang) {
  const Step& step = *a.step;
  const bool fr = lang == Lang::Fr;
  std::printf("# %s\n\n%s\n\n", step.title.get(lang).c_str(), step.body.get(lang).c_str());
  const std::string_view sep = explain::label_separator(lang);
  std::printf("%s%.*s%s\n", fr ? "scénario" : "scenario", static_cast<int>(sep.size()), sep.data(),
              std::filesystem::path(step.scenario).stem().string().c_str());
  std::printf("%s%.*s%s\n", fr ? "à rendre" : "hand in", static_cast<int>(sep.size()), sep.data(),
              what_to_submit(*step.activity, lang).c_str());
  std::printf("%s%.*s%zu %s\n", fr ? "notation" : "graded", static_cast<int>(sep.size()), sep.data(), step.expect.size(),
              fr ? "vérification(s), un point chacune" : "check(s), one point each");
  std::printf("\n(%s%.*smailsim activity check %s FILE)\n", fr ? "rendre" : "hand in", static_cast<int>(sep.size()), sep.data(),
              a.name.c_str());
  return 0;
}

int cmd_check(const ActivityRef& a, const std::string& file, Lang lang) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return usage("cannot read " + file);
  std::ostringstream text;
  text << in.rdbuf();
  LessonRunner runner;
  std::string error;
  const Scenario* base = runner.scenario(a.step->scenario, &error);
  if (!base) return usage("the activity's scenario does not load: " + error);
  const ActivityResult r = grade_activity(*a.step, *base, text.str(), file);
  const bool fr = lang == Lang::Fr;
  const auto says = [lang](const std::string& line) { return explain::localize_expectation(line, lang); };
  for (const auto& e : r.errors) std::printf("%s %s\n", fr ? "erreur :" : "error:", e.c_str());
  for (const auto& x : r.results) {
    if (x.passed) {
      std::printf("ok    %s\n", says(x.description).c_str());
    } else {
      std::printf("%s %s %s\n", fr ? "ÉCHEC" : "FAIL ", fr ? "attendu :" : "expected:", says(x.description).c_str());
      std::printf("      %s %s\n", fr ? "obtenu :" : "happened:", says(x.detail).c_str());
    }
  }
  std::printf("score=%zu/%zu\n", r.score(), r.total);
  if (!record_score(a.name, r.score(), r.total, &error)) std::fprintf(stderr, "mailsim activity: %s\n", error.c_str());
  if (!r.errors.empty()) return 2;
  return r.score() == r.total ? 0 : 1;
}

}  // namespace

int cmd_activity(const Args& args) {
  const LessonArgs parsed = parse_lesson_args(args, {}, {});
  if (!parsed.error.empty()) return usage(parsed.error);
  const std::string& dir = parsed.dir;
  const Lang lang = parsed.lang;
  const std::vector<std::string>& words = parsed.words;
  if (words.empty()) return usage("say list, show or check");
  const LessonLoad all = load_lessons(dir.empty() ? default_lessons_dir() : dir);
  for (const auto& e : all.errors) std::fprintf(stderr, "%s\n", e.format().c_str());
  const std::string& sub = words[0];
  if (sub == "list") {
    if (words.size() != 1) return usage("list takes no argument");
    for (const auto& a : list_activities(all)) std::printf("%-32s %s\n", a.name.c_str(), a.step->title.get(lang).c_str());
    return all.errors.empty() ? 0 : 2;
  }
  if (sub != "show" && sub != "check") return usage("unknown subcommand '" + sub + "'");
  if (words.size() != (sub == "show" ? 2u : 3u)) return usage(sub == "show" ? "show takes NAME" : "check takes NAME FILE");
  const auto a = find_activity(all, words[1]);
  if (!a) return usage("no single activity is named '" + words[1] + "' (see mailsim activity list)");
  return sub == "show" ? cmd_show(*a, lang) : cmd_check(*a, words[2], lang);
}

}  // namespace mailsim::cli
