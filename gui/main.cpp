// mailsim-gui: the window. Parses the command line, opens the platform window (exit 3
// when there is no display, so scripts can fall back to `mailsim run`), and runs one of
// four loops: interactive, screenshot (render N steps in, save the framebuffer as PNG),
// bench (render N frames while playing and jumping, print frame-time figures) or live
// (--serve: the world of `mailsim serve` in the window, with the same options, port map,
// clean stop on Ctrl-C/SIGTERM and exports, shared through cli/serve_options.hpp and
// cli/export_options.hpp).
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/scenario_files.hpp"
#include "cli/export_options.hpp"
#include "cli/serve_options.hpp"
#include "platform/platform.hpp"
#include "world/simulation.hpp"

namespace {

using namespace mailsim::gui;
namespace cli = mailsim::cli;
using Clock = std::chrono::steady_clock;

constexpr int kExitUsage = 2;
constexpr int kExitNoDisplay = 3;
constexpr int kLiveFrameMs = 16;  // live mode waits for sockets up to this long per frame

struct Options {
  std::string file;
  std::string screenshot;
  std::size_t step = 0;
  int bench_frames = 0;
  std::string lang, theme, view;
  float font_size = 0;
  bool settings = true;
  bool serve = false;  // live mode: `file` is served to real clients
  cli::ServeOptions live;
  cli::ExportRequest exports;
  std::string mailboxes;
};

void usage(std::FILE* out) {
  std::fprintf(out,
               "usage: mailsim-gui [FILE] [options]\n"
               "       mailsim-gui --serve FILE [live options] [exports] [options]\n\n"
               "  FILE                   a scenario (default: scenarios/basic-smtp.json)\n"
               "  --screenshot PNG       render without interaction and save the window as PNG\n"
               "                         (with --serve: the window as it is when serving ends)\n"
               "  --step N               with --screenshot: after N events\n"
               "  --bench-frames N       render N frames (playing and jumping) and print frame times\n"
               "  --view PANEL           show a panel: sequence, message, queues, mailboxes, dns, scenario, lesson\n"
               "  --lang en|fr           interface language\n"
               "  --theme dark|light|contrast\n"
               "  --font-size PX\n"
               "  --no-settings          neither read nor write the per-user settings\n\n"
               "live mode, as `mailsim serve FILE` but drawn in the window:\n"
               "  --serve FILE           run FILE's world in real time; every service gets a real port\n"
               "                         (port + --port-offset, the map is printed at start); real\n"
               "                         clients speak as the host live-client, drawn with its links.\n"
               "                         The cursor follows the live end unless you step back (End\n"
               "                         follows again). Serving ends when the window closes, on\n"
               "                         Ctrl-C or SIGTERM, or after --duration; then the exports\n"
               "                         are written.\n"
               "  live options, as for mailsim serve:\n"
               "       %s\n"
               "  exports, written when serving ends (passwords masked unless --show-passwords):\n"
               "       %s\n"
               "       [--mailboxes DIR]\n\n"
               "exit status: 0 ok, 1 an export failed, 2 bad arguments (or a port in use), 3 no display available\n",
               cli::kServeUsage, cli::kExportUsage);
}

bool bad_usage(const std::string& message) {
  std::fprintf(stderr, "mailsim-gui: %s\n", message.c_str());
  return false;
}

bool parse(int argc, char** argv, Options& o) {
  const cli::Args args(argv + 1, argv + argc);
  std::string live_only;  // the first option that means nothing without --serve
  std::string positional;
  o.exports.mask = true;  // as `mailsim serve`: real passwords stay out of the exports
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string a = args[i];
    std::string error;
    if (cli::parse_serve_option(args, i, o.live, error) || cli::parse_export_option(args, i, o.exports, error)) {
      if (!error.empty()) return bad_usage(error);
      if (live_only.empty()) live_only = a;
      continue;
    }
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= args.size()) {
        bad_usage(std::string(name) + " needs a value");
        return nullptr;
      }
      return args[++i].c_str();
    };
    const char* v = nullptr;
    if (a == "--help" || a == "-h") {
      usage(stdout);
      std::exit(0);
    } else if (a == "--serve") {
      if (!(v = value("--serve"))) return false;
      o.serve = true;
      o.file = v;
    } else if (a == "--mailboxes") {
      if (!(v = value("--mailboxes"))) return false;
      o.mailboxes = v;
      if (live_only.empty()) live_only = a;
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
      return bad_usage("unknown option " + a);
    } else {
      positional = a;
    }
  }
  if (!o.serve) {
    o.file = positional;
    if (!live_only.empty()) return bad_usage(live_only + " is for live mode: add --serve FILE");
    return true;
  }
  if (!positional.empty()) return bad_usage("give the scenario once, after --serve (not also " + positional + ")");
  if (o.step > 0 || o.bench_frames > 0) return bad_usage("--step and --bench-frames do not apply to --serve");
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

