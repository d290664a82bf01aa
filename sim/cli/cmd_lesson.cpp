// `mailsim lesson list|show|check|answer|try|export|progress`: the lessons in the terminal.
//   list                       every lesson with its title and number of steps
//   show NAME [--lang fr|en] [--answers]
//                              the lesson's text with, at each step, the transcript excerpt
//                              its anchor points at (predict steps stop before the answer)
//   check [NAME...]            what `check_lesson` verifies (exit 1 on any problem)
//   answer NAME STEP ANSWER    judge an answer to a predict step (exit 0 right, 1 wrong, 2 not
//                              one of the choices); recorded in the progress file
//   try NAME STEP              run a try step's change and print its checked outcome
//   export NAME --html FILE    a standalone printable page (--answers: the teacher's copy)
//   export [NAME...] --gift F  the predict steps as Moodle GIFT questions with feedback
//   progress [--export FILE]   the student's saved answers and scores; export to hand in
// --dir DIR chooses the lessons directory (default: ./lessons or a parent's).
#include <algorithm>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "explain/notes.hpp"
#include "export/common.hpp"
#include "lesson/lesson.hpp"

namespace mailsim::cli {

namespace {

using namespace mailsim::lesson;

int usage(const std::string& message) { return usage_error("lesson", message); }

void print_text(const std::string& text) {
  if (!text.empty()) std::printf("%s\n", text.c_str());
}

void print_view(const StepView& v, Lang lang) {
  if (!v.subject.empty()) std::printf("\n%s\n", v.subject.c_str());
  else if (!v.subject_source.empty()) std::printf("\n  %s\n", v.subject_source.c_str());
  if (!v.changes.empty()) {
    std::printf("\n  %s:\n", lang == Lang::Fr ? "modification " : "change");
    for (const auto& c : v.changes) std::printf("    %s\n", c.c_str());
  }
  if (!v.outcome.empty()) {
    std::printf("\n  %s:\n", lang == Lang::Fr ? "résultat attendu, vérifié " : "expected outcome, checked");
    for (const auto& o : v.outcome) std::printf("    %s\n", o.c_str());
  }
  if (!v.excerpt.empty()) std::printf("\n");
  for (const auto& x : v.excerpt) {
    std::printf("  %s %s\n", x.marked ? ">>" : "  ", x.text.c_str());
    for (const auto& h : x.header) std::printf("        | %s\n", h.c_str());
  }
  if (v.asks) std::printf("     ?\n");
  for (const auto& p : v.problems) std::printf("\n  (%s)\n", p.c_str());
  if (!v.choices.empty()) {
    std::printf("\n  %s:", lang == Lang::Fr ? "choix " : "choices");
    for (const auto& o : v.choices) std::printf("  [%s]", o.c_str());
    std::printf("\n");
  }
  if (!v.answer.empty()) {
    std::printf("\n  %s: %s\n", lang == Lang::Fr ? "réponse (calculée par mailsim) " : "answer (computed by mailsim)", v.answer.c_str());
    if (!v.explanation.empty()) std::printf("\n%s\n", v.explanation.c_str());
  }
}

// Student mode (the default) never shows a question's result: the excerpt stops before the
// answer, a try step's outcome waits for `lesson try`, an activity for `activity check`.
int cmd_show(const Lesson& lesson, Lang lang, bool answers) {
  LessonRunner runner;
  std::printf("# %s\n\n", lesson.title.get(lang).c_str());
  print_text(lesson.intro.get(lang));
  int n = 0;
  for (const Step& step : lesson.steps) {
    std::printf("\n## %d. %s  [%s %s]\n\n", ++n, step.title.get(lang).c_str(), std::string(step_kind_name(step.kind)).c_str(),
                step.id.c_str());
    print_text(step.body.get(lang));
    print_view(view_step(step, runner, lang, answers), lang);
    if (answers) continue;
    const bool fr = lang == Lang::Fr;
    if (step.kind == StepKind::Activity)
      std::printf("\n  (%s: mailsim activity show %s/%s)\n", fr ? "activité" : "activity", lesson.id.c_str(), step.id.c_str());
    else if (step.predict)
      std::printf("\n  (%s: mailsim lesson answer %s %s ...)\n", fr ? "répondre" : "answer", lesson.id.c_str(), step.id.c_str());
    else if (step.kind == StepKind::Try)
      std::printf("\n  (%s: mailsim lesson try %s %s)\n", fr ? "essayer" : "try it", lesson.id.c_str(), step.id.c_str());
  }
  return 0;
}

// `lesson try NAME STEP`: run a try step's change and print the outcome, checked.
int cmd_try(const Lesson& lesson, const Step& step, Lang lang) {
  LessonRunner runner;
  StepView v = view_step(step, runner, lang, /*answers=*/true);
  v.answer.clear();  // a try step's question, if any, is answered with `lesson answer`
  v.explanation.clear();
  std::printf("%s / %s\n", lesson.title.get(lang).c_str(), step.title.get(lang).c_str());
  print_view(v, lang);
  const TryResult* t = runner.try_result(step);
  return t && t->passed() ? 0 : 1;
}

int cmd_answer(const Lesson& lesson, const Step& step, const std::string& answer, Lang lang) {
  LessonRunner runner;
  const Simulation* sim = runner.simulation_for(step);
  const PredictionResult r = evaluate_prediction(step, sim ? &sim->trace() : nullptr, answer, lang);
  if (!r.error.empty()) {
    std::fprintf(stderr, "mailsim lesson: %s\n", r.error.c_str());
    return 2;
  }
  if (r.refused) {
    std::fprintf(stderr, "mailsim lesson: %s\n", r.feedback.c_str());
    return 2;
  }
  std::string error, warning;
  if (!record_answer(lesson.id, step.id, answer, r.correct, &error, &warning))
    std::fprintf(stderr, "mailsim lesson: %s\n", error.c_str());
  if (!warning.empty()) std::fprintf(stderr, "mailsim lesson: %s\n", warning.c_str());
  if (lang == Lang::Fr) std::printf("%s : la simulation donne %s.\n", r.correct ? "Juste" : "Faux", r.expected.c_str());
  else std::printf("%s: the simulation gives %s.\n", r.correct ? "Right" : "Wrong", r.expected.c_str());
  if (!r.feedback.empty()) std::printf("\n%s\n", r.feedback.c_str());
  if (!r.explanation.empty()) std::printf("\n%s\n", r.explanation.c_str());
  return r.correct ? 0 : 1;
}

bool write_file(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}

// `lesson export [NAME...] --gift FILE` (every lesson without a name) or
// `lesson export NAME --html FILE [--answers]`.
int cmd_export(const LessonLoad& all, const std::vector<std::string>& names, const std::string& gift, const std::string& html,
               Lang lang, bool answers) {
  if (gift.empty() == html.empty()) return usage("export takes --gift FILE or --html FILE");
  std::vector<const Lesson*> lessons;
  for (const auto& n : names) {
    std::string error;
    const Lesson* l = find_lesson(all, n, error);
    if (!l) return usage(error);
    lessons.push_back(l);
  }
  LessonRunner runner;
  if (!gift.empty()) {
    if (lessons.empty())
      for (const auto& l : all.lessons) lessons.push_back(&l);
    if (!write_file(gift, export_gift(lessons, runner, lang))) return usage("cannot write " + gift);
    std::printf("%s: %zu lesson(s)\n", gift.c_str(), lessons.size());
    return 0;
  }
  if (lessons.size() != 1) return usage("--html exports one lesson: name it");
  if (!write_file(html, export_html(*lessons[0], runner, lang, answers))) return usage("cannot write " + html);
  std::printf("%s: %s%s\n", html.c_str(), lessons[0]->id.c_str(), answers ? " (with the answers)" : "");
  return 0;
}

}  // namespace

bool LessonArgs::has(std::string_view flag) const { return std::find(flags.begin(), flags.end(), flag) != flags.end(); }

std::string LessonArgs::value(const std::string& option) const {
  const auto it = values.find(option);
  return it == values.end() ? "" : it->second;
}

LessonArgs parse_lesson_args(const Args& args, std::initializer_list<std::string_view> valued,
                             std::initializer_list<std::string_view> flags) {
  LessonArgs out;
  const auto among = [](std::initializer_list<std::string_view> names, const std::string& a) {
    return std::find(names.begin(), names.end(), a) != names.end();
  };
  for (std::size_t i = 0; i < args.size() && out.error.empty(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--dir" && has_value) out.dir = args[++i];
    else if (a == "--lang" && has_value) {
      const auto l = parse_lang(args[++i]);
      if (l) out.lang = *l;
      else out.error = "--lang is fr or en";
    } else if (among(valued, a) && has_value) out.values[a] = args[++i];
    else if (among(flags, a)) out.flags.push_back(a);
    else if (a.size() > 1 && a[0] == '-' && a[1] == '-') out.error = "unknown option '" + a + "'" + (among(valued, a) ? " (it takes a value)" : "");
    else out.words.push_back(a);
  }
  return out;
}

int cmd_lesson(const Args& args) {
  const LessonArgs parsed = parse_lesson_args(args, {"--export", "--gift", "--html", "--student"}, {"--answers"});
  if (!parsed.error.empty()) return usage(parsed.error);
  std::string dir = parsed.dir;
  const Lang lang = parsed.lang;
  const bool answers = parsed.has("--answers");
  const std::string export_file = parsed.value("--export"), gift_file = parsed.value("--gift"),
                    html_file = parsed.value("--html"), student = parsed.value("--student");
  const std::vector<std::string>& words = parsed.words;
  if (words.empty()) return usage("say list, show, check or answer");
  if (dir.empty()) dir = default_lessons_dir();
  const std::string sub = words[0];
  const LessonLoad all = load_lessons(dir);
  for (const auto& e : all.errors) std::fprintf(stderr, "%s\n", e.format().c_str());

  if (sub == "list") {
    std::size_t width = 0;
    for (const auto& l : all.lessons) width = std::max(width, l.id.size());
    for (const auto& l : all.lessons)
      std::printf("%-*s  %2zu steps  %s\n", static_cast<int>(width), l.id.c_str(), l.steps.size(), l.title.get(lang).c_str());
    if (all.lessons.empty()) std::printf("(no lessons in %s)\n", dir.c_str());
    return all.errors.empty() ? 0 : 2;
  }
  if (sub == "show" || sub == "answer" || sub == "try") {
    if (words.size() < 2) return usage("name a lesson");
    std::string error;
    const Lesson* lesson = find_lesson(all, words[1], error);
    if (!lesson) return usage(error);
    if (sub == "show") {
      if (words.size() != 2) return usage("show takes one lesson");
      return cmd_show(*lesson, lang, answers);
    }
    if (sub == "try") {
      const Step* step = words.size() == 3 ? lesson->find_step(words[2]) : nullptr;
      if (!step || step->kind != StepKind::Try) return usage("try takes NAME STEP, a try step of lesson " + lesson->id);
      return cmd_try(*lesson, *step, lang);
    }
    if (words.size() != 4) return usage("answer takes NAME STEP ANSWER");
    const Step* step = lesson->find_step(words[2]);
    if (!step || !step->predict) {
      std::string questions;
      for (const Step& s : lesson->steps)
        if (s.predict) questions += (questions.empty() ? "" : ", ") + s.id;
      return usage((step ? "step '" + words[2] + "' of " + lesson->id + " asks no question"
                         : "lesson " + lesson->id + " has no step '" + words[2] + "'") +
                   "; its questions: " + (questions.empty() ? "none" : questions));
    }
    return cmd_answer(*lesson, *step, words[3], lang);
  }
  if (sub == "progress") {
    if (words.size() != 1) return usage("progress takes no argument");
    std::string error;
    if (!export_file.empty()) {
      std::string warning;
      if (!export_progress(export_file, student, &error, &warning)) return usage(error);
      if (!warning.empty()) std::fprintf(stderr, "mailsim lesson: %s\n", warning.c_str());
      std::printf("%s -> %s\n", progress_file().c_str(), export_file.c_str());
      return 0;
    }
    std::printf("%s\n%s\n", progress_file().c_str(), dump_json(load_progress(), 2).c_str());
    return 0;
  }
  if (sub == "export") return cmd_export(all, std::vector<std::string>(words.begin() + 1, words.end()), gift_file, html_file, lang, answers);
  if (sub == "check") {
    std::vector<const Lesson*> wanted;
    for (std::size_t i = 1; i < words.size(); ++i) {
      std::string error;
      const Lesson* l = find_lesson(all, words[i], error);
      if (!l) return usage(error);
      wanted.push_back(l);
    }
    LessonRunner runner;
    std::size_t problems = 0, checked = 0, steps = 0;
    for (const auto& l : all.lessons) {
      if (words.size() > 1 && std::find(wanted.begin(), wanted.end(), &l) == wanted.end()) continue;
      ++checked;
      steps += l.steps.size();
      auto found = check_lesson(l, runner);
      // A shipped lesson is run as a class: it needs something graded (lessons/README.md).
      if (std::none_of(l.steps.begin(), l.steps.end(), [](const Step& s) { return s.kind == StepKind::Activity; }))
        found.push_back({SourcePos{l.file, 1, 0}, "the lesson has no activity (a step with `activity:` that the simulation grades)"});
      for (const auto& p : found) std::printf("%s\n", p.format().c_str());
      problems += found.size();
      std::printf("%s: %s (%zu steps)\n", l.id.c_str(), found.empty() ? "ok" : "PROBLEMS", l.steps.size());
    }
    std::printf("== %zu lesson(s), %zu steps, %zu problem(s), %zu file error(s)\n", checked, steps, problems, all.errors.size());
    if (!all.errors.empty()) return 2;
    if (checked == 0) return usage("no lesson to check");
    return problems == 0 ? 0 : 1;
  }
  return usage("unknown subcommand '" + sub + "'");
}

}  // namespace mailsim::cli
