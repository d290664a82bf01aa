// mailsim-gui: the window. Parses the command line, opens the platform window (exit 3
// when there is no display, so scripts can fall back to `mailsim run`), and runs one of
// three loops: interactive, screenshot (render N steps in, save the framebuffer as PNG)
// or bench (render N frames while playing and jumping, print frame-time figures).
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/scenario_files.hpp"
#include "platform/platform.hpp"

namespace {

using namespace mailsim::gui;
using Clock = std::chrono::steady_clock;

constexpr int kExitUsage = 2;
constexpr int kExitNoDisplay = 3;

struct Options {
  std::string file;
  std::string screenshot;
  std::size_t step = 0;
  int bench_frames = 0;
  std::string lang, theme, view;
  float font_size = 0;
  bool settings = true;
};

void usage(std::FILE* out) {
  std::fprintf(out,
               "usage: mailsim-gui [FILE] [options]\n\n"
               "  FILE                   a scenario (default: scenarios/basic-smtp.json)\n"
               "  --screenshot PNG       render without interaction and save the window as PNG\n"
               "  --step N               with --screenshot: after N events\n"
               "  --bench-frames N       render N frames (playing and jumping) and print frame times\n"
               "  --view PANEL           show a panel: sequence, message, queues, mailboxes, dns, scenario, lesson\n"
               "  --lang en|fr           interface language\n"
               "  --theme dark|light|contrast\n"
               "  --font-size PX\n"
               "  --no-settings          neither read nor write the per-user settings\n\n"
               "exit status: 0 ok, 2 bad arguments, 3 no display available\n");
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "mailsim-gui: %s needs a value\n", name);
        return nullptr;
      }
      return argv[++i];
    };
    const char* v = nullptr;
    if (a == "--help" || a == "-h") {
      usage(stdout);
      std::exit(0);
    } else if (a == "--screenshot") {
      if (!(v = value("--screenshot"))) return false;
      o.screenshot = v;
    } else if (a == "--step") {
      if (!(v = value("--step"))) return false;
      o.step = std::strtoull(v, nullptr, 10);
    } else if (a == "--bench-frames") {
      if (!(v = value("--bench-frames"))) return false;
      o.bench_frames = std::atoi(v);
    } else if (a == "--lang") {
      if (!(v = value("--lang"))) return false;
      o.lang = v;
    } else if (a == "--view") {
      if (!(v = value("--view"))) return false;
      o.view = v;
    } else if (a == "--theme") {
      if (!(v = value("--theme"))) return false;
      o.theme = v;
    } else if (a == "--font-size") {
      if (!(v = value("--font-size"))) return false;
      o.font_size = std::strtof(v, nullptr);
    } else if (a == "--no-settings") {
      o.settings = false;
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "mailsim-gui: unknown option %s\n", a.c_str());
      return false;
    } else {
      o.file = a;
    }
  }
  return true;
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// One frame: backends, the app, ImGui's render. Returns the CPU time of the app's part (ms).
double run_frame(Platform& platform, App& app, double dt) {
  if (app.fonts_dirty()) {
    app.rebuild_fonts();
    platform.reload_fonts();
  }
  if (app.take_fullscreen_request()) platform.toggle_fullscreen();
  platform.new_frame();
  const auto t0 = Clock::now();
  ImGui::NewFrame();
  app.frame(dt);
  ImGui::Render();
  const double cpu = ms_since(t0);
  platform.render();
  return cpu;
}

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
      platform.swap();
      tl.seek(0);  // the worst jump: from the last event to the first
      jump = std::max(jump, run_frame(platform, app, 1.0 / 60));
      platform.swap();
      tl.play(true);
    }
    platform.poll_events();
    times.push_back(run_frame(platform, app, 1.0 / 60));
    platform.swap();
    if (!tl.playing()) tl.play(true);
  }
  std::sort(times.begin(), times.end());
  auto pct = [&](double p) { return times.empty() ? 0.0 : times[std::min(times.size() - 1, static_cast<std::size_t>(p * times.size()))]; };
  std::printf("frames=%d p50_ms=%.3f p99_ms=%.3f jump_ms=%.3f\n", frames, pct(0.5), pct(0.99), jump);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    usage(stderr);
    return kExitUsage;
  }
  const bool batch = !o.screenshot.empty() || o.bench_frames > 0;
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  auto platform = make_platform();
  std::string error;
  if (!platform->init("mailsim", 1280, 800, error)) {
    std::fprintf(stderr,
                 "mailsim-gui: no display available (%s).\n"
                 "  Run it on a desktop, or under Xvfb: xvfb-run -a mailsim-gui FILE\n"
                 "  For the transcript without a window: mailsim run FILE\n",
                 error.c_str());
    ImGui::DestroyContext();
    return kExitNoDisplay;
  }
  int result = 0;
  {
    App app(o.settings && !batch);
    app.set_key_codes(platform->key_codes());
    if (o.lang == "fr") app.set_language(mailsim::explain::Lang::Fr);
    else if (o.lang == "en") app.set_language(mailsim::explain::Lang::En);
    if (o.theme == "light") app.set_theme(ThemeKind::Light);
    else if (o.theme == "contrast") app.set_theme(ThemeKind::HighContrast);
    else if (o.theme == "dark") app.set_theme(ThemeKind::Dark);
    if (o.font_size > 0) app.set_font_size(o.font_size);
    if (!o.view.empty() && !app.show(o.view)) std::fprintf(stderr, "mailsim-gui: no panel named %s\n", o.view.c_str());
    std::string file = o.file;
    if (file.empty()) file = !app.settings().last_file.empty() && !batch ? app.settings().last_file : default_scenario();
    const auto load_start = Clock::now();
    app.open(file);
    if (o.bench_frames > 0)
      std::printf("events=%zu load_ms=%.0f\n", app.context().timeline.size(), ms_since(load_start));

    if (!o.screenshot.empty()) {
      app.context().timeline.seek(o.step);
      // A few frames let windows, tables and tabs settle before the capture.
      for (int f = 0; f < 4; ++f) {
        platform->poll_events();
        run_frame(*platform, app, 0.0);
        if (f < 3) platform->swap();
      }
      int w = 0, h = 0;
      platform->framebuffer_size(w, h);
      if (!save_screenshot(o.screenshot, w, h)) {
        std::fprintf(stderr, "mailsim-gui: could not write %s\n", o.screenshot.c_str());
        result = 1;
      }
      platform->swap();
    } else if (o.bench_frames > 0) {
      result = bench(*platform, app, o.bench_frames);
    } else {
      auto last = Clock::now();
      while (!platform->should_close() && !app.quit_requested()) {
        platform->poll_events();
        const auto now = Clock::now();
        run_frame(*platform, app, std::chrono::duration<double>(now - last).count());
        last = now;
        platform->swap();
      }
    }
  }
  platform.reset();
  ImGui::DestroyContext();
  return result;
}
