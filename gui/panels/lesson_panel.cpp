#include "panels/lesson_panel.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>

#include "app/scenario_files.hpp"
#include "panels/markdown.hpp"

namespace mailsim::gui {

void LessonPanel::go_to(Context& ctx, int step) {
  const lesson::Lesson& l = load_.lessons[lesson_];
  step_ = std::clamp(step, 0, static_cast<int>(l.steps.size()) - 1);
  intro_open_ = step_ == 0;
  answer_.clear();
  verdict_.reset();
  tried_.reset();
  activity_.reset(l.steps[step_]);
  subject_.clear();
  const std::string& scenario = l.steps[step_].scenario;
  pending_place_ = !scenario.empty();
  if (pending_place_ && !(ctx.doc && same_file(ctx.doc->scenario().file, scenario))) ctx.requests.open_path = scenario;
}

void LessonPanel::place_timeline(Context& ctx) {
  const lesson::Step& step = load_.lessons[lesson_].steps[step_];
  if (!ctx.doc || !same_file(ctx.doc->scenario().file, step.scenario)) return;  // not loaded yet
  pending_place_ = false;
  const Trace& trace = ctx.doc->simulation().trace();
  // A question stops before its answer until it is answered (or the teacher shows answers).
  const bool answered = teacher_ || (verdict_ && verdict_->error.empty());
  std::optional<std::size_t> at;
  if (step.kind == lesson::StepKind::Predict && !answered) at = lesson::question_position(step, trace);
  else if (step.kind == lesson::StepKind::Predict) at = lesson::answer_position(step, trace);
  else if (step.anchor && step.kind == lesson::StepKind::Show) at = lesson::find_anchor(*step.anchor, trace);
  if (at) ctx.timeline.seek(*at + 1);
}

void LessonPanel::draw_content(Context& ctx) {
  if (!loaded_) {
    loaded_ = true;
    const std::string dir = lessons_dir();
    if (!dir.empty()) load_ = lesson::load_lessons(dir);
  }
  if (load_.lessons.empty()) {
    ImGui::TextDisabled("%s", tr(Str::NoLessons));
    return;
  }
  if (!requested_.empty()) {
    for (int i = 0; i < static_cast<int>(load_.lessons.size()); ++i)
      if (load_.lessons[i].id == requested_ && !load_.lessons[i].steps.empty()) {
        lesson_ = i;
        go_to(ctx, requested_step_);
      }
    requested_.clear();
  }
  const lesson::Lang lang = language();
  lesson_ = std::clamp(lesson_, 0, static_cast<int>(load_.lessons.size()) - 1);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##lesson", load_.lessons[lesson_].title.get(lang).c_str())) {
    for (int i = 0; i < static_cast<int>(load_.lessons.size()); ++i)
      if (ImGui::Selectable(load_.lessons[i].title.get(lang).c_str(), i == lesson_)) {
        lesson_ = i;
        step_ = 0;
        if (!load_.lessons[i].steps.empty()) go_to(ctx, 0);
      }
    ImGui::EndCombo();
  }
  const lesson::Lesson& l = load_.lessons[lesson_];  // after the combo: the lesson picked there
  if (l.steps.empty()) return;
  if (pending_place_) place_timeline(ctx);
  if (ImGui::Button(tr(Str::Previous))) go_to(ctx, step_ - 1);
  ImGui::SameLine();
  ImGui::Text("%d / %zu", step_ + 1, l.steps.size());
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::Next))) go_to(ctx, step_ + 1);
  const float toggle_w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(tr(Str::ShowAnswers)).x;
  const float right_of_next = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
  if (ImGui::GetContentRegionMax().x - right_of_next > toggle_w + ImGui::GetFontSize()) ImGui::SameLine(0, ImGui::GetFontSize());
  if (ImGui::Checkbox(tr(Str::ShowAnswers), &teacher_)) {
    pending_place_ = !l.steps[step_].scenario.empty();  // the timeline goes to (or back before) the answer
    tried_.reset();
  }
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
    ImGui::TextUnformatted(tr(Str::ShowAnswersHelp));
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  ImGui::Separator();
  draw_other_scenario(ctx, l.steps[step_]);
  ImGui::BeginChild("##step");
  // The lesson's introduction: open on the first step, a click away on the others.
  if (!l.intro.get(lang).empty()) {
    ImGui::SetNextItemOpen(intro_open_, ImGuiCond_Always);
    intro_open_ = ImGui::CollapsingHeader(tr(Str::Introduction));
    if (intro_open_) draw_markdown(l.intro.get(lang), ctx.fonts, ctx.palette);
  }
  draw_step(ctx, l.steps[step_]);
  ImGui::EndChild();
}

void LessonPanel::draw_other_scenario(Context& ctx, const lesson::Step& step) {
  if (step.scenario.empty() || (ctx.doc && same_file(ctx.doc->scenario().file, step.scenario))) return;
  std::string says = tr(Str::StepScenario);  // "… %s …": the scenario's file name goes there
  if (const auto at = says.find("%s"); at != std::string::npos)
    says.replace(at, 2, std::filesystem::path(step.scenario).filename().string());
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.reply[4]);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(says.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  if (ImGui::Button(tr(Str::OpenStepScenario))) {
    ctx.requests.open_path = step.scenario;
    pending_place_ = true;
  }
  ImGui::Separator();
}

