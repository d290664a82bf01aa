// `mailsim lesson list|show|check|answer`: the lessons of lessons/ in the terminal.
//   list                       every lesson with its title and number of steps
//   show NAME [--lang fr|en] [--answers]
//                              the lesson's text with, at each step, the transcript excerpt
//                              its anchor points at (predict steps stop before the answer)
//   check [NAME...]            what `check_lesson` verifies (exit 1 on any problem)
//   answer NAME STEP ANSWER    judge an answer to a predict step (exit 0 right, 1 wrong)
// --dir DIR chooses the lessons directory (default: ./lessons or a parent's).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "explain/notes.hpp"
#include "lesson/lesson.hpp"

namespace mailsim::cli {

namespace {

using namespace mailsim::lesson;

int usage(const std::string& message) { return usage_error("lesson", message); }

// The lessons a name stands for: the one whose id it is, else every lesson whose id starts
// with it ("05") or contains it ("smtp": 05-smtp and 07-esmtp).
std::vector<const Lesson*> match_lessons(const LessonLoad& all, const std::string& name) {
  for (const auto& l : all.lessons)
    if (l.id == name) return {&l};
  std::vector<const Lesson*> found;
  for (const auto& l : all.lessons)
    if (l.id.find(name) != std::string::npos) found.push_back(&l);
  return found;
}

std::string join_ids(const std::vector<const Lesson*>& lessons) {
  std::string out;
  for (const Lesson* l : lessons) out += (out.empty() ? "" : ", ") + l->id;
  return out;
}

// The one lesson `name` stands for, or nullptr after saying which ones it could be.
const Lesson* find_lesson(const LessonLoad& all, const std::string& name, std::string& error) {
  const auto found = match_lessons(all, name);
  if (found.size() == 1) return found.front();
  if (found.empty()) {
    std::vector<const Lesson*> every;
    for (const auto& l : all.lessons) every.push_back(&l);
    error = "no lesson matches '" + name + "' (the lessons: " + join_ids(every) + ")";
  } else {
    error = "'" + name + "' matches " + std::to_string(found.size()) + " lessons: " + join_ids(found) + "; say which";
  }
  return nullptr;
}

void print_event(const Trace& trace, const TraceEvent& e, bool mark, Lang lang) {
  std::printf("  %s %s\n", mark ? ">>" : "  ", explain::format_line(trace, e, lang).c_str());
  if (mark && e.kind == TraceKind::Headers) {
    std::size_t start = 0;
    while (start < e.text.size()) {
      std::size_t end = e.text.find('\n', start);
      if (end == std::string::npos) end = e.text.size();
      const std::string_view line = e.text.substr(start, end - start);
      std::printf("        | %.*s\n", static_cast<int>(line.size()), line.data());
      start = end + 1;
    }
  }
}

// Events of the anchor's connection (or of the whole trace) up to `last`, the anchor marked.
void print_excerpt(const Trace& trace, std::size_t anchor, std::size_t last, std::size_t after, Lang lang) {
  const TraceEvent& a = trace[anchor];
  auto same = [&](const TraceEvent& e) { return a.conn == 0 || e.conn == a.conn; };
  std::vector<std::size_t> before;
  for (std::size_t i = last + 1; i-- > 0 && before.size() < 6;)
    if (same(trace[i])) before.push_back(i);
  for (auto it = before.rbegin(); it != before.rend(); ++it) print_event(trace, trace[*it], *it == anchor, lang);
  std::size_t shown = 0;
  for (std::size_t i = last + 1; i < trace.size() && shown < after; ++i)
    if (same(trace[i])) {
      print_event(trace, trace[i], i == anchor, lang);
      ++shown;
    }
}

void print_text(const std::string& text) {
  if (!text.empty()) std::printf("%s\n", text.c_str());
}

int cmd_show(const Lesson& lesson, Lang lang, bool answers) {
  LessonRunner runner;
  std::printf("# %s\n\n", lesson.title.get(lang).c_str());
  print_text(lesson.intro.get(lang));
  int n = 0;
  for (const Step& step : lesson.steps) {
    std::printf("\n## %d. %s  [%s %s]\n\n", ++n, step.title.get(lang).c_str(), std::string(step_kind_name(step.kind)).c_str(),
                step.id.c_str());
    print_text(step.body.get(lang));
    if (!step.address.empty() || !step.message_file.empty()) std::printf("\n%s\n", subject_summary(step).c_str());
    std::string error;
    const Simulation* sim = nullptr;
    if (step.anchor || step.kind != StepKind::Show) {
      sim = runner.simulation_for(step, &error);
      if (!error.empty()) std::printf("\n(%s: %s)\n", step.scenario.c_str(), error.c_str());
    }
    if (step.kind == StepKind::Try) {
      std::printf("\n  %s:\n", lang == Lang::Fr ? "modification" : "change");
      for (const auto& e : step.edits) std::printf("    %s\n", e.dump().c_str());
      if (const TryResult* t = runner.try_result(step)) {
        std::printf("\n  %s:\n", lang == Lang::Fr ? "résultat attendu, vérifié" : "expected outcome, checked");
        for (const auto& r : t->results)
          std::printf("    %s %s%s\n", r.passed ? "PASS" : "FAIL", r.description.c_str(), r.passed ? "" : (" -- " + r.detail).c_str());
      }
    }
    const Trace* trace = sim ? &sim->trace() : nullptr;
    if (trace && step.anchor) {
      if (auto at = find_anchor(*step.anchor, *trace)) {
        std::printf("\n");
        if (step.predict) {
          const std::size_t q = question_position(step, *trace).value_or(*at);
          print_excerpt(*trace, q, q, 0, lang);
          std::printf("     ?\n");
        } else {
          print_excerpt(*trace, *at, *at, 2, lang);
        }
      } else {
        std::printf("\n(the anchor %s matches no event)\n", step.anchor->describe().c_str());
      }
    }
    if (step.predict) {
      if (!step.predict->options.empty()) {
        std::printf("\n  %s:", lang == Lang::Fr ? "choix" : "choices");
        for (const auto& o : step.predict->options) std::printf("  [%s]", o.c_str());
        std::printf("\n");
      }
      if (answers) {
        const PredictionResult r = evaluate_prediction(step, trace, "", lang);
        if (!r.error.empty()) std::printf("\n  (%s)\n", r.error.c_str());
        else {
          std::printf("\n  %s: %s\n", lang == Lang::Fr ? "réponse (calculée par mailsim)" : "answer (computed by mailsim)",
                      r.expected.c_str());
          if (!r.explanation.empty()) std::printf("\n%s\n", r.explanation.c_str());
        }
      } else {
        std::printf("\n  (%s: mailsim lesson answer %s %s ...)\n", lang == Lang::Fr ? "répondre" : "answer", lesson.id.c_str(),
                    step.id.c_str());
      }
    }
  }
  return 0;
}

}  // namespace

int cmd_lesson(const Args& args) {
  std::string dir;
  Lang lang = Lang::En;
  bool answers = false;
  std::vector<std::string> words;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--dir" && i + 1 < args.size()) dir = args[++i];
    else if (a == "--lang" && i + 1 < args.size()) {
      auto l = parse_lang(args[++i]);
      if (!l) return usage("--lang is fr or en");
      lang = *l;
    } else if (a == "--answers") answers = true;
    else if (a.size() > 1 && a[0] == '-' && a[1] == '-') return usage("unknown option '" + a + "'");
    else words.push_back(a);
  }
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
  if (sub == "show" || sub == "answer") {
    if (words.size() < 2) return usage("name a lesson");
    std::string error;
    const Lesson* lesson = find_lesson(all, words[1], error);
    if (!lesson) return usage(error);
    if (sub == "show") {
      if (words.size() != 2) return usage("show takes one lesson");
      return cmd_show(*lesson, lang, answers);
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
    LessonRunner runner;
    const Simulation* sim = runner.simulation_for(*step);
    const PredictionResult r = evaluate_prediction(*step, sim ? &sim->trace() : nullptr, words[3], lang);
    if (!r.error.empty()) {
      std::fprintf(stderr, "mailsim lesson: %s\n", r.error.c_str());
      return 2;
    }
    if (lang == Lang::Fr) std::printf("%s : la simulation donne %s.\n", r.correct ? "Juste" : "Faux", r.expected.c_str());
    else std::printf("%s: the simulation gives %s.\n", r.correct ? "Right" : "Wrong", r.expected.c_str());
    if (!r.explanation.empty()) std::printf("\n%s\n", r.explanation.c_str());
    return r.correct ? 0 : 1;
  }
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
      const auto found = check_lesson(l, runner);
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
