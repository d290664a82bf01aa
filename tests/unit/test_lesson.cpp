// Lessons: the file format, anchors, predictions judged against the simulation, try steps
// checked with the scenario expectation checker, and the problems `lesson check` reports.
#include <doctest/doctest.h>

#include <string>

#include "lesson/lesson.hpp"

using namespace mailsim;
using namespace mailsim::lesson;

namespace {

const std::string kScenarios = std::string(MAILSIM_SOURCE_DIR) + "/scenarios/";
// The lessons of the tests are texts named as if they were in lessons/, so that scenario
// and message names resolve there whatever the working directory.
const std::string kLessonFile = std::string(MAILSIM_SOURCE_DIR) + "/lessons/t.md";

std::string front(const std::string& scenario = "basic-smtp.json") {
  return "---\ntitle.fr: Essai\ntitle.en: Test\nscenario: " + kScenarios + scenario +
         "\n---\n\n::: fr\nIntro.\n:::\n\n::: en\nIntro.\n:::\n\n";
}

std::string step(const std::string& id, const std::string& props, bool answer = false) {
  std::string s = "## step " + id + "\n" + props + "\n\n::: fr\n### Titre\nTexte.\n:::\n\n::: en\n### Title\nText.\n:::\n";
  if (answer) s += "\n::: fr answer\nC'est {{answer}}.\n:::\n\n::: en answer\nIt is {{answer}}.\n:::\n";
  return s + "\n";
}

Lesson load(const std::string& text, std::vector<LessonError>* errors_out = nullptr) {
  std::vector<LessonError> errors;
  auto l = load_lesson_text(text, kLessonFile, errors);
  if (errors_out) *errors_out = errors;
  else
    for (const auto& e : errors) FAIL(e.format());
  return l.value_or(Lesson{});
}

}  // namespace

TEST_CASE("lesson: a file gives its titles, introduction and steps with their kinds") {
  const Lesson l = load(front() + step("greet", "anchor: {kind: reply, from: artemis.ibp.fr, code: 220}") +
                        step("helo", "anchor: {kind: command, command: HELO}\npredict: reply\noptions: [220, 250]", true) +
                        step("down", "try: {host_down: artemis.ibp.fr}\nexpect: {queued: liti.ibp.fr, count: 1}"));
  CHECK(l.id == "t");
  CHECK(l.title.fr == "Essai");
  CHECK(l.title.get(Lang::En) == "Test");
  REQUIRE(l.steps.size() == 3);
  CHECK(l.steps[0].kind == StepKind::Show);
  CHECK(l.steps[1].kind == StepKind::Predict);
  CHECK(l.steps[1].predict->options == std::vector<std::string>{"220", "250"});
  CHECK(l.steps[2].kind == StepKind::Try);
  CHECK(l.steps[1].title.fr == "Titre");
  CHECK(l.steps[1].body.en == "Text.");
  CHECK(l.steps[1].anchor->command == "HELO");
}

TEST_CASE("lesson: a right prediction is judged right, a wrong one wrong, from the simulation") {
  const Lesson l = load(front() + step("rcpt", "anchor: {kind: command, command: RCPT}\npredict: reply", true) +
                        step("who", "anchor: {kind: delivered}\npredict: host", true));
  LessonRunner runner;
  const Simulation* sim = runner.simulation_for(l.steps[0]);
  REQUIRE(sim != nullptr);
  const Trace& trace = sim->trace();
  auto right = evaluate_prediction(l.steps[0], &trace, "250", Lang::Fr);
  CHECK(right.correct);
  CHECK(right.expected == "250");
  CHECK(right.explanation == "C'est 250.");
  CHECK(evaluate_prediction(l.steps[0], &trace, " 250 OK ").correct);
  CHECK_FALSE(evaluate_prediction(l.steps[0], &trace, "550").correct);
  CHECK_FALSE(evaluate_prediction(l.steps[0], &trace, "").correct);
  CHECK(evaluate_prediction(l.steps[1], &trace, "Artemis.IBP.fr.").correct);
  CHECK_FALSE(evaluate_prediction(l.steps[1], &trace, "liti.ibp.fr").correct);
  // The timeline stops at the command for "reply", before the event for the other fields.
  const auto rcpt = find_anchor(*l.steps[0].anchor, trace);
  REQUIRE(rcpt);
  CHECK(question_position(l.steps[0], trace) == rcpt);
  const auto delivered = find_anchor(*l.steps[1].anchor, trace);
  REQUIRE(delivered);
  CHECK(question_position(l.steps[1], trace) == *delivered - 1);
  CHECK(check_lesson(l, runner).empty());
}

