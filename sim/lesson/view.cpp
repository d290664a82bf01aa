// Theory of operation: what a front end may show of a step (StepView), student or teacher.
//
// A predict, try or activity step asks the student something; its result must not be on
// the screen before the answer. In student mode the view therefore holds, for a predict
// step, the transcript only up to the question position (never the anchored event or the
// reply that answers), no parser summary for an address or message question, and, for a
// try step, the change but not the checked outcome nor the changed run's excerpt. With
// `answers` (the teacher's view) everything is there: the computed answer, its explanation,
// the outcome lines. `mailsim lesson show`, the HTML export and `lesson check`'s
// answer-safety test all read the same view, so what is checked is what is shown.
#include "explain/notes.hpp"
#include "lesson/lesson.hpp"

namespace mailsim::lesson {

namespace {

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

ExcerptLine excerpt_line(const Trace& trace, std::size_t i, bool mark, Lang lang) {
  ExcerptLine line{i, explain::format_line(trace, trace[i], lang), mark, {}};
  if (mark && trace[i].kind == TraceKind::Headers) line.header = lines_of(trace[i].text);
  return line;
}

// Events of the anchor's connection (or of the whole trace) up to `last` (six at most), then
// `after` more; the anchor marked.
std::vector<ExcerptLine> excerpt(const Trace& trace, std::size_t anchor, std::size_t last, std::size_t after, Lang lang) {
  const TraceEvent& a = trace[anchor];
  auto same = [&](const TraceEvent& e) { return a.conn == 0 || e.conn == a.conn; };
  std::vector<std::size_t> before;
  for (std::size_t i = last + 1; i-- > 0 && before.size() < 6;)
    if (same(trace[i])) before.push_back(i);
  std::vector<ExcerptLine> out;
  for (auto it = before.rbegin(); it != before.rend(); ++it) out.push_back(excerpt_line(trace, *it, *it == anchor, lang));
  std::size_t shown = 0;
  for (std::size_t i = last + 1; i < trace.size() && shown < after; ++i)
    if (same(trace[i])) {
      out.push_back(excerpt_line(trace, i, i == anchor, lang));
      ++shown;
    }
  return out;
}

std::string outcome_line(const ExpectationResult& r, Lang lang) {
  return std::string(explain::verdict(r.passed, lang)) + " " + explain::localize_expectation(r.description, lang) +
         (r.passed ? "" : " -- " + explain::localize_expectation(r.detail, lang));
}

}  // namespace

StepView view_step(const Step& step, LessonRunner& runner, Lang lang, bool answers) {
  StepView v;
  if (!step.address.empty()) v.subject_source = step.address;
  if (!step.message_file.empty()) v.subject_source = step.message_file;
  if (!v.subject_source.empty() && (answers || !step.predict)) v.subject = subject_summary(step, lang);
  for (const auto& e : step.edits) v.changes.push_back(e);
  if (step.predict)
    for (const auto& o : step.predict->options) v.choices.push_back(display_answer(o, lang));

  std::string error;
  const Simulation* sim = nullptr;
  const bool try_run = step.kind == StepKind::Try;
  if (step.anchor || step.kind == StepKind::Predict || try_run) {
    // A try step's changed run is its result: a student sees the unchanged run until it is tried.
    sim = try_run && !answers ? runner.simulation(step.scenario, &error) : runner.simulation_for(step, &error);
    if (!error.empty()) v.problems.push_back(step.scenario + ": " + error);
  }
  if (try_run && answers)
    if (const TryResult* t = runner.try_result(step))
      for (const auto& r : t->results) v.outcome.push_back(outcome_line(r, lang));
  v.trace = sim ? &sim->trace() : nullptr;
  if (v.trace && step.anchor && !(try_run && !answers)) {
    if (auto at = find_anchor(*step.anchor, *v.trace)) {
      if (step.predict && !answers) {
        v.event = question_position(step, *v.trace).value_or(*at);
        v.asks = true;
        v.excerpt = excerpt(*v.trace, v.event, v.event, 0, lang);
        if (v.event == *at && step.predict->field != "reply")  // the question stops before the anchor, never on it
          v.excerpt.clear();
      } else {
        v.event = *at;
        v.excerpt = excerpt(*v.trace, *at, *at, 2, lang);
      }
    } else {
      v.problems.push_back("the anchor " + step.anchor->describe() + " matches no event");
    }
  }
  if (step.predict && answers) {
    const PredictionResult r = reveal_answer(step, v.trace, lang);
    if (!r.error.empty()) v.problems.push_back(r.error);
    v.answer = r.expected;
    v.explanation = r.explanation;
  }
  return v;
}

}  // namespace mailsim::lesson
