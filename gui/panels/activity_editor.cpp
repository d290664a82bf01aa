#include "panels/activity_editor.hpp"

#include <imgui_stdlib.h>

#include <fstream>
#include <sstream>

#include "app/i18n.hpp"
#include "explain/notes.hpp"

namespace mailsim::gui {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  return text.str();
}

Str hand_in(lesson::Activity::Submit submit) {
  switch (submit) {
    case lesson::Activity::Submit::Lines: return Str::ActivityLines;
    case lesson::Activity::Submit::Edits: return Str::ActivityEdits;
    case lesson::Activity::Submit::Scenario: return Str::ActivityScenario;
  }
  return Str::ActivityLines;
}

// The name the checker's messages give the submission.
const char* submission_name(lesson::Activity::Submit submit) {
  return submit == lesson::Activity::Submit::Lines ? "submission.txt" : "submission.json";
}

}  // namespace

void ActivityEditor::reset(const lesson::Step& step) {
  result_.reset();
  text_.clear();
  if (step.activity && step.activity->submit == lesson::Activity::Submit::Scenario) text_ = read_file(step.scenario);
}

void ActivityEditor::draw(Context& ctx, const lesson::Step& step, const std::string& name, const Scenario* base, bool teacher) {
  if (!step.activity) return;
  const lesson::Activity& activity = *step.activity;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(tr(hand_in(activity.submit)));
  ImGui::TextDisabled(tr(Str::Graded), step.expect.size());
  ImGui::PopTextWrapPos();
  if (teacher && !activity.good.empty() && ImGui::Button(tr(Str::ModelSolution))) {
    text_ = read_file(activity.good);
    result_.reset();
  }
  const float font = ImGui::GetFontSize();
  const float lines = activity.submit == lesson::Activity::Submit::Scenario ? 18.0f : 10.0f;
  ImGui::PushFont(ctx.fonts.mono ? ctx.fonts.mono : ImGui::GetFont());
  if (ImGui::InputTextMultiline("##submission", &text_, ImVec2(-1, font * lines), ImGuiInputTextFlags_AllowTabInput))
    result_.reset();  // the score was for another text
  ImGui::PopFont();
  if (ImGui::Button(tr(Str::Grade)) && base) {
    result_ = std::make_unique<lesson::ActivityResult>(lesson::grade_activity(step, *base, text_, submission_name(activity.submit)));
    if (ctx.record_progress) lesson::record_score(name, result_->score(), result_->total);
  }
  if (!result_) return;
  const lesson::ActivityResult& r = *result_;
  const bool full = r.errors.empty() && r.score() == r.total;
  ImGui::PushStyleColor(ImGuiCol_Text, full ? ctx.palette.reply[2] : ctx.palette.reply[4]);
  ImGui::Text("score=%zu/%zu", r.score(), r.total);  // as `mailsim activity check` prints it
  ImGui::PopStyleColor();
  const Lang lang = language();
  ImGui::PushTextWrapPos(0.0f);
  for (const auto& e : r.errors) ImGui::BulletText("%s", e.c_str());
  for (const auto& x : r.results) {
    ImGui::PushStyleColor(ImGuiCol_Text, x.passed ? ctx.palette.reply[2] : ctx.palette.reply[5]);
    const std::string expected = explain::localize_expectation(x.description, lang);
    ImGui::BulletText("%s%s%s", expected.c_str(), explain::label_separator(lang).data(), x.passed ? tr(Str::Passed) : tr(Str::Failed));
    if (!x.passed) {
      ImGui::Indent();
      ImGui::Text("%s %s", tr(Str::Happened), explain::localize_expectation(x.detail, lang).c_str());
      ImGui::Unindent();
    }
    ImGui::PopStyleColor();
  }
  ImGui::PopTextWrapPos();
}

}  // namespace mailsim::gui
