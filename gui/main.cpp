// mailsim-gui: the window. Parses the command line, opens the platform window (exit 3
// when there is no display, so scripts can fall back to `mailsim run`), and runs one of
// four loops: interactive, screenshot (render N steps in, save the framebuffer as PNG),
// bench (render N frames while playing and jumping, or while the trace grows as under a
// flood of live clients, and print frame-time figures) or live
// (--serve: the world of `mailsim serve` in the window, with the same options, port map,
// clean stop on Ctrl-C/SIGTERM and exports, shared through live/serve_options.hpp and
// export/request.hpp). Live mode binds its ports before the window opens, so a port in
// use exits 2 without a window.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/scenario_files.hpp"
#include "export/request.hpp"
#include "live/serve_options.hpp"
#include "platform/frames.hpp"
#include "platform/platform.hpp"
#include "world/simulation.hpp"

namespace {

using namespace mailsim::gui;
using mailsim::Simulation;
using Clock = std::chrono::steady_clock;

constexpr int kExitUsage = 2;
constexpr int kExitNoDisplay = 3;
constexpr int kLiveFrameMs = 16;     // live mode: a frame at least this often
constexpr int kLiveServeMinMs = 4;   // ... and real clients served this long between two

struct Options {
  std::string file;
  std::string screenshot;
  std::size_t step = 0;
  int bench_frames = 0;
  std::size_t bench_grow = 0;  // with bench_frames: events the trace gains before each frame
  std::string lang, theme, view;
  float font_size = 0;
  int width = 1280, height = 800;  // --size WxH
  bool settings = true;
  bool serve = false;  // live mode: `file` is served to real clients
  mailsim::ServeOptions live;
  mailsim::ExportRequest exports;
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
               "  --bench-grow K         with --bench-frames: the trace grows by K events before each\n"
               "                         frame (as live mode under a flood of clients)\n"
               "  --view PANEL           show a panel: sequence, message, queues, mailboxes, dns, scenario, lesson, export\n"
               "  --lang en|fr           interface language\n"
               "  --theme dark|light|contrast\n"
               "  --font-size PX\n"
               "  --size WxH             the window's size (default 1280x800)\n"
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
               "  exports, written when serving ends; real clients' passwords are masked, in the\n"
               "  window as in the exports, unless --show-passwords:\n"
               "       %s\n"
               "       [--mailboxes DIR]\n\n"
               "exit status: 0 ok, 1 an export failed, 2 bad arguments (or a port in use), 3 no display available\n",
               mailsim::kServeUsage, mailsim::kExportUsage);
}

bool bad_usage(const std::string& message) {
  std::fprintf(stderr, "mailsim-gui: %s\n", message.c_str());
  return false;
}

bool parse(int argc, char** argv, Options& o) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  std::string live_only;  // the first option that means nothing without --serve
  std::string positional;
  o.exports.mask = true;  // as `mailsim serve`: real passwords stay out of the exports
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string a = args[i];
    std::string error;
    if (mailsim::parse_serve_option(args, i, o.live, error) || mailsim::parse_export_option(args, i, o.exports, error)) {
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
    } else if (a == "--bench-grow") {
      if (!(v = value("--bench-grow"))) return false;
      o.bench_grow = std::strtoull(v, nullptr, 10);
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
    } else if (a == "--size") {
      if (!(v = value("--size"))) return false;
      if (std::sscanf(v, "%dx%d", &o.width, &o.height) != 2 || o.width < 320 || o.height < 240)
        return bad_usage(std::string("--size wants WIDTHxHEIGHT, at least 320x240 (not ") + v + ")");
    } else if (a == "--no-settings") {
      o.settings = false;
    } else if (!a.empty() && a[0] == '-') {
      return bad_usage("unknown option " + a);
    } else {
      positional = a;
    }
  }
  if (o.bench_grow > 0 && o.bench_frames == 0) return bad_usage("--bench-grow needs --bench-frames N");
  if (!o.serve) {
    o.file = positional;
    if (!live_only.empty()) return bad_usage(live_only + " is for live mode: add --serve FILE");
    return true;
  }
  if (!positional.empty()) return bad_usage("give the scenario once, after --serve (not also " + positional + ")");
  if (o.step > 0 || o.bench_frames > 0) return bad_usage("--step and --bench-frames do not apply to --serve");
  return true;
}

