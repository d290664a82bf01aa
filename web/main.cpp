// Theory of operation: the web edition's entry point (mailsim.js + mailsim.wasm).
//
// The same App, panels, model and simulation as mailsim-gui, over emscripten's GLFW and
// WebGL 2 (gui/platform/platform_glfw.cpp compiled for __EMSCRIPTEN__). The page
// (web/index.html) has put the shipped scenarios, lessons and fonts in the in-memory file
// system, restored the settings files from localStorage, and passes its query string as
// the only argument: main() opens what the deep link names (web/deep_link.hpp), then hands
// the frame loop to the browser (emscripten_set_main_loop: one frame per animation frame).
// After each frame it downloads the files a new export wrote and, now and then, saves the
// settings for the page to keep. Live mode needs sockets: the File menu says it is desktop
// only. ?bench-frames=N runs the desktop's frame bench (gui/platform/frames.hpp) first and
// prints the same figures line to the console.
//
// Exported to the page: mailsim_open(path) opens a file the user picked or dropped (a
// broken one shows its file:line:col errors in the Scenario window, as on the desktop);
// mailsim_state() describes what the window shows as JSON (scenario, step, the current
// event's line as `mailsim run` prints it, language, lesson, load errors, link), read by
// the browser test and the "copy link" action; mailsim_item_rect(label, window) locates a widget
// for the browser test (web/item_locator.hpp).
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "app/app.hpp"
#include "app/scenario_files.hpp"
#include "app/settings.hpp"
#include "browser.hpp"
#include "deep_link.hpp"
#include "explain/notes.hpp"
#include "item_locator.hpp"
#include "panels/export_panel.hpp"
#include "panels/lesson_panel.hpp"
#include "platform/frames.hpp"
#include "platform/platform.hpp"

namespace {

using namespace mailsim::gui;
namespace web = mailsim::web;

constexpr int kSettingsEveryFrames = 120;  // about every two seconds

struct WebWindow {
  std::unique_ptr<Platform> platform;
  std::unique_ptr<App> app;
  web::DeepLink link;
  double last_ms = 0;
  std::size_t exports_seen = 0;
  long frames = 0;
};

WebWindow* g_window = nullptr;  // lives as long as the page: the main loop never returns

ExportPanel& export_panel() { return static_cast<ExportPanel&>(*g_window->app->find_panel("export")); }
LessonPanel& lesson_panel() { return static_cast<LessonPanel&>(*g_window->app->find_panel("lesson")); }

// Every regular file at or under `path`, downloaded (a mailbox export is a directory).
void download_written(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    web::download(path);
    return;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec))
    if (entry.is_regular_file()) web::download(entry.path().string());
}

// The deep link to what the window shows now (the lesson's step if the Lesson window is open).
web::DeepLink current_link() {
  App& app = *g_window->app;
  web::DeepLink link;
  link.lang = std::string(mailsim::explain::lang_name(language()));
  LessonPanel& lesson = lesson_panel();
  if (lesson.open && !lesson.lesson_id().empty()) {
    link.lesson = lesson.lesson_id();
    link.step = static_cast<std::size_t>(lesson.step()) + 1;
  } else if (const Document* doc = app.document()) {
    link.scenario = web::scenario_name(doc->scenario().file);
    link.step = app.context().timeline.pos();
  }
  return link;
}

void frame() {
  WebWindow& w = *g_window;
  const double now = emscripten_get_now();
  w.app->set_ui_scale(static_cast<float>(emscripten_get_device_pixel_ratio()));
  if (w.link.test) web::begin_frame_items();
  w.platform->poll_events();
  run_frame(*w.platform, *w.app, w.last_ms > 0 ? (now - w.last_ms) / 1000.0 : 0.0);
  w.platform->swap();
  w.last_ms = now;
  if (export_panel().exports_asked() != w.exports_seen) {
    w.exports_seen = export_panel().exports_asked();
    for (const auto& outcome : export_panel().report())
      if (outcome.ok()) download_written(outcome.path);
  }
  if (++w.frames == 1) web::page_ready();
  if (w.frames % kSettingsEveryFrames == 0 && !settings_dir().empty()) {
    save_settings(settings_dir(), w.app->settings());
    ImGui::SaveIniSettingsToDisk(ImGui::GetIO().IniFilename);
    web::store_settings(settings_dir());
  }
}

