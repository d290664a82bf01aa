// Lessons run in class: answers judged fairly (choices, accents, per-choice feedback), the
// student's view never showing a result before its question, activities graded with a
// score, and the GIFT and HTML exports.
#include <doctest/doctest.h>

#include <string>

#include "lesson/lesson.hpp"

using namespace mailsim;
using namespace mailsim::lesson;

namespace {

const std::string kScenarios = std::string(MAILSIM_SOURCE_DIR) + "/scenarios/";
const std::string kLessonFile = std::string(MAILSIM_SOURCE_DIR) + "/lessons/t.md";

const std::string kFront = "---\ntitle.fr: Essai\ntitle.en: Test\nscenario: " + kScenarios +
                           "basic-smtp.json\n---\n\n::: fr\nIntro.\n:::\n\n::: en\nIntro.\n:::\n\n";

std::string blocks(const std::string& extra = "") {
  return "\n::: fr\n### Titre\nTexte.\n:::\n\n::: en\n### Title\nText.\n:::\n" + extra + "\n";
}

Lesson load(const std::string& text) {
  std::vector<LessonError> errors;
  auto l = load_lesson_text(text, kLessonFile, errors);
  for (const auto& e : errors) FAIL(e.format());
  return l.value_or(Lesson{});
}

const std::string kRcptQuestion =
    "## step rcpt\nanchor: {kind: command, command: RCPT}\npredict: reply\noptions: [250, 550, 553]\n" +
    blocks("\n::: fr answer\nC'est {{answer}}.\n:::\n\n::: en answer\nIt is {{answer}}.\n:::\n"
           "\n::: fr if 550\n550 voudrait dire que lo n'existe pas.\n:::\n\n::: en if 550\n550 would mean lo does not exist.\n:::\n");

}  // namespace

TEST_CASE("lesson: an answer outside the choices is refused, a wrong choice gets its own feedback") {
  const Lesson l = load(kFront + kRcptQuestion);
  LessonRunner runner;
  const Step& s = l.steps[0];
  const Trace& trace = runner.simulation_for(s)->trace();
  const PredictionResult outside = evaluate_prediction(s, &trace, "354", Lang::En);
  CHECK(outside.refused);
  CHECK_FALSE(outside.correct);
  CHECK(outside.explanation.empty());  // refused: the answer is not given away
  CHECK(outside.feedback.find("not one of the choices (250, 550, 553)") != std::string::npos);
  const PredictionResult wrong = evaluate_prediction(s, &trace, "550", Lang::Fr);
  CHECK_FALSE(wrong.refused);
  CHECK_FALSE(wrong.correct);
  CHECK(wrong.feedback == "550 voudrait dire que lo n'existe pas.");
  const PredictionResult right = evaluate_prediction(s, &trace, "250 OK", Lang::En);
  CHECK(right.correct);
  CHECK(right.feedback.empty());
  CHECK(right.explanation == "It is 250.");
}

TEST_CASE("lesson: accents and case are not held against the student; yes/no read oui/non in French") {
  Prediction p;
  p.field = "text";
  CHECK(answers_match(p, "Réunion", "reunion"));
  CHECK(answers_match(p, "reunion", "RÉUNION"));
  CHECK(answers_match(p, "Noël", "noel"));
  CHECK_FALSE(answers_match(p, "reunion", "reunions"));
  p.field = "valid";
  CHECK(answers_match(p, "no", "Non"));
  CHECK(display_answer("yes", Lang::Fr) == "oui");
  CHECK(display_answer("no", Lang::Fr) == "non");
  CHECK(display_answer("yes", Lang::En) == "yes");
}

TEST_CASE("lesson: the student's view of a question stops before its result; the teacher's shows it") {
  const Lesson l = load(kFront + kRcptQuestion + "## step addr\naddress: anne.wei(info)@cnam.fr\npredict: mailbox\n" +
                        blocks("\n::: fr answer\n{{answer}}\n:::\n\n::: en answer\n{{answer}}\n:::\n") +
                        "## step down\ntry: {host_down: artemis.ibp.fr}\nexpect: {queued: liti.ibp.fr, count: 1}\n" + blocks());
  LessonRunner runner;
  const StepView student = view_step(l.steps[0], runner, Lang::En, false);
  REQUIRE_FALSE(student.excerpt.empty());
  CHECK(student.asks);
  std::string shown;
  for (const auto& x : student.excerpt) shown += x.text + "\n";
  CHECK(student.excerpt.back().text.find("RCPT TO:<lo@artemis.ibp.fr>") != std::string::npos);  // the question's command
  CHECK(shown.find("Recipient ok") == std::string::npos);                                     // not its reply
  CHECK(student.answer.empty());
  CHECK(student.explanation.empty());
  const StepView teacher = view_step(l.steps[0], runner, Lang::En, true);
  CHECK(teacher.answer == "250");
  CHECK(teacher.explanation == "It is 250.");

  const StepView address = view_step(l.steps[1], runner, Lang::En, false);
  CHECK(address.subject.empty());  // what the parser found is the answer
  CHECK(address.subject_source == "anne.wei(info)@cnam.fr");
  CHECK(view_step(l.steps[1], runner, Lang::En, true).subject.find("mailbox anne.wei@cnam.fr") != std::string::npos);

  const StepView tried = view_step(l.steps[2], runner, Lang::En, false);
  CHECK(tried.outcome.empty());
  REQUIRE(tried.changes.size() == 1);
  REQUIRE(view_step(l.steps[2], runner, Lang::En, true).outcome.size() == 1);
  CHECK(view_step(l.steps[2], runner, Lang::En, true).outcome[0].rfind("PASS ", 0) == 0);

  // And `lesson check` finds no leak in these steps.
  CHECK(check_lesson(l, runner).empty());
}