TEST_CASE("lesson: replies are matched to pipelined commands in order") {
  const Lesson l = load(front("mx-fallback.json") +
                        step("mail", "anchor: {kind: command, command: MAIL, to: soleil.uvsq.fr}\npredict: reply") +
                        step("data", "anchor: {kind: command, command: DATA, to: soleil.uvsq.fr}\npredict: reply") +
                        step("r", "anchor: {kind: reply, command: DATA, from: soleil.uvsq.fr}\npredict: code"));
  LessonRunner runner;
  const Simulation* sim = runner.simulation_for(l.steps[0]);
  REQUIRE(sim != nullptr);
  CHECK(expected_answer(l.steps[0], &sim->trace()).value == "250");
  CHECK(expected_answer(l.steps[1], &sim->trace()).value == "354");
  CHECK(expected_answer(l.steps[2], &sim->trace()).value == "354");
}

TEST_CASE("lesson check: an anchor that matches nothing is reported with the lesson file and line") {
  const Lesson l = load(front() + step("ok", "anchor: {kind: command, command: MAIL}") +
                        step("bad", "anchor: {kind: command, command: VRFY}") +
                        step("far", "anchor: {kind: command, command: RCPT, nth: 3}"));
  LessonRunner runner;
  const auto problems = check_lesson(l, runner);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].pos.file == kLessonFile);
  CHECK(problems[0].pos.line == 29);  // the anchor line of step "bad"
  CHECK(problems[0].format().rfind(kLessonFile + ":29:", 0) == 0);
  CHECK(problems[0].message.find("matches no event") != std::string::npos);
  CHECK(problems[1].message.find("only 1 event(s) match") != std::string::npos);
}

TEST_CASE("lesson check: a missing language, a wrong option list and an unknown anchor key are reported") {
  std::string text = front() + "## step half\nanchor: {kind: command, command: MAIL}\n\n::: fr\n### Titre\nTexte.\n:::\n\n";
  text += step("choice", "anchor: {kind: command, command: RCPT}\npredict: reply\noptions: [550, 553]");
  const Lesson l = load(text);
  LessonRunner runner;
  const auto problems = check_lesson(l, runner);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].message.find("`::: en` block is missing") != std::string::npos);
  CHECK(problems[1].message.find("\"250\" is not among the options") != std::string::npos);

  std::vector<LessonError> errors;
  load(front() + step("x", "anchor: {kind: command, verb: RCPT}"), &errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].format().rfind(kLessonFile + ":16:", 0) == 0);
  CHECK(errors[0].message.find("unknown key \"verb\"") != std::string::npos);
  errors.clear();
  load(front() + step("x", "anchor: {kind: command, command: RCPT"), &errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("expected ',' or '}'") != std::string::npos);
}

TEST_CASE("lesson: a try step changes the scenario and its expected outcome is checked") {
  const Lesson l = load(front("mx-fallback.json") +
                        step("up", "try: {host_up: shiva.jussieu.fr}\nexpect: [{accepted: soleil.uvsq.fr, count: 0}, {delivered: paul@jussieu.fr}]") +
                        step("wrong", "try: {host_up: shiva.jussieu.fr}\nexpect: {accepted: soleil.uvsq.fr, count: 1}") +
                        step("who", "try: {host_up: shiva.jussieu.fr}\nexpect: {balance: true}\nanchor: {kind: message-accepted, nth: 2}\npredict: host"));
  LessonRunner runner;
  const TryResult* up = runner.try_result(l.steps[0]);
  REQUIRE(up != nullptr);
  CHECK(up->passed());
  const TryResult* wrong = runner.try_result(l.steps[1]);
  REQUIRE(wrong != nullptr);
  CHECK_FALSE(wrong->passed());
  const Simulation* changed = runner.simulation_for(l.steps[2]);
  REQUIRE(changed != nullptr);
  CHECK(evaluate_prediction(l.steps[2], &changed->trace(), "shiva.jussieu.fr").correct);
  CHECK_FALSE(evaluate_prediction(l.steps[2], &changed->trace(), "soleil.uvsq.fr").correct);
  // In the unchanged scenario the backup took it: the answer comes from the run, not the lesson.
  CHECK(expected_answer(l.steps[2], &runner.simulation(l.steps[2].scenario)->trace()).value == "soleil.uvsq.fr");
  const auto problems = check_lesson(l, runner);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message.find("step wrong: the expected outcome does not happen") != std::string::npos);
}

