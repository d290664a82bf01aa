#include "platform/frames.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace mailsim::gui {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double run_frame(Platform& platform, App& app, double dt) {
  if (app.fonts_dirty()) {
    app.rebuild_fonts();
    platform.reload_fonts();
  }
  if (app.take_fullscreen_request()) platform.toggle_fullscreen();
  for (const KeyPress& press : platform.take_key_presses()) app.key_press(press);
  platform.new_frame();
  const auto t0 = Clock::now();
  ImGui::NewFrame();
  app.frame(dt);
  ImGui::Render();
  const double cpu = ms_since(t0);
  platform.render();
  return cpu;
}

double quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))];
}

namespace {

// Swaps and waits until the frame is drawn (Platform::wait_drawn): a frame is timed alone.
void present(Platform& platform) {
  platform.swap();
  platform.wait_drawn();
}

}  // namespace

int bench(Platform& platform, App& app, int frames) {
  // Every inspector gets its turn in front while the timeline plays and jumps.
  const char* views[] = {"sequence", "message", "queues", "mailboxes", "dns"};
  Timeline& tl = app.context().timeline;
  tl.speed = 60;
  tl.play(true);
  std::vector<double> times;
  double jump = 0;
  for (int f = 0; f < frames; ++f) {
    if (f % 50 == 25) tl.seek(tl.size() * static_cast<std::size_t>(f % 7) / 7);  // jump around
    if (f % 60 == 0) app.show(views[(f / 60) % 5]);
    if (f % 100 == 99) {
      tl.seek(tl.size());
      run_frame(platform, app, 1.0 / 60);
      present(platform);
      tl.seek(0);  // the worst jump: from the last event to the first
      jump = std::max(jump, run_frame(platform, app, 1.0 / 60));
      present(platform);
      tl.play(true);
    }
    platform.poll_events();
    times.push_back(run_frame(platform, app, 1.0 / 60));
    present(platform);
    if (!tl.playing()) tl.play(true);
  }
  std::sort(times.begin(), times.end());
  std::printf("frames=%d p50_ms=%.3f p99_ms=%.3f jump_ms=%.3f\n", frames, quantile(times, 0.5), quantile(times, 0.99), jump);
  return 0;
}

}  // namespace mailsim::gui