TEST_CASE("lesson: an activity grades a session typed by hand, one point per check") {
  const Lesson l = load(kFront +
                        "## step two\nactivity: {submit: lines, edit: {add_raw: liti.ibp.fr, server: artemis.ibp.fr}}\n"
                        "expect: [{reply: 550, from: artemis.ibp.fr, count: 1}, {delivered: lo@artemis.ibp.fr, count: 2}, "
                        "{reply: 221, from: artemis.ibp.fr, count: 2}]\n" +
                        blocks());
  REQUIRE(l.steps.size() == 1);
  const Step& s = l.steps[0];
  CHECK(s.kind == StepKind::Activity);
  LessonRunner runner;
  const Scenario& base = *runner.scenario(s.scenario);
  const std::string head = "HELO liti.ibp.fr\nMAIL FROM:<im@liti.ibp.fr>\nRCPT TO:<lo@artemis.ibp.fr>\nRCPT TO:<nobody@artemis.ibp.fr>\n"
                           "DATA\nSubject: t\n\nbody\n.\n";
  const ActivityResult full = grade_activity(s, base, head + "QUIT\n", "good.txt");
  CHECK(full.errors.empty());
  CHECK(full.total == 3);
  CHECK(full.score() == 3);
  const ActivityResult partial = grade_activity(s, base, head, "no-quit.txt");  // no QUIT: one 221 only
  CHECK(partial.score() == 2);
  REQUIRE(partial.results.size() == 3);
  CHECK_FALSE(partial.results[2].passed);
  CHECK(partial.results[2].description == "2 221 replies from artemis.ibp.fr");
  CHECK(partial.results[2].detail == "found 1 such replies");
  const ActivityResult empty = grade_activity(s, base, "\n\n", "empty.txt");
  CHECK(empty.score() == 0);
  REQUIRE(empty.errors.size() == 1);
  CHECK(empty.errors[0] == "empty.txt: no line to send");
}

TEST_CASE("lesson: an activity on scenario changes; a broken submission scores 0 with the reason") {
  const Lesson l = load(kFront + "## step down\nscenario: " + kScenarios +
                        "mx-fallback.json\nactivity: {submit: edits}\nexpect: [{accepted: soleil.uvsq.fr, count: 0}, "
                        "{delivered: paul@jussieu.fr, count: 1}]\n" +
                        blocks());
  const Step& s = l.steps[0];
  LessonRunner runner;
  const Scenario& base = *runner.scenario(s.scenario);
  CHECK(grade_activity(s, base, R"([{"host_up": "shiva.jussieu.fr"}])", "a.json").score() == 2);
  // soleil down too and a run too short for shiva to come back: nothing accepted, nothing delivered.
  CHECK(grade_activity(s, base, R"([{"host_down": "soleil.uvsq.fr"}, {"time_limit": "30m"}])", "b.json").score() == 1);
  const ActivityResult bad = grade_activity(s, base, "[{host_up: shiva}", "c.json");
  CHECK(bad.score() == 0);
  REQUIRE_FALSE(bad.errors.empty());
  CHECK(bad.errors[0].find("c.json: expected a JSON list of changes") == 0);
  const ActivityResult unknown = grade_activity(s, base, R"([{"host_up": "nowhere.example"}])", "d.json");
  REQUIRE_FALSE(unknown.errors.empty());
  CHECK(unknown.errors[0].find("no host named nowhere.example") != std::string::npos);
}

TEST_CASE("lesson: GIFT questions carry the computed answer and each choice's feedback") {
  const Lesson l = load(kFront + kRcptQuestion);
  LessonRunner runner;
  const std::string gift = export_gift({&l}, runner, Lang::En);
  CHECK(gift.find("::t/rcpt::[markdown]Title. Text. {") != std::string::npos);
  CHECK(gift.find("  =250#It is 250.\n") != std::string::npos);
  CHECK(gift.find("  ~550#550 would mean lo does not exist.\n") != std::string::npos);
  CHECK(gift.find("  ~553#No\\: the simulation gives 250.\n") != std::string::npos);
}

TEST_CASE("lesson: the HTML page has the question without its answer, and the answer with --answers") {
  const Lesson l = load(kFront + kRcptQuestion);
  LessonRunner runner;
  const std::string student = export_html(l, runner, Lang::En, false);
  CHECK(student.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(student.find("<svg") != std::string::npos);
  CHECK(student.find("RCPT TO:&lt;lo@artemis.ibp.fr&gt;") != std::string::npos);
  CHECK(student.find("It is 250.") == std::string::npos);
  CHECK(student.find("class=\"write\"") != std::string::npos);
  const std::string teacher = export_html(l, runner, Lang::En, true);
  CHECK(teacher.find("Answer: 250") != std::string::npos);
  CHECK(teacher.find("It is 250.") != std::string::npos);
}

TEST_CASE("lesson check: a worded answer readable before its question is reported") {
  // The message's Content-Transfer-Encoding, asked once the DATA lines that carry it are shown.
  const Lesson l = load("---\ntitle.fr: Essai\ntitle.en: Test\nscenario: " + kScenarios +
                        "8bitmime-downgrade.json\n---\n\n::: fr\nIntro.\n:::\n\n::: en\nIntro.\n:::\n\n"
                        "## step cte\nanchor: {kind: headers, host: old.example.org}\n"
                        "predict: {field: header, name: Content-Transfer-Encoding}\n" +
                        blocks());
  LessonRunner runner;
  const auto problems = check_lesson(l, runner);
  REQUIRE(problems.size() == 2);  // in French and in English
  CHECK(problems[0].message.find("shows the answer \"quoted-printable\" in a line before the question") != std::string::npos);
}