TEST_CASE("lesson: bad try changes are reported in words") {
  LessonRunner runner;
  const Scenario* base = runner.scenario(kScenarios + "mx-fallback.json");
  REQUIRE(base != nullptr);
  std::vector<std::string> errors;
  CHECK_FALSE(apply_edits(*base, {R"({"host_down": "nowhere.example"})"}, errors));
  CHECK(errors.at(0).find("no host named nowhere.example") != std::string::npos);
  errors.clear();
  CHECK_FALSE(apply_edits(*base, {R"({"explode": true})"}, errors));
  CHECK(errors.at(0).find("unknown change") != std::string::npos);
  errors.clear();
  auto dropped = apply_edits(*base, {R"({"drop_mx": "jussieu.fr", "exchange": "soleil.uvsq.fr"})"}, errors);
  REQUIRE(dropped);
  CHECK(dropped->dns.size() == base->dns.size() - 1);
}

TEST_CASE("lesson: address and message steps are answered by the parsers") {
  const Lesson l = load(front() + step("lit", "address: anne.wei@[136.173.24.11]\npredict: domain") +
                        step("case", "address: Anne.WEI@cnam.fr\npredict: {field: same, name: anne.wei@CNAM.FR}") +
                        step("quoted", "address: \"anne.wei\"@cnam.fr\npredict: {field: same, name: anne.wei@cnam.fr}") +
                        step("mime", "message: course_multipart.eml\npredict: {field: type, part: \"\"}"));
  CHECK(expected_answer(l.steps[0], nullptr).value == "[136.173.24.11]");
  CHECK(evaluate_prediction(l.steps[1], nullptr, "non").correct);
  CHECK(evaluate_prediction(l.steps[2], nullptr, "oui").correct);
  CHECK(evaluate_prediction(l.steps[3], nullptr, "multipart/mixed").correct);
  LessonRunner runner;
  CHECK(check_lesson(l, runner).empty());
}

TEST_CASE("lesson: answers are compared without regard to case, quotes or a reply's text") {
  Prediction code{"reply", "", "", {}};
  CHECK(answers_match(code, "250", "250 2.1.5 ok"));
  CHECK_FALSE(answers_match(code, "250", "25"));
  CHECK(answers_match(code, "+OK", "ok"));
  CHECK_FALSE(answers_match(code, "+OK", "-ERR"));
  Prediction valid{"valid", "", "", {}};
  CHECK(answers_match(valid, "no", "Non"));
  CHECK_FALSE(answers_match(valid, "no", "peut-être"));
  Prediction host{"host", "", "", {}};
  CHECK(answers_match(host, "shiva.jussieu.fr", "<Shiva.Jussieu.FR.>"));
}

TEST_CASE("lesson: `word` asks for one word of the anchored event's text") {
  const Lesson l = load(front() + step("name", "anchor: {kind: reply, from: artemis.ibp.fr, code: 220}\npredict: {field: word, part: 2}", true) +
                        step("code", "anchor: {kind: reply, from: artemis.ibp.fr, code: 220}\npredict: word", true) +
                        step("far", "anchor: {kind: reply, from: artemis.ibp.fr, code: 220}\npredict: {field: word, part: 99}", true));
  LessonRunner runner;
  const Simulation* sim = runner.simulation_for(l.steps[0]);
  REQUIRE(sim != nullptr);
  CHECK(expected_answer(l.steps[0], &sim->trace()).value == "artemis.ibp.fr");
  CHECK(evaluate_prediction(l.steps[0], &sim->trace(), "Artemis.IBP.fr").correct);
  CHECK(expected_answer(l.steps[1], &sim->trace()).value == "220");
  const Answer far = expected_answer(l.steps[2], &sim->trace());
  CHECK_FALSE(far.ok);
  CHECK(far.error.find("fewer than 99 words") != std::string::npos);
}

