// The lesson panel never shows a step over another scenario without saying so: opened over
// another scenario, or when the student opens something else, the step names its scenario
// and a button opens it; picking a lesson, next and previous open the step's scenario and
// put the timeline on its event.
#include <doctest/doctest.h>

#include <filesystem>

#include "app/scenario_files.hpp"
#include "fixture.hpp"
#include "lesson/lesson.hpp"

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
