// Theory of operation: grading an activity step.
//
// The student hands in a text file; the step says how to read it (`submit`):
//   lines     one line per command of a session typed by hand; they go into the step's
//             `edit` as its "lines" (a scripted client changed with set_client, or a new
//             one with add_raw), applied to the step's scenario like a try step's change;
//   edits     a JSON list of try-step changes (lessons/README.md, "Try it");
//   scenario  a whole scenario file (the step's scenario edited by the student).
// The changed scenario runs, and each of the step's `expect` entries, checked by the
// scenario expectation checker (the one `mailsim run` uses), is one point. A submission
// that cannot be read or applied scores 0 with the reason, never a crash.
#include <sstream>

#include <nlohmann/json.hpp>

#include "lesson/lesson.hpp"

namespace mailsim::lesson {

Expectation read_expectation(const ExpectSpec& x, const Scenario& s, std::vector<std::string>& errors);  // tryit.cpp

std::size_t ActivityResult::score() const {
  std::size_t n = 0;
  for (const auto& r : results) n += r.passed ? 1 : 0;
  return n;
}

namespace {

std::vector<std::string> submitted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

// The scenario the submission describes, or nullopt with the reasons in `errors`.
std::optional<Scenario> submitted_scenario(const Activity& a, const Scenario& base, const std::string& text,
                                           const std::string& name, std::vector<std::string>& errors) {
  switch (a.submit) {
    case Activity::Submit::Lines: {
      const auto lines = submitted_lines(text);
      if (lines.empty()) {
        errors.push_back(name + ": no line to send");
        return std::nullopt;
      }
      nlohmann::json edit = nlohmann::json::parse(a.edit);
      edit["lines"] = lines;
      return apply_edits(base, {edit.dump()}, errors);
    }
    case Activity::Submit::Edits: {
      const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded() || !(j.is_array() || j.is_object())) {
        errors.push_back(name + ": expected a JSON list of changes, such as [{\"host_down\": \"shiva.jussieu.fr\"}]");
        return std::nullopt;
      }
      std::vector<std::string> changes;
      if (j.is_array())
        for (const auto& change : j) changes.push_back(change.dump());
      else
        changes.push_back(j.dump());
      return apply_edits(base, changes, errors);
    }
    case Activity::Submit::Scenario: {
      LoadResult loaded = load_scenario_text(text, name);
      for (const auto& e : loaded.errors) errors.push_back(e.format());
      return std::move(loaded.scenario);
    }
  }
  return std::nullopt;
}

}  // namespace

ActivityResult grade_activity(const Step& step, const Scenario& base, const std::string& submission,
                              const std::string& submission_name) {
  ActivityResult out;
  out.total = step.expect.size();
  if (!step.activity) {
    out.errors.push_back("step " + step.id + " is not an activity");
    return out;
  }
  std::optional<Scenario> changed = submitted_scenario(*step.activity, base, submission, submission_name, out.errors);
  if (!changed) return out;
  std::vector<std::string> why;
  std::vector<Expectation> expectations;
  for (const auto& x : step.expect) expectations.push_back(read_expectation(x, *changed, why));
  for (auto& w : why) out.errors.push_back("expect: " + w);
  if (!out.errors.empty()) return out;
  changed->expectations = std::move(expectations);
  Simulation sim(*changed);
  sim.run();
  out.results = sim.check_expectations();
  return out;
}

}  // namespace mailsim::lesson
