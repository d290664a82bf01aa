#include "panels/timeline_panel.hpp"

#include <algorithm>
#include <cstdio>

#include "app/i18n.hpp"
#include "explain/notes.hpp"
#include "panels/widgets.hpp"

namespace mailsim::gui {
namespace {

constexpr double kSpeeds[] = {0.01, 0.05, 0.2, 1, 10, 60, 600, 3600};
constexpr const char* kSpeedLabels[] = {"×0.01", "×0.05", "×0.2", "×1", "×10", "×60", "×600", "×3600"};

}  // namespace

// Places the next group of controls `width` wide on the current row if it fits, else on
// a new one (large text on a narrow window wraps instead of cutting the counter).
void TimelinePanel::next_group(float width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right) ImGui::SameLine();
  else ++rows_;
}

void TimelinePanel::draw_content(Context& ctx) {
  Timeline& tl = ctx.timeline;
  const ImGuiStyle& style = ImGui::GetStyle();
  auto button_w = [&](const char* label) { return ImGui::CalcTextSize(label, nullptr, true).x + style.FramePadding.x * 2; };
  rows_ = 1;
  if (ImGui::Button(tr(Str::Restart))) tl.restart();
  next_group(button_w(tr(Str::StepBack)));
  if (ImGui::Button(tr(Str::StepBack))) tl.step(-1, tl.step_size);
  next_group(button_w(tl.at_live_end() ? tr(Str::PlayFollowsLive) : tl.playing() ? tr(Str::Pause) : tr(Str::Play)));
  if (tl.at_live_end()) {
    // Nothing to play at the live end: new events show as they come.
    ImGui::BeginDisabled();
    ImGui::Button(tr(Str::PlayFollowsLive));
    ImGui::EndDisabled();
  } else if (ImGui::Button(tl.playing() ? tr(Str::Pause) : tr(Str::Play))) {
    tl.play(!tl.playing());
  }
  next_group(button_w(tr(Str::Step)));
  if (ImGui::Button(tr(Str::Step))) tl.step(+1, tl.step_size);
  const float font = ImGui::GetFontSize();
  next_group(ImGui::CalcTextSize(tr(Str::StepSize)).x + style.ItemSpacing.x + font * 11);
  ImGui::TextUnformatted(tr(Str::StepSize));
  ImGui::SameLine();
  int size = static_cast<int>(tl.step_size);
  const char* sizes[] = {tr(Str::StepEvent), tr(Str::StepReply), tr(Str::StepHop)};
  ImGui::SetNextItemWidth(font * 11);
  if (ImGui::Combo("##stepsize", &size, sizes, 3)) tl.step_size = static_cast<StepSize>(size);
  next_group(ImGui::CalcTextSize(tr(Str::Speed)).x + style.ItemSpacing.x + font * 5);
  ImGui::TextUnformatted(tr(Str::Speed));
  ImGui::SameLine();
  int speed = static_cast<int>(std::find(std::begin(kSpeeds), std::end(kSpeeds), tl.speed) - std::begin(kSpeeds));
  ImGui::SetNextItemWidth(font * 5);
  if (ImGui::Combo("##speed", &speed, kSpeedLabels, IM_ARRAYSIZE(kSpeedLabels))) tl.speed = kSpeeds[speed];
  char counter[96];
  std::snprintf(counter, sizeof counter, "%s %zu / %zu   t = %s s", tr(Str::Event), tl.pos(), tl.size(),
                format_time(tl.time()).c_str());
  next_group(ImGui::CalcTextSize(counter).x);
  ImGui::TextUnformatted(counter);

  draw_scrub_bar(ctx);

  const TraceEvent* e = tl.current();
  if (e && ctx.doc) {
    // One line, cut to the window's width with "…" (all of it on hover).
    const std::string line = explain::format_line(ctx.doc->index().trace(), *e, language());
    const float room = ImGui::GetContentRegionAvail().x;
    std::string shown = line;
    if (ImGui::CalcTextSize(line.c_str()).x > room) {
      const float ellipsis = ImGui::CalcTextSize("…").x;
      const char* end = ImGui::GetFont()->CalcWordWrapPositionA(1.0f, line.c_str(), line.c_str() + line.size(), room - ellipsis);
      std::size_t cut = static_cast<std::size_t>(end - line.c_str());
      while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
      shown = line.substr(0, cut) + "…";
    }
    ImGui::PushStyleColor(ImGuiCol_Text, line_colour(ctx.palette, *e));
    ImGui::TextUnformatted(shown.c_str());
    ImGui::PopStyleColor();
    if (shown.size() != line.size() && ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
      ImGui::TextUnformatted(line.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  } else {
    ImGui::TextDisabled("%s", ctx.doc ? tr(Str::AtStart) : tr(Str::NoScenario));
  }
}

void TimelinePanel::draw_scrub_bar(Context& ctx) {
  const float height = ImGui::GetFontSize() * 1.6f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 10.0f);
  ImGui::InvisibleButton("##scrub", ImVec2(width, height));
  const TraceIndex* index = ctx.index();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& p = ctx.palette;
  dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), ImGui::GetColorU32(ImGuiCol_FrameBg));
  if (!index || index->size() == 0) return;
  const double end = static_cast<double>(std::max<SimTime>(index->end_time(), 1));
  if (ImGui::IsItemActive()) {
    const float x = std::clamp(ImGui::GetIO().MousePos.x - origin.x, 0.0f, width);
    ctx.timeline.seek_time(static_cast<SimTime>(x / width * end));
  }
  // Markers: one bucket per column group; failures on top, deliveries at the bottom.
  const ImU32 colours[] = {p.mark_failure, p.mark_retry, p.mark_bounce, p.mark_delivery};
  const float lane = height / 4.0f;
  for (int b = 0; b < TraceIndex::kMarkerBuckets; ++b) {
    const std::uint8_t m = index->marker_bucket(b);
    if (!m) continue;
    const float x0 = origin.x + width * static_cast<float>(b) / TraceIndex::kMarkerBuckets;
    const float x1 = std::max(x0 + 2.0f, origin.x + width * static_cast<float>(b + 1) / TraceIndex::kMarkerBuckets);
    for (int k = 0; k < 4; ++k)
      if (m & (1 << k)) dl->AddRectFilled(ImVec2(x0, origin.y + lane * k), ImVec2(x1, origin.y + lane * (k + 1)), colours[k]);
  }
  const float cx = origin.x + width * static_cast<float>(std::clamp(ctx.timeline.clock() / end, 0.0, 1.0));
  dl->AddLine(ImVec2(cx, origin.y - 2), ImVec2(cx, origin.y + height + 2), p.link_active, 3.0f);
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    const Str names[] = {Str::Failures, Str::Retries, Str::Bounces, Str::Deliveries};
    for (int k = 0; k < 4; ++k) {
      ImGui::ColorButton(tr(names[k]), ImGui::ColorConvertU32ToFloat4(colours[k]), ImGuiColorEditFlags_NoTooltip);
      ImGui::SameLine();
      ImGui::TextUnformatted(tr(names[k]));
    }
    ImGui::EndTooltip();
  }
}

}  // namespace mailsim::gui