// --bench-grow K: before each frame the simulation runs until its trace has K more events,
// the index catches up and the cursor follows the end, as in live mode under a flood of
// clients. The figures are the CPU time of the catch-up plus the frame (the simulation's
// own work is not counted), and of the catch-up alone.
int bench_growing(Platform& platform, App& app, int frames, std::size_t per_frame) {
  Document& doc = *app.document();
  Simulation& sim = doc.simulation();
  Timeline& tl = app.context().timeline;
  std::vector<double> times, catch_up;
  for (int f = 0; f < frames; ++f) {
    const std::size_t target = sim.trace().size() + per_frame;
    while (sim.trace().size() < target && sim.step()) {}
    platform.poll_events();
    const auto t0 = Clock::now();
    doc.index().extend();
    catch_up.push_back(ms_since(t0));
    tl.seek(tl.size());
    times.push_back(catch_up.back() + run_frame(platform, app, 1.0 / 60));
    platform.swap();
  }
  std::sort(times.begin(), times.end());
  std::sort(catch_up.begin(), catch_up.end());
  std::printf("frames=%d events=%zu p50_ms=%.3f p99_ms=%.3f max_ms=%.3f extend_p50_ms=%.3f extend_max_ms=%.3f\n", frames,
              sim.trace().size(), quantile(times, 0.5), quantile(times, 0.99), times.empty() ? 0.0 : times.back(),
              quantile(catch_up, 0.5), catch_up.empty() ? 0.0 : catch_up.back());
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
// loop also ends on Ctrl-C/SIGTERM or when --duration runs out. When the app is idle
// (paused, no input lately) the loop sleeps until the next input event.
void interact(Platform& platform, App& app, const mailsim::ServeOptions* live) {
  auto last = Clock::now();
  while (!platform.should_close() && !app.quit_requested()) {
    if (live && (mailsim::stop_requested() || live->duration_over(app.live()->server()))) break;
    if (app.idle()) {
      platform.wait_events();  // paused and untouched: sleep until the next input
      last = Clock::now();
    } else {
      platform.poll_events();
    }
    // Serve round after round until the next frame is due, so a flood of clients is not
    // held to one round per frame (each round waits for sockets only while there is time
    // left); without vsync (Xvfb) this also paces the loop.
    if (live) {
      const auto serving = Clock::now();
      auto ms_left = [&] {
        const double frame_due = kLiveFrameMs - ms_since(last), served_enough = kLiveServeMinMs - ms_since(serving);
        return static_cast<int>(std::max(frame_due, served_enough));
      };
      do app.poll_live(std::max(0, ms_left()));
      while (ms_left() > 0);
    }
    const auto now = Clock::now();
    run_frame(platform, app, std::chrono::duration<double>(now - last).count());
    last = now;
    platform.swap();
  }
}

// --serve, once the ports are bound and the window is open: print the port map, serve
// until the end, then the screenshot and the exports.
int serve(Platform& platform, App& app, const Options& o) {
  const mailsim::Simulation& sim = app.context().doc->simulation();
  mailsim::print_port_map("mailsim-gui", sim, app.live()->server(), o.live.live);
  std::printf("ready (close the window or Ctrl-C to stop)\n");
  std::fflush(stdout);
  mailsim::catch_stop_signals();
  interact(platform, app, &o.live);
  app.stop_live();
  int result = 0;
  if (!o.screenshot.empty() && !capture(platform, app, o.screenshot)) result = 1;
  mailsim::print_serve_summary(sim, app.live()->server());
  mailsim::ExportRequest exports = o.exports;
  exports.wire = &app.live()->server().wire_log();  // the pcap carries the TLS connections' records
  if (!mailsim::print_export_report(mailsim::write_exports(exports, sim.trace(), sim.network(), sim.scenario()), "mailsim-gui"))
    result = 1;
  if (!o.mailboxes.empty() &&
      !mailsim::print_export_report(mailsim::write_mailboxes(o.mailboxes, sim, sim.scenario()), "mailsim-gui"))
    result = 1;
  return result;
}

void configure(App& app, const Options& o) {
  if (o.lang == "fr") app.set_language(mailsim::explain::Lang::Fr);
  else if (o.lang == "en") app.set_language(mailsim::explain::Lang::En);
  if (o.theme == "light") app.set_theme(ThemeKind::Light);
  else if (o.theme == "contrast") app.set_theme(ThemeKind::HighContrast);
  else if (o.theme == "dark") app.set_theme(ThemeKind::Dark);
  if (o.font_size > 0) app.set_font_size(o.font_size);
  if (!o.view.empty() && !app.show(o.view)) std::fprintf(stderr, "mailsim-gui: no panel named %s\n", o.view.c_str());
}

// Opens the window and runs the loop the options ask for; exit 3 without a display.
int run_window(App& app, const Options& o, bool batch) {
  auto platform = make_platform();
  std::string error;
  if (!platform->init("mailsim", o.width, o.height, error)) {
    std::fprintf(stderr,
                 "mailsim-gui: no display available (%s).\n"
                 "  Run it on a desktop, or under Xvfb: xvfb-run -a mailsim-gui FILE\n"
                 "  For the transcript without a window: mailsim run FILE\n",
                 error.c_str());
    return kExitNoDisplay;
  }
  app.set_key_codes(platform->key_codes());
  if (o.serve) return serve(*platform, app, o);
  std::string file = o.file;
  if (file.empty()) file = !app.settings().last_file.empty() && !batch ? app.settings().last_file : default_scenario();
  if (!batch) {  // the window shows the run's progress, a slice per frame
    app.open_running(file);
    interact(*platform, app, nullptr);
    return 0;
  }
  const auto load_start = Clock::now();
  app.open(file, o.bench_grow > 0 ? Document::Run::Live : Document::Run::ToEnd);
  if (o.bench_frames > 0) std::printf("events=%zu load_ms=%.0f\n", app.context().timeline.size(), ms_since(load_start));
  if (!o.screenshot.empty()) {
    app.context().timeline.seek(o.step);
    return capture(*platform, app, o.screenshot) ? 0 : 1;
  }
  if (o.bench_grow > 0) return bench_growing(*platform, app, o.bench_frames, o.bench_grow);
  return bench(*platform, app, o.bench_frames);
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
  int result = 0;
  {
    App app(o.settings && !batch);
    configure(app, o);
    // Live mode binds its ports before the window opens: a port in use (or a broken
    // scenario) is an error on the terminal, without a window flashing.
    std::string error;
    if (o.serve && !app.serve(o.file, o.live.live, o.exports.mask, error)) {
      std::fprintf(stderr, "mailsim-gui: %s\n", error.c_str());
      result = kExitUsage;
    } else {
      result = run_window(app, o, batch);
    }
  }
  ImGui::DestroyContext();
  return result;
}
