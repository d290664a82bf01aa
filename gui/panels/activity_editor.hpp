// Theory of operation: an activity step in the lesson panel.
//
// The student types the submission in an editor (the lines of a session, a JSON list of
// scenario changes, or the whole scenario, prefilled with the step's scenario file), then
// "Run and grade" hands it to the lessons' activity checker (lesson::grade_activity, the
// one `mailsim activity check` uses): the changed scenario runs and each of the step's
// expectations is one point. The panel shows score=N/M and, per check, what was expected
// and, when it failed, what happened, in the window's language; the score goes into the
// student's progress file when the window keeps per-user files. The teacher's view can
// load the lesson's model solution into the editor.
#pragma once
#include <memory>
#include <string>

#include "app/context.hpp"
#include "lesson/lesson.hpp"

namespace mailsim::gui {

class ActivityEditor {
 public:
  // Starts over on another step: the editor empty, or holding the step's scenario file.
  void reset(const lesson::Step& step);
  // `name` is the activity's name ("05-smtp/act-two-rcpt"), `base` the step's scenario.
  void draw(Context& ctx, const lesson::Step& step, const std::string& name, const Scenario* base, bool teacher);
  const lesson::ActivityResult* result() const { return result_.get(); }

 private:
  std::string text_;
  std::unique_ptr<lesson::ActivityResult> result_;
};

}  // namespace mailsim::gui
