// The lesson panel never shows a step over another scenario without saying so: opened over
// another scenario, or when the student opens something else, the step names its scenario
// and a button opens it; picking a lesson, next and previous open the step's scenario and
// put the timeline on its event. A question gives nothing away before it is answered, unless
// the teacher's toggle shows the answers; a wrong choice gets the lesson's feedback on that
// choice; an activity is typed in the panel and graded by the lessons' activity checker.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/scenario_files.hpp"
#include <imgui_internal.h>

#include "fixture.hpp"
#include "lesson/lesson.hpp"
#include "panels/lesson_panel.hpp"

using namespace mailsim;
using namespace mailsim::gui;

namespace {

struct Lessons : test::Loaded {
  lesson::LessonLoad load = lesson::load_lessons(lessons_dir());
  Lessons() : Loaded("basic-smtp.json") {}
  const Context& ctx() { return app.context(); }
  bool shows(const lesson::Step& step) { return ctx().doc && same_file(ctx().doc->scenario().file, step.scenario); }
  // Where the step puts the timeline (after its event, or before a question's answer).
  std::optional<std::size_t> place_of(const lesson::Step& step) {
    const Trace& trace = ctx().doc->simulation().trace();
    std::optional<std::size_t> at;
    if (step.kind == lesson::StepKind::Predict) at = lesson::question_position(step, trace);
    else if (step.anchor && step.kind == lesson::StepKind::Show) at = lesson::find_anchor(*step.anchor, trace);
    if (at) ++*at;
    return at;
  }
};

}  // namespace

TEST_CASE("panels: a lesson step opens its own scenario and places the timeline, or says which one it is about") {
  Lessons t;
  REQUIRE(t.load.lessons.size() > 8);
  // Opened over basic-smtp, the panel shows lesson 1, step 1, about another scenario: it says so.
  const lesson::Step& first = t.load.lessons.front().steps.front();
  const std::string first_file = std::filesystem::path(first.scenario).filename().string();
  REQUIRE_FALSE(t.shows(first));
  REQUIRE(t.app.show("lesson"));
  t.ui.frame(t.app, 3);
  CHECK(t.ui.panel_text(t.app, "lesson").find("This step is about " + first_file) != std::string::npos);
  REQUIRE(t.click("###lesson", tr(Str::OpenStepScenario)));
  t.ui.frame(t.app, 2);
  CHECK(t.shows(first));
  if (auto at = t.place_of(first)) CHECK(t.ctx().timeline.pos() == *at);

  // Pick the POP3 lesson: its scenario comes with it.
  const auto pop3 = std::find_if(t.load.lessons.begin(), t.load.lessons.end(),
                                 [](const lesson::Lesson& l) { return l.id == "08-pop3"; });
  REQUIRE(pop3 != t.load.lessons.end());
  REQUIRE(pop3->steps.size() > 2);
  REQUIRE(t.click("###lesson", "##lesson"));
  REQUIRE(t.click("##Combo_00", pop3->title.en));
  t.ui.frame(t.app, 3);
  const lesson::Step& arrival = pop3->steps[0];
  REQUIRE(t.shows(arrival));
  const auto arrival_at = t.place_of(arrival);
  REQUIRE(arrival_at);
  CHECK(t.ctx().timeline.pos() == *arrival_at);

  // The student opens another scenario: the step says which one it is about.
  t.app.open(test::scenario_path("basic-smtp.json"));
  t.ui.frame(t.app, 2);
  CHECK(t.ui.panel_text(t.app, "lesson").find("This step is about pop3-session.json") != std::string::npos);
  REQUIRE(t.click("###lesson", tr(Str::OpenStepScenario)));
  t.ui.frame(t.app, 2);
  REQUIRE(t.shows(arrival));
  CHECK(t.ctx().timeline.pos() == *arrival_at);
  CHECK(t.ui.panel_text(t.app, "lesson").find("This step is about") == std::string::npos);

  // Next and previous move the timeline to each step's event.
  REQUIRE(t.click("###lesson", tr(Str::Next)));
  t.ui.frame(t.app, 2);
  const auto greeting_at = t.place_of(pop3->steps[1]);
  REQUIRE(greeting_at);
  CHECK(*greeting_at != *arrival_at);
  CHECK(t.ctx().timeline.pos() == *greeting_at);
  REQUIRE(t.click("###lesson", tr(Str::Previous)));
  t.ui.frame(t.app, 2);
  CHECK(t.ctx().timeline.pos() == *arrival_at);
}