// What the deep link asks for, once the window is open.
void open_link(App& app, const web::DeepLink& link) {
  if (const auto lang = mailsim::explain::parse_lang(link.lang)) app.set_language(*lang);
  if (!link.lesson.empty()) {
    const std::size_t step = link.step.value_or(1);
    lesson_panel().request(link.lesson, step > 0 ? static_cast<int>(step) - 1 : 0);
    app.show("lesson");
  } else {
    std::string file = default_scenario();
    std::error_code ec;
    if (!link.scenario.empty()) file = web::scenario_path(link.scenario);
    else if (!app.settings().last_file.empty() && std::filesystem::exists(app.settings().last_file, ec))
      file = app.settings().last_file;
    app.open(file);
    if (link.step) app.context().timeline.seek(*link.step);
  }
  if (!link.view.empty() && !app.show(link.view)) std::fprintf(stderr, "mailsim: no panel named %s\n", link.view.c_str());
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void mailsim_open(const char* path) { g_window->app->context().requests.open_path = path; }

EMSCRIPTEN_KEEPALIVE const char* mailsim_state() {
  static std::string out;
  App& app = *g_window->app;
  const Context& ctx = app.context();
  nlohmann::json s;
  s["lang"] = mailsim::explain::lang_name(language());
  s["step"] = ctx.timeline.pos();
  s["events"] = ctx.timeline.size();
  if (const Document* doc = app.document()) {
    s["scenario"] = doc->scenario().file;
    const auto& trace = doc->simulation().trace();
    const std::size_t pos = ctx.timeline.pos();
    s["line"] = pos > 0 && pos <= trace.size() ? mailsim::explain::format_line(trace, trace[pos - 1], language()) : "";
  }
  s["errors"] = ctx.load_errors;
  LessonPanel& lesson = lesson_panel();
  s["lesson"] = {{"id", lesson.lesson_id()}, {"step", lesson.step() + 1}, {"open", lesson.open}};
  if (const auto* verdict = lesson.verdict()) s["lesson"]["correct"] = verdict->correct;
  s["link"] = web::to_query(current_link());
  s["frames"] = g_window->frames;
  out = s.dump();
  return out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* mailsim_item_rect(const char* label, const char* window) {
  static std::string out;
  out = web::item_rect_json(label, window);
  return out.c_str();
}

}  // extern "C"

int main(int argc, char** argv) {
  g_window = new WebWindow;
  WebWindow& w = *g_window;
  w.link = web::parse_query(argc > 1 ? argv[1] : "");
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  const bool bench = w.link.bench_frames > 0;
  w.app = std::make_unique<App>(!bench && !w.link.test);  // benches and tests: no saved settings
  w.platform = make_platform();
  std::string error;
  if (!w.platform->init("mailsim", 1280, 800, error)) {
    web::page_failed("The window could not be opened: " + error);
    return 1;
  }
  App& app = *w.app;
  app.set_key_codes(w.platform->key_codes());
  app.set_ui_scale(static_cast<float>(emscripten_get_device_pixel_ratio()));
  HostActions actions;
  actions.open_from_disk = web::pick_file;
  actions.copy_link = [] { web::copy_link(web::to_query(current_link())); };
  actions.live_unavailable = true;
  actions.quit = false;
  app.set_host_actions(std::move(actions));
  if (w.link.test) web::enable_item_locator();
  const double load_start = emscripten_get_now();
  open_link(app, w.link);
  if (bench) {
    std::printf("events=%zu load_ms=%.0f\n", app.context().timeline.size(), emscripten_get_now() - load_start);
    mailsim::gui::bench(*w.platform, app, w.link.bench_frames);
  }
  emscripten_set_main_loop(frame, 0, true);
  return 0;
}
