// `mailsim lesson check`: both languages present, every anchor matches an event of its
// scenario's run, every prediction can be computed (and is among the offered options),
// and every try step's expected outcome holds when the changed scenario runs.
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

}  // namespace

std::vector<CheckProblem> check_lesson(const Lesson& lesson, LessonRunner& runner) {
  std::vector<CheckProblem> out;
  const SourcePos top{lesson.file, 1, 0};
  for (Lang lang : {Lang::Fr, Lang::En}) {
    const std::string l(lang_name(lang));
    if (lesson.title.get(lang).empty()) out.push_back({top, "the front matter has no title." + l});
    if (lesson.intro.get(lang).empty()) out.push_back({top, "the introduction has no `::: " + l + "` block"});
  }
  for (const Step& step : lesson.steps) {
    for (Lang lang : {Lang::Fr, Lang::En}) {
      const std::string l(lang_name(lang));
      if (step.title.get(lang).empty() || step.body.get(lang).empty())
        out.push_back({step.pos, "step " + step.id + ": the `::: " + l + "` block is missing or has no `### title` and text"});
      if (step.answer.fr.empty() != step.answer.en.empty() && step.answer.get(lang).empty())
        out.push_back({step.pos, "step " + step.id + ": the `::: " + l + " answer` block is missing"});
    }
    if (!step.answer.fr.empty() && !step.predict)
      out.push_back({step.pos, "step " + step.id + ": answer blocks belong to steps that ask a question (predict)"});

    const bool needs_run = step.anchor || step.kind == StepKind::Try ||
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

    if (step.kind == StepKind::Try) {
      const TryResult t = run_try(step, sim->scenario());
      for (const auto& e : t.errors) out.push_back({step.pos, "step " + step.id + ": " + e});
      for (const auto& r : t.results)
        if (!r.passed)
          out.push_back({r.pos, "step " + step.id + ": the expected outcome does not happen: " + r.description + " -- " + r.detail});
      if (t.sim && step.anchor) check_anchor(step, *step.anchor, t.sim->trace(), step.scenario + " (changed)", out);
      if (t.sim && step.predict) check_prediction(step, &t.sim->trace(), out);
      continue;
    }
    if (step.anchor) check_anchor(step, *step.anchor, *trace, step.scenario, out);
    if (step.kind == StepKind::Predict) check_prediction(step, trace, out);
  }
  return out;
}

}  // namespace mailsim::lesson
