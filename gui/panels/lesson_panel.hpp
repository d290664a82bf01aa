// Theory of operation: the lesson panel.
//
// Lessons come from the core's lesson model (sim/lesson): a list of Markdown lessons with
// steps in French and English. Previous/next (or picking a lesson) moves to a step, which
// opens its scenario if another one is loaded (a request served by the App) and, once it
// is, moves the timeline to the step's anchored event (or, for a question, to just before
// the answer is visible). Whenever the window shows another scenario than the step's (the
// panel was just opened over another one, the student opened one, or the step's did not
// load), the step says which scenario it is about and offers to open it. The lesson's
// introduction heads the first step (folded on the others); texts are drawn from their
// Markdown (panels/markdown.hpp). A predict step takes the student's answer (a button per
// option for a multiple choice) and says whether the simulation agrees, with the lesson's
// feedback on the choice made (the buttons offer only the choices: none is refused), then
// moves the timeline to the event that answers; a try step runs its scenario change, shows
// the expected outcome checked, and can load the changed run into the window; an activity
// takes a submission in an editor and grades it (panels/activity_editor.hpp).
//
// Answer-safe by default: before the student answers nothing shows a predict step's result
// (the timeline stops before the answer, no parser summary, no explanation) nor a try
// step's outcome. The teacher's toggle shows everything, as `mailsim lesson show --answers`:
// the computed answer and its explanation, the feedback of every choice, the timeline on
// the answering event, try outcomes run at once, the model solution of an activity.
#pragma once
#include <memory>
#include <string>

#include "lesson/lesson.hpp"
#include "panels/activity_editor.hpp"
#include "panels/panel.hpp"

namespace mailsim::gui {

class LessonPanel : public Panel {
 public:
  LessonPanel() : Panel(Str::Lesson, "lesson") {}
  void draw_content(Context& ctx) override;
  // Goes to a lesson (its id, "06-dns-mx") and step (0-based) when next drawn, as a deep
  // link asks; an unknown id leaves the panel where it was.
  void request(const std::string& lesson_id, int step) {
    requested_ = lesson_id;
    requested_step_ = step;
  }
  // The lesson and step shown ("" before the lessons are loaded).
  std::string lesson_id() const { return loaded_ && !load_.lessons.empty() ? load_.lessons[lesson_].id : std::string(); }
  int step() const { return step_; }
  // The verdict on the student's last answer to this step's question (null: none yet).
  const lesson::PredictionResult* verdict() const { return verdict_.get(); }
  bool teacher() const { return teacher_; }
  // The grade of the activity step's last submission (null: none yet).
  const lesson::ActivityResult* activity() const { return activity_.result(); }

 private:
  void go_to(Context& ctx, int step);
  void place_timeline(Context& ctx);
  void draw_other_scenario(Context& ctx, const lesson::Step& step);
  void draw_step(Context& ctx, const lesson::Step& step);
  void draw_predict(Context& ctx, const lesson::Step& step, const Trace* trace);
  void draw_try(Context& ctx, const lesson::Step& step);
  bool loaded_ = false;
  lesson::LessonLoad load_;
  int lesson_ = 0;
  int step_ = 0;
  bool intro_open_ = true;  // the introduction unfolded (on the first step, until folded)
  bool pending_place_ = false;  // move the timeline once the step's scenario is loaded
  std::string requested_;  // request(): the lesson to go to when next drawn
  int requested_step_ = 0;
  std::string answer_;
  std::unique_ptr<lesson::PredictionResult> verdict_;
  std::unique_ptr<lesson::TryResult> tried_;
  std::string subject_;  // what the parser found (address and message steps), in subject_lang_
  lesson::Lang subject_lang_ = lesson::Lang::En;
  bool teacher_ = false;  // the teacher's view: every answer and outcome shown
  ActivityEditor activity_;
  lesson::LessonRunner runner_;  // the activities' scenarios, loaded once
};

}  // namespace mailsim::gui