TEST_CASE("lesson: a try step retypes a POP3 session and checks server lines and flags") {
  const Lesson l = load(front("pop3-session.json") +
                        step("noquit", "try: {set_client: 2, lines: [\"USER pda\", \"PASS monmotdepasse\", \"DELE 1\"]}\n"
                                       "expect: [{delivered: pda@uvsq.fr, count: 3}, {server_line: \"+OK Message 1\", from: soleil.uvsq.fr, count: 1}]\n"
                                       "anchor: {kind: command, command: DELE}\npredict: reply", true) +
                        step("flag", "try: {set_client: 2, lines: [\"USER pda\", \"QUIT\"]}\nexpect: {delivered: pda@uvsq.fr, flag: \"\\\\Seen\", count: 0}") +
                        step("bad", "try: {set_client: 2, lines: [\"QUIT\"]}\nexpect: {server_line: \"+OK\", folder: INBOX}"));
  LessonRunner runner;
  const TryResult* noquit = runner.try_result(l.steps[0]);
  REQUIRE(noquit != nullptr);
  CHECK(noquit->passed());
  CHECK(evaluate_prediction(l.steps[0], &noquit->sim->trace(), "+OK").correct);
  const TryResult* flag = runner.try_result(l.steps[1]);
  REQUIRE(flag != nullptr);
  CHECK(flag->passed());
  const TryResult* bad = runner.try_result(l.steps[2]);
  REQUIRE(bad != nullptr);
  REQUIRE_FALSE(bad->errors.empty());
  CHECK(bad->errors[0].find("folder goes with delivered") != std::string::npos);
}

TEST_CASE("lesson: LMTP answers the final dot once per accepted recipient") {
  const Lesson l = load(front("lmtp-quota.json") +
                        step("n", "anchor: {kind: reply, command: \".\", from: mda.uvsq.fr, after: {kind: connect, host: mx.uvsq.fr, nth: 2}}\npredict: count", true) +
                        step("last", "anchor: {kind: reply, command: \".\", from: mda.uvsq.fr, nth: last}\npredict: code", true) +
                        step("quit", "anchor: {kind: command, command: QUIT, from: mx.uvsq.fr, to: mda.uvsq.fr, nth: 2}\npredict: reply", true));
  LessonRunner runner;
  const Simulation* sim = runner.simulation_for(l.steps[0]);
  REQUIRE(sim != nullptr);
  CHECK(expected_answer(l.steps[0], &sim->trace()).value == "2");
  CHECK(expected_answer(l.steps[1], &sim->trace()).value == "552");
  CHECK(expected_answer(l.steps[2], &sim->trace()).value == "221");
}

TEST_CASE("lesson: a block left open before the next `::: en` is an error with its line, not a crash (found by fuzzing)") {
  // The parser went on from the `::: en` line as if it opened a step, and cut the step id
  // out of it past its end: `mailsim lesson check` died of std::out_of_range.
  std::vector<LessonError> errors;
  const std::string text = front() + "## step open\nanchor: {kind: reply, code: 220}\n\n::: fr\n### Titre\nTexte.\n"
                                     "::: en\n### Title\nText.\n:::\n\n" + step("next", "anchor: {kind: reply, code: 250}");
  CHECK_NOTHROW(load_lesson_text(text, kLessonFile, errors));
  REQUIRE_FALSE(errors.empty());
  CHECK(errors[0].format() == kLessonFile + ":18:1: this block is not closed by a `:::` line");
  for (const auto& e : errors) CHECK(e.message.find("a step starts with") == std::string::npos);
  // The same with the step line indented: its id is read after the spaces.
  errors.clear();
  const std::optional<Lesson> indented =
      load_lesson_text(front() + "  " + step("greet", "anchor: {kind: reply, code: 220}"), kLessonFile, errors);
  CHECK(errors.empty());
  REQUIRE(indented);
  CHECK(indented->steps.at(0).id == "greet");
}

TEST_CASE("lesson: a change or an expectation with bytes that are not UTF-8 is an error at its line, not a crash (found by fuzzing)") {
  // Changes and expectations are kept as JSON text, which cannot carry such bytes: the
  // parser died of json type_error 316 while writing them.
  for (const std::string& props : {std::string("try: {host_down: art\xe4mis}\nexpect: {queued: liti.ibp.fr}"),
                                  std::string("try: {host_down: artemis.ibp.fr}\nexpect: {queued: l\xe4ti}")}) {
    std::vector<LessonError> errors;
    CHECK_NOTHROW(load_lesson_text(front() + step("bytes", props), kLessonFile, errors));
    REQUIRE_FALSE(errors.empty());
    INFO(errors[0].format());
    CHECK(errors[0].message.find("not UTF-8: save the lesson file as UTF-8") != std::string::npos);
    CHECK(errors[0].pos.line > 0);
  }
}
