// `mailsim lesson check`: both languages present, every anchor matches an event of its
// scenario's run, every prediction can be computed (and is among the offered options, each
// `if CHOICE` feedback naming an offered choice), every try step's expected outcome holds
// when the changed scenario runs, every activity gives its good solution the full score and
// its partial one less (but not nothing), and no student view of a question shows its
// result before the answer (answer safety).
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/ascii.hpp"
#include "lesson/lesson.hpp"

namespace mailsim::lesson {

std::string CheckProblem::format() const {
  std::string out = pos.file + ":" + std::to_string(pos.line);
  if (pos.col > 0) out += ":" + std::to_string(pos.col);
  return out + ": " + message;
}

namespace {

void check_anchor(const Step& step, const AnchorQuery& anchor, const Trace& trace, const std::string& scenario,
                  std::vector<CheckProblem>& out) {
  if (find_anchor(anchor, trace)) return;
  std::string message = "step " + step.id + ": the anchor (" + anchor.describe() + ") matches no event of " + scenario;
  const auto all = match_events(anchor, trace);
  if (!all.empty()) message += " (only " + std::to_string(all.size()) + " event(s) match, nth is " + std::to_string(anchor.nth) + ")";
  out.push_back({anchor.pos, message});
}

void check_prediction(const Step& step, const Trace* trace, std::vector<CheckProblem>& out) {
  const Answer a = expected_answer(step, trace);
  if (!a.ok) {
    out.push_back({step.anchor ? step.anchor->pos : step.pos, "step " + step.id + ": the answer cannot be computed: " + a.error});
    return;
  }
  const auto& options = step.predict->options;
  if (options.size() == 1) out.push_back({step.pos, "step " + step.id + ": a multiple choice needs at least two options"});
  if (!options.empty()) {
    bool found = false;
    for (const auto& o : options) found = found || answers_match(*step.predict, a.value, o);
    if (!found)
      out.push_back({step.pos, "step " + step.id + ": the simulation's answer \"" + a.value + "\" is not among the options"});
  }
}

// The student's view of a predict step, in both languages, must not hold its result: the
// explanation, the parser's summary, or the trace line that carries the answer.
void check_answer_safety(const Step& step, LessonRunner& runner, std::vector<CheckProblem>& out) {
  for (Lang lang : {Lang::Fr, Lang::En}) {
    const StepView v = view_step(step, runner, lang, /*answers=*/false);
    std::string shown = v.subject;
    for (const auto& c : v.outcome) shown += c + "\n";
    for (const auto& x : v.excerpt) {
      shown += x.text + "\n";
      for (const auto& h : x.header) shown += h + "\n";
    }
    const std::string where = "step " + step.id + " (" + std::string(lang_name(lang)) + "): the student's view shows ";
    if (!v.outcome.empty()) out.push_back({step.pos, where + "the checked outcome before the step is tried"});
    if (!v.subject.empty() && step.predict) out.push_back({step.pos, where + "what the parser found before the question"});
    if (!step.predict) continue;
    const PredictionResult r = reveal_answer(step, v.trace, lang);
    if (!r.explanation.empty() && shown.find(r.explanation) != std::string::npos)
      out.push_back({step.pos, where + "the answer's explanation"});
    if (!v.trace || !step.anchor || step.kind == StepKind::Try) continue;
    const auto at = find_anchor(*step.anchor, *v.trace);
    if (!at) continue;
    // The event that holds the answer: the reply to the anchored command, else the anchor itself.
    std::size_t answer_event = *at;
    if (step.predict->field == "reply")
      for (std::size_t i = *at + 1; i < v.trace->size(); ++i)
        if ((*v.trace)[i].conn == (*v.trace)[*at].conn && (*v.trace)[i].dir == Direction::ServerToClient) {
          answer_event = i;
          break;
        }
    for (const auto& x : v.excerpt)
      if (x.index >= answer_event) {
        out.push_back({step.pos, where + "the event that holds the answer (" + x.text + ")"});
        break;
      }
    // A worded answer (an encoding, a header value, a state...) must not be readable in the text
    // of the events before the question. Hosts and addresses are the context of a question
    // (who talks to whom, the envelope), not its answer, and numbers and yes/no are too short.
    const std::string answer = ascii::to_lower(r.expected);
    const bool worded = std::count_if(answer.begin(), answer.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }) >= 3;
    const std::string& field = step.predict->field;
    if (worded && answer != "oui" && answer != "non" && field != "host" && field != "peer" && answer.find('@') == std::string::npos)
      for (const auto& x : v.excerpt)
        if (ascii::to_lower((*v.trace)[x.index].text).find(answer) != std::string::npos) {
          out.push_back({step.pos, where + "the answer \"" + r.expected + "\" in a line before the question (" + x.text + ")"});
          break;
        }
  }
}

std::string read_text(const std::string& path, bool* ok) {
  if (!std::filesystem::is_regular_file(path)) {
    *ok = false;
    return {};
  }
  std::ifstream in(path, std::ios::binary);
  *ok = static_cast<bool>(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Markdown links to other files of the repository (`[text](../docs/x.md#anchor)`): the file
// exists, and the anchor is an `id="anchor"` in it.
void check_links(const Lesson& lesson, const std::string& text, const SourcePos& pos, std::vector<CheckProblem>& out) {
  for (std::size_t at = text.find("]("); at != std::string::npos; at = text.find("](", at + 2)) {
    const std::size_t end = text.find(')', at);
    if (end == std::string::npos) break;
    const std::string target = text.substr(at + 2, end - at - 2);
    if (target.find("://") != std::string::npos || target.rfind("mailto:", 0) == 0) continue;
    const std::size_t hash = target.find('#');
    const std::string file = (std::filesystem::path(lesson.file).parent_path() / target.substr(0, hash)).string();
    bool ok = false;
    const std::string linked = read_text(file, &ok);
    if (!ok) out.push_back({pos, "a link points at " + target + ", which does not exist"});
    else if (hash != std::string::npos && linked.find("id=\"" + target.substr(hash + 1) + "\"") == std::string::npos)
      out.push_back({pos, "a link points at " + target + ", but the file has no such anchor (id=\"...\")"});
  }
}

// An activity's solutions: the good one scores full marks, the partial one some but not all.
void check_activity(const Step& step, const Scenario& base, std::vector<CheckProblem>& out) {
  const Activity& a = *step.activity;
  if (a.good.empty() || a.partial.empty()) {
    out.push_back({a.pos, "step " + step.id + ": an activity names a full-score solution (good: FILE) and a partial one (partial: FILE)"});
    return;
  }
  for (const auto& [file, full] : {std::pair{a.good, true}, std::pair{a.partial, false}}) {
    bool ok = false;
    const std::string text = read_text(file, &ok);
    if (!ok) {
      out.push_back({a.pos, "step " + step.id + ": cannot read the solution " + file});
      continue;
    }
    const ActivityResult r = grade_activity(step, base, text, file);
    for (const auto& e : r.errors) out.push_back({a.pos, "step " + step.id + ": " + file + ": " + e});
    if (!r.errors.empty()) continue;
    const std::string score = std::to_string(r.score()) + "/" + std::to_string(r.total);
    if (full && r.score() != r.total) {
      std::string failed;
      for (const auto& x : r.results)
        if (!x.passed) failed += "; " + x.description + " -- " + x.detail;
      out.push_back({a.pos, "step " + step.id + ": the good solution scores " + score + failed});
    }
    if (!full && (r.score() == 0 || r.score() == r.total))
      out.push_back({a.pos, "step " + step.id + ": the partial solution scores " + score + " (it should earn some points, not all)"});
  }
}

}  // namespace

std::vector<CheckProblem> check_lesson(const Lesson& lesson, LessonRunner& runner) {
  std::vector<CheckProblem> out;
  const SourcePos top{lesson.file, 1, 0};
  for (Lang lang : {Lang::Fr, Lang::En}) {
    const std::string l(lang_name(lang));
    if (lesson.title.get(lang).empty()) out.push_back({top, "the front matter has no title." + l});
    if (lesson.intro.get(lang).empty()) out.push_back({top, "the introduction has no `::: " + l + "` block"});
    check_links(lesson, lesson.intro.get(lang), top, out);
  }
  for (const Step& step : lesson.steps) {
    for (Lang lang : {Lang::Fr, Lang::En}) {
      const std::string l(lang_name(lang));
      if (step.title.get(lang).empty() || step.body.get(lang).empty())
        out.push_back({step.pos, "step " + step.id + ": the `::: " + l + "` block is missing or has no `### title` and text"});
      check_links(lesson, step.body.get(lang) + step.answer.get(lang), step.pos, out);
      if (step.answer.fr.empty() != step.answer.en.empty() && step.answer.get(lang).empty())
        out.push_back({step.pos, "step " + step.id + ": the `::: " + l + " answer` block is missing"});
    }
    if (!step.answer.fr.empty() && !step.predict)
      out.push_back({step.pos, "step " + step.id + ": answer blocks belong to steps that ask a question (predict)"});
    for (const auto& [choice, text] : step.feedback) {
      const bool offered = step.predict && std::find_if(step.predict->options.begin(), step.predict->options.end(), [&, &choice = choice](const std::string& o) {
                                             return answers_match(*step.predict, o, choice);
                                           }) != step.predict->options.end();
      if (!offered) out.push_back({step.pos, "step " + step.id + ": `if " + choice + "` feedback for a choice the step does not offer"});
      if (text.fr.empty() || text.en.empty())
        out.push_back({step.pos, "step " + step.id + ": the `if " + choice + "` feedback needs both `::: fr` and `::: en` blocks"});
    }

    const bool needs_run = step.anchor || step.kind == StepKind::Try || step.kind == StepKind::Activity ||
                           (step.kind == StepKind::Predict && step.address.empty() && step.message_file.empty());
    const Simulation* sim = nullptr;
    if (needs_run) {
      if (step.scenario.empty()) {
        out.push_back({step.pos, "step " + step.id + ": no scenario (give `scenario:` in the front matter or the step)"});
        continue;
      }
      std::string error;
      sim = runner.simulation(step.scenario, &error);
      if (!sim) {
        out.push_back({step.pos, "step " + step.id + ": scenario " + step.scenario + ": " + error});
        continue;
      }
    }
    const Trace* trace = sim ? &sim->trace() : nullptr;

    if (step.kind == StepKind::Activity) {
      check_activity(step, sim->scenario(), out);
      continue;
    }
    if (step.kind == StepKind::Try) {
      const TryResult t = run_try(step, sim->scenario());
      for (const auto& e : t.errors) out.push_back({step.pos, "step " + step.id + ": " + e});
      for (const auto& r : t.results)
        if (!r.passed)
          out.push_back({r.pos, "step " + step.id + ": the expected outcome does not happen: " + r.description + " -- " + r.detail});
      if (t.sim && step.anchor) check_anchor(step, *step.anchor, t.sim->trace(), step.scenario + " (changed)", out);
      if (t.sim && step.predict) check_prediction(step, &t.sim->trace(), out);
      check_answer_safety(step, runner, out);
      continue;
    }
    if (step.anchor) check_anchor(step, *step.anchor, *trace, step.scenario, out);
    if (step.kind == StepKind::Predict) {
      check_prediction(step, trace, out);
      check_answer_safety(step, runner, out);
    }
  }
  return out;
}

}  // namespace mailsim::lesson