namespace {

// The lesson panel on lesson `id`, step `step_id`, its scenario loaded.
LessonPanel& open_step(Lessons& t, const char* id, const char* step_id, const lesson::Step*& step) {
  auto& panel = static_cast<LessonPanel&>(*t.app.find_panel("lesson"));
  const lesson::Lesson* l = nullptr;
  for (const auto& candidate : t.load.lessons)
    if (candidate.id == id) l = &candidate;
  REQUIRE(l != nullptr);
  step = l->find_step(step_id);
  REQUIRE(step != nullptr);
  REQUIRE(t.app.show("lesson"));
  panel.request(id, static_cast<int>(step - l->steps.data()));
  t.ui.frame(t.app, 4);
  return panel;
}

}  // namespace

TEST_CASE("panels: a question gives nothing away before the answer; the teacher's toggle shows it") {
  Lessons t;
  const lesson::Step* helo = nullptr;
  LessonPanel& panel = open_step(t, "05-smtp", "helo", helo);
  REQUIRE(t.shows(*helo));
  const Trace& trace = t.ctx().doc->simulation().trace();
  const auto question = lesson::question_position(*helo, trace);
  const auto answer = lesson::answer_position(*helo, trace);
  REQUIRE(question);
  REQUIRE(answer);
  REQUIRE(*answer > *question);
  CHECK(trace[*answer].code == 250);  // the reply to HELO
  // The student's view: the timeline stops at the command, no answer in the panel.
  CHECK_FALSE(panel.teacher());
  CHECK(t.ctx().timeline.pos() == *question + 1);
  std::string text = t.ui.panel_text(t.app, "lesson");
  CHECK(text.find("The server answers 250") == std::string::npos);
  CHECK(text.find("computed by mailsim") == std::string::npos);
  // The teacher's view: the answer, its explanation, the timeline on the reply.
  REQUIRE(t.click("###lesson", tr(Str::ShowAnswers)));
  t.ui.frame(t.app, 2);
  CHECK(panel.teacher());
  CHECK(t.ctx().timeline.pos() == *answer + 1);
  text = t.ui.panel_text(t.app, "lesson");
  INFO(text);
  CHECK(text.find("Answer (computed by mailsim): 250") != std::string::npos);
  CHECK(text.find("The server answers 250") != std::string::npos);
  // Off again: hidden again, the timeline back before the answer.
  REQUIRE(t.click("###lesson", tr(Str::ShowAnswers)));
  t.ui.frame(t.app, 2);
  CHECK_FALSE(panel.teacher());
  CHECK(t.ctx().timeline.pos() == *question + 1);
  CHECK(t.ui.panel_text(t.app, "lesson").find("computed by mailsim") == std::string::npos);
  // The student answers: then the timeline moves to the reply that answers.
  REQUIRE(t.click(test::child_window("###lesson", "##step").c_str(), "250"));
  t.ui.frame(t.app, 2);
  REQUIRE(panel.verdict() != nullptr);
  CHECK(panel.verdict()->correct);
  CHECK(t.ctx().timeline.pos() == *answer + 1);
}