void LessonPanel::draw_step(Context& ctx, const lesson::Step& step) {
  const lesson::Lang lang = language();
  ImGui::TextUnformatted(step.title.get(lang).c_str());
  ImGui::Spacing();
  draw_markdown(step.body.get(lang), ctx.fonts, ctx.palette);
  ImGui::Spacing();
  const bool answered = teacher_ || verdict_;
  if ((!step.address.empty() || !step.message_file.empty()) && (!step.predict || answered)) {
    // What the parser found: for a question, its answer, so only once answered.
    if (subject_lang_ != lang || subject_.empty()) {
      subject_ = lesson::subject_summary(step, lang);
      subject_lang_ = lang;
    }
    ImGui::PushFont(ctx.fonts.mono ? ctx.fonts.mono : ImGui::GetFont());
    ImGui::TextWrapped("%s", subject_.c_str());
    ImGui::PopFont();
    ImGui::Spacing();
  }
  const bool shown = ctx.doc && same_file(ctx.doc->scenario().file, step.scenario);
  if (step.kind == lesson::StepKind::Predict) draw_predict(ctx, step, shown ? &ctx.doc->simulation().trace() : nullptr);
  else if (step.kind == lesson::StepKind::Try && ctx.doc) draw_try(ctx, step);
  else if (step.kind == lesson::StepKind::Activity)
    activity_.draw(ctx, step, load_.lessons[lesson_].id + "/" + step.id, runner_.scenario(step.scenario), teacher_);
}

void LessonPanel::draw_predict(Context& ctx, const lesson::Step& step, const Trace* trace) {
  const lesson::Lang lang = language();
  bool check = false;
  if (step.predict && !step.predict->options.empty()) {  // a multiple choice: one button each
    for (const std::string& option : step.predict->options) {
      const bool chosen = verdict_ && option == answer_;
      if (chosen) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(ImGuiCol_ButtonActive));
      if (ImGui::Button(lesson::display_answer(option, lang).c_str())) {
        answer_ = option;
        check = true;
      }
      if (chosen) ImGui::PopStyleColor();
      ImGui::SameLine();
    }
    ImGui::NewLine();
  } else {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    ImGui::InputText(tr(Str::YourAnswer), &answer_);
    ImGui::SameLine();
    check = ImGui::Button(tr(Str::Check));
  }
  if (check && (trace || step.scenario.empty())) {
    verdict_ = std::make_unique<lesson::PredictionResult>(lesson::evaluate_prediction(step, trace, answer_, lang));
    if (verdict_->error.empty()) {
      if (ctx.record_progress) lesson::record_answer(load_.lessons[lesson_].id, step.id, answer_, verdict_->correct);
      pending_place_ = !step.scenario.empty();  // now the timeline may show the event that answers
    }
    subject_.clear();
  }
  ImGui::PushTextWrapPos(0.0f);
  if (verdict_) {  // buttons offer only the choices: an answer is never refused here
    ImGui::PushStyleColor(ImGuiCol_Text, verdict_->correct ? ctx.palette.reply[2] : ctx.palette.reply[4]);
    ImGui::TextUnformatted(verdict_->correct ? tr(Str::Correct) : tr(Str::Wrong));
    if (!verdict_->correct) ImGui::TextUnformatted(verdict_->expected.c_str());
    ImGui::PopStyleColor();
    if (!verdict_->feedback.empty()) draw_markdown(verdict_->feedback, ctx.fonts, ctx.palette);  // why that choice is wrong
    if (verdict_->error.empty()) draw_markdown(verdict_->explanation, ctx.fonts, ctx.palette);
    else ImGui::TextUnformatted(verdict_->error.c_str());
  } else if (teacher_ && (trace || step.scenario.empty())) {
    // The teacher's view before any answer: the answer, its explanation, every choice's feedback.
    const lesson::PredictionResult r = lesson::reveal_answer(step, trace, lang);
    ImGui::Separator();
    if (!r.error.empty()) ImGui::TextUnformatted(r.error.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.reply[2]);
    ImGui::Text(tr(Str::ComputedAnswer), r.expected.c_str());
    ImGui::PopStyleColor();
    draw_markdown(r.explanation, ctx.fonts, ctx.palette);
    for (const auto& [choice, text] : step.feedback) {
      ImGui::Spacing();
      ImGui::TextDisabled(tr(Str::IfChosen), lesson::display_answer(choice, lang).c_str());
      draw_markdown(text.get(lang), ctx.fonts, ctx.palette);
    }
  }
  ImGui::PopTextWrapPos();
}

void LessonPanel::draw_try(Context& ctx, const lesson::Step& step) {
  // The outcome is the step's result: run on the student's click, at once for the teacher.
  if (ImGui::Button(tr(Str::RunTry)) || (teacher_ && !tried_))
    tried_ = std::make_unique<lesson::TryResult>(lesson::run_try(step, ctx.doc->scenario()));
  if (!tried_) return;
  for (const auto& err : tried_->errors) ImGui::BulletText("%s", err.c_str());
  for (const auto& r : tried_->results) {
    ImGui::PushStyleColor(ImGuiCol_Text, r.passed ? ctx.palette.reply[2] : ctx.palette.reply[5]);
    ImGui::BulletText("%s: %s %s", r.description.c_str(), r.passed ? tr(Str::Passed) : tr(Str::Failed), r.detail.c_str());
    ImGui::PopStyleColor();
  }
  if (tried_->changed && ImGui::Button(tr(Str::ShowRun))) ctx.requests.what_if = std::make_unique<Scenario>(*tried_->changed);
}

}  // namespace mailsim::gui