// Renders a few frames (windows, tables and tabs settle) and saves the last one as PNG.
bool capture(Platform& platform, App& app, const std::string& path) {
  for (int f = 0; f < 4; ++f) {
    platform.poll_events();
    run_frame(platform, app, 0.0);
    if (f < 3) platform.swap();
  }
  int w = 0, h = 0;
  platform.framebuffer_size(w, h);
  const bool ok = save_screenshot(path, w, h);
  if (!ok) std::fprintf(stderr, "mailsim-gui: could not write %s\n", path.c_str());
  platform.swap();
  return ok;
}

// Until the window closes; in live mode each frame first serves the real clients, and the
// loop also ends on Ctrl-C/SIGTERM or when --duration runs out.
void interact(Platform& platform, App& app, const cli::ServeOptions* live) {
  auto last = Clock::now();
  while (!platform.should_close() && !app.quit_requested()) {
    if (live && (cli::stop_requested() || live->duration_over(app.live()->server()))) break;
    platform.poll_events();
    // Without vsync (Xvfb) this wait paces the loop; a client's bytes end it early.
    if (live) app.poll_live(std::max(0, kLiveFrameMs - static_cast<int>(ms_since(last))));
    const auto now = Clock::now();
    run_frame(platform, app, std::chrono::duration<double>(now - last).count());
    last = now;
    platform.swap();
  }
}

// --serve: print the port map, serve until the end, then the screenshot and the exports.
int serve(Platform& platform, App& app, const Options& o) {
  std::string error;
  if (!app.serve(o.file, o.live.live, error)) {
    std::fprintf(stderr, "mailsim-gui: %s\n", error.c_str());
    return kExitUsage;
  }
  const mailsim::Simulation& sim = app.context().doc->simulation();
  cli::print_port_map("mailsim-gui", sim, app.live()->server(), o.live.live);
  std::printf("ready (close the window or Ctrl-C to stop)\n");
  std::fflush(stdout);
  cli::catch_stop_signals();
  interact(platform, app, &o.live);
  app.stop_live();
  int result = 0;
  if (!o.screenshot.empty() && !capture(platform, app, o.screenshot)) result = 1;
  cli::print_serve_summary(sim, app.live()->server());
  if (!cli::print_export_report(cli::write_exports(o.exports, sim.trace(), sim.network(), sim.scenario()), "mailsim"))
    result = 1;
  if (!o.mailboxes.empty() &&
      !cli::print_export_report(cli::write_mailboxes(o.mailboxes, sim, sim.scenario()), "mailsim-gui"))
    result = 1;
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr, "  (mailsim-gui --help lists the options)\n");
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
    if (o.serve) {
      result = serve(*platform, app, o);
    } else {
      std::string file = o.file;
      if (file.empty()) file = !app.settings().last_file.empty() && !batch ? app.settings().last_file : default_scenario();
      const auto load_start = Clock::now();
      app.open(file);
      if (o.bench_frames > 0)
        std::printf("events=%zu load_ms=%.0f\n", app.context().timeline.size(), ms_since(load_start));
      if (!o.screenshot.empty()) {
        app.context().timeline.seek(o.step);
        if (!capture(*platform, app, o.screenshot)) result = 1;
      } else if (o.bench_frames > 0) {
        result = bench(*platform, app, o.bench_frames);
      } else {
        interact(*platform, app, nullptr);
      }
    }
  }
  platform.reset();
  ImGui::DestroyContext();
  return result;
}