TEST_CASE("panels: a wrong choice gets the lesson's feedback on that choice, in English and in French") {
  Lessons t;
  const lesson::Step* size = nullptr;
  LessonPanel& panel = open_step(t, "07-esmtp", "size", size);
  REQUIRE(size->feedback.count("452") == 1);
  REQUIRE(t.shows(*size));
  // The teacher's view lists the feedback of every choice that has one.
  REQUIRE(t.click("###lesson", tr(Str::ShowAnswers)));
  t.ui.frame(t.app, 2);
  std::string text = t.ui.panel_text(t.app, "lesson");
  CHECK(text.find("If the student picks 452:") != std::string::npos);
  REQUIRE(t.click("###lesson", tr(Str::ShowAnswers)));
  t.ui.frame(t.app, 2);
  REQUIRE(t.click(test::child_window("###lesson", "##step").c_str(), "452"));
  t.ui.frame(t.app, 2);
  REQUIRE(panel.verdict() != nullptr);
  CHECK_FALSE(panel.verdict()->correct);
  text = t.ui.panel_text(t.app, "lesson");
  INFO(text);
  CHECK(text.find(tr(Str::Wrong)) != std::string::npos);
  CHECK(text.find("452 is a temporary refusal") != std::string::npos);  // why 452 is wrong
  CHECK(text.find("5.3.4 (RFC 1870)") != std::string::npos);            // and the explanation
  // In French, the same choice gets the French feedback.
  t.app.set_language(Lang::Fr);
  REQUIRE(t.click(test::child_window("###lesson", "##step").c_str(), "452"));
  t.ui.frame(t.app, 2);
  text = t.ui.panel_text(t.app, "lesson");
  t.app.set_language(Lang::En);
  INFO(text);
  CHECK(text.find("Pas tout à fait") != std::string::npos);
  CHECK(text.find("452 est un refus temporaire") != std::string::npos);
}

TEST_CASE("panels: an activity is typed in the lesson panel and graded score=N/M by the activity checker") {
  Lessons t;
  const lesson::Step* act = nullptr;
  LessonPanel& panel = open_step(t, "05-smtp", "act-two-rcpt", act);
  REQUIRE(act->activity.has_value());
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  const std::string step_window = test::child_window("###lesson", "##step");
  const ImGuiID editor = test::Headless::item_id(step_window.c_str(), "##submission");
  CHECK(t.ui.panel_text(t.app, "lesson").find(tr(Str::ModelSolution)) == std::string::npos);  // the teacher's only
  // The student types the partial solution, then runs and grades it.
  REQUIRE(t.ui.click(t.app, step_window.c_str(), editor));
  ImGui::GetIO().AddInputCharactersUTF8(read(act->activity->partial).c_str());
  t.ui.frame(t.app, 2);
  REQUIRE(t.click(step_window.c_str(), tr(Str::Grade)));
  t.ui.frame(t.app, 2);
  REQUIRE(panel.activity() != nullptr);
  const std::size_t total = act->expect.size();
  CHECK(panel.activity()->total == total);
  CHECK(panel.activity()->score() > 0);
  CHECK(panel.activity()->score() < total);
  std::string text = t.ui.panel_text(t.app, "lesson");
  INFO(text);
  CHECK(text.find("score=" + std::to_string(panel.activity()->score()) + "/" + std::to_string(total)) != std::string::npos);
  CHECK(text.find("happened:") != std::string::npos);
  // The same score as the checker gives for the file (`mailsim activity check`).
  const Scenario base = *load_scenario_file(act->scenario).scenario;
  CHECK(lesson::grade_activity(*act, base, read(act->activity->partial), "partial").score() == panel.activity()->score());
  // The teacher loads the model solution: full score.
  REQUIRE(t.click("###lesson", tr(Str::ShowAnswers)));
  t.ui.frame(t.app, 2);
  REQUIRE(t.click(step_window.c_str(), tr(Str::ModelSolution)));
  REQUIRE(t.click(step_window.c_str(), tr(Str::Grade)));
  t.ui.frame(t.app, 2);
  REQUIRE(panel.activity() != nullptr);
  CHECK(panel.activity()->score() == total);
  text = t.ui.panel_text(t.app, "lesson");
  CHECK(text.find("score=" + std::to_string(total) + "/" + std::to_string(total)) != std::string::npos);
}
