#include "app/app.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "app/scenario_files.hpp"
#include "core/time.hpp"
#include "panels/dns_panel.hpp"
#include "panels/event_list_panel.hpp"
#include "panels/export_panel.hpp"
#include "panels/help_panel.hpp"
#include "panels/lesson_panel.hpp"
#include "panels/live_status.hpp"
#include "panels/mailbox_panel.hpp"
#include "panels/message_panel.hpp"
#include "panels/open_panel.hpp"
#include "panels/queue_panel.hpp"
#include "panels/scenario_panel.hpp"
#include "panels/sequence_panel.hpp"
#include "panels/timeline_panel.hpp"
#include "panels/topology_panel.hpp"
#include "panels/transcript_panel.hpp"

namespace mailsim::gui {
namespace {

bool key_pressed(int native) { return native >= 0 && ImGui::IsKeyPressed(native); }
bool named_key_pressed(ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); }
constexpr int kSettleFrames = 6;  // frames drawn after the last input before idling
constexpr float kPresentationScale = 2.0f;
constexpr float kCompactLines = 22;    // below this many lines of body, the compact layout
constexpr float kCompactColumns = 60;  // ... or this many ems of width

}  // namespace

App::App(bool use_settings) : use_settings_(use_settings) {
  if (use_settings_) {
    settings_dir_ = settings_dir();
    if (settings_dir_.empty()) use_settings_ = false;
  }
  if (use_settings_) {
    settings_ = load_settings(settings_dir_);
    std::error_code ec;
    std::filesystem::create_directories(settings_dir_, ec);
    ini_path_ = (std::filesystem::path(settings_dir_) / "imgui.ini").string();
    ImGui::GetIO().IniFilename = ini_path_.c_str();
    layout_pending_ = !std::filesystem::exists(ini_path_, ec);
  } else {
    ImGui::GetIO().IniFilename = nullptr;
  }
  gui::set_language(settings_.language);
  ctx_.recent_files = settings_.recent_files;
  ctx_.record_progress = use_settings_;  // --no-settings and screenshots leave per-user files alone
  ctx_.palette = apply_theme(settings_.theme);
  ctx_.fonts = build_fonts(settings_.font_size);

  auto timeline = std::make_unique<TimelinePanel>();
  timeline_ = timeline.get();
  panels_.push_back(std::move(timeline));
  panels_.push_back(std::make_unique<TopologyPanel>());
  panels_.push_back(std::make_unique<TranscriptPanel>());
  panels_.push_back(std::make_unique<EventListPanel>());
  floating_.push_back(std::make_unique<ScenarioPanel>());
  floating_.push_back(std::make_unique<LessonPanel>());
  floating_.push_back(std::make_unique<HelpPanel>());
  floating_.push_back(std::make_unique<OpenPanel>());
  auto exports = std::make_unique<ExportPanel>();
  export_panel_ = exports.get();
  floating_.push_back(std::move(exports));
  for (auto& p : floating_) p->open = false;
  inspectors_.push_back(std::make_unique<SequencePanel>());
  inspectors_.push_back(std::make_unique<MessagePanel>());
  inspectors_.push_back(std::make_unique<QueuePanel>());
  inspectors_.push_back(std::make_unique<MailboxPanel>());
  inspectors_.push_back(std::make_unique<DnsPanel>());
}

App::~App() {
  if (!use_settings_) return;
  if (presentation_) {  // remember the text size and theme from before presenting
    settings_.font_size = presentation_->font_size;
    settings_.theme = presentation_->theme;
  }
  settings_.recent_files = ctx_.recent_files;
  save_settings(settings_dir_, settings_);
  // ImGui keeps a pointer to the ini path: save now and let go of it.
  ImGui::SaveIniSettingsToDisk(ini_path_.c_str());
  ImGui::GetIO().IniFilename = nullptr;
}

Panel* App::find_panel(const std::string& id) {
  for (auto* list : {&panels_, &inspectors_, &floating_})
    for (auto& p : *list)
      if (id == p->id()) return p.get();
  return nullptr;
}

bool App::show(const std::string& id) {
  Panel* p = find_panel(id);
  if (!p) return false;
  p->open = true;
  for (auto& tab : inspectors_)
    if (tab.get() == p) select_tab_ = id;
  if (compact_ && (id == "transcript" || id == "events")) select_tab_ = id;
  if (select_tab_ != id) focus_window_ = id;
  return true;
}

void App::set_language(Lang lang) {
  settings_.language = lang;
  gui::set_language(lang);
}

void App::set_theme(ThemeKind theme) {
  settings_.theme = theme;
  ctx_.palette = apply_theme(theme);
  if (ui_scale_ != 1.0f) {
    ImGui::GetStyle().ScaleAllSizes(ui_scale_);
    ctx_.palette.line_width *= ui_scale_;
  }
}

void App::set_ui_scale(float scale) {
  if (!(scale > 0.0f) || scale == ui_scale_) return;
  ui_scale_ = scale;
  set_theme(settings_.theme);
  fonts_dirty_ = true;
}

void App::set_font_size(float size) {
  size = std::clamp(size, 10.0f, 64.0f);
  if (size == settings_.font_size) return;
  settings_.font_size = size;
  fonts_dirty_ = true;
}

void App::toggle_presentation() {
  if (presentation_) {
    set_font_size(presentation_->font_size);
    set_theme(presentation_->theme);
    presentation_.reset();
    return;
  }
  presentation_ = settings_;
  set_font_size(settings_.font_size * kPresentationScale);
  set_theme(ThemeKind::HighContrast);
}

void App::rebuild_fonts() {
  ctx_.fonts = build_fonts(settings_.font_size * ui_scale_);
  fonts_dirty_ = false;
  layout_pending_ = true;
}

bool App::take_fullscreen_request() {
  const bool r = fullscreen_request_;
  fullscreen_request_ = false;
  if (r) layout_pending_ = true;
  return r;
}

void App::open(const std::string& path, Document::Run run) {
  const Document* before = doc_.get();
  install(load_document_file(path, run), false);
  if (doc_.get() != before) {
    settings_.last_file = path;
    auto& recent = ctx_.recent_files;
    std::error_code ec;
    const std::string absolute = std::filesystem::absolute(path, ec).lexically_normal().string();
    std::erase_if(recent, [&](const std::string& r) { return same_file(r, absolute); });
    recent.insert(recent.begin(), ec ? path : absolute);
    if (recent.size() > kRecentFiles) recent.resize(kRecentFiles);
    ctx_.compare_before.reset();
    ctx_.undo.clear();
  }
}

void App::open_running(const std::string& path) {
  const Document* before = doc_.get();
  open(path, Document::Run::Live);
  running_ = running_ || doc_.get() != before;
}

// One slice of the running simulation (a frame's worth of time), then the index catches up.
void App::advance_run() {
  constexpr auto kSlice = std::chrono::milliseconds(25);
  Simulation& sim = doc_->simulation();
  const auto start = std::chrono::steady_clock::now();
  bool more = true;
  do {
    for (int k = 0; k < 256 && more; ++k) more = sim.step();
  } while (more && std::chrono::steady_clock::now() - start < kSlice);
  doc_->index().extend();
  running_ = more;
}

// While a scenario runs: how far it has got, over the other windows. The bar measures the
// clients' script (its actions done, of all of them), which fills when the last one is
// done; after it, while the queues drain, the window says so and shows no bar, as it
// cannot know how long that takes.
void App::draw_progress() {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 26, 0));
  ImGui::SetNextWindowFocus();
  ImGui::Begin(tr(Str::Running), nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  const Simulation& sim = doc_->simulation();
  ImGui::TextUnformatted(tr(Str::Running));
  ImGui::Text("%s: %zu   t = %s s", tr(Str::Events), sim.trace().size(), format_time(sim.now()).c_str());
  const Simulation::ScriptProgress script = sim.script_progress();
  if (script.done < script.total) {
    const float fraction = static_cast<float>(static_cast<double>(script.done) / static_cast<double>(script.total));
    const std::string overlay = std::to_string(script.done) + " / " + std::to_string(script.total) + " " + tr(Str::ScriptActions);
    ImGui::ProgressBar(fraction, ImVec2(-1, 0), overlay.c_str());
  } else {
    ImGui::TextWrapped("%s", tr(Str::ScriptDone));
  }
  ImGui::End();
}

bool App::serve(const std::string& path, const LiveOptions& options, bool mask_passwords, std::string& error) {
  LoadOutcome outcome = load_document_file(path, Document::Run::Live);
  if (!outcome.document) {
    for (const auto& e : outcome.errors) error += (error.empty() ? "" : "\n") + e;
    return false;
  }
  install(std::move(outcome), false);
  live_ = std::make_unique<LiveSession>(*doc_, options);
  if (!live_->open(error)) {
    live_.reset();
    return false;
  }
  ctx_.live = live_.get();
  ctx_.timeline.set_live(true);
  if (mask_passwords) doc_->index().mask_secrets();
  return true;
}

void App::poll_live(int max_wait_ms) {
  if (!live_) return;
  const bool follow = ctx_.timeline.at_live_end();
  if (live_->poll(max_wait_ms) && follow) ctx_.timeline.seek(ctx_.timeline.size());
}

void App::stop_live() {
  if (!live_) return;
  const bool follow = ctx_.timeline.at_live_end();
  if (live_->stop() && follow) ctx_.timeline.seek(ctx_.timeline.size());
  ctx_.timeline.set_live(false);
}

void App::install(LoadOutcome outcome, bool keep_position) {
  ctx_.load_errors = std::move(outcome.errors);
  ctx_.load_errors_text = outcome.document ? std::string() : std::move(outcome.text);
  ctx_.load_warnings = std::move(outcome.warnings);
  if (!outcome.document || !ctx_.load_warnings.empty()) show("scenario");
  if (!outcome.document) return;
  const std::size_t pos = ctx_.timeline.pos();
  doc_ = std::move(outcome.document);
  ctx_.doc = doc_.get();
  ++ctx_.generation;
  ctx_.sel = Selection{};
  ctx_.timeline.attach(&doc_->index());
  if (keep_position) ctx_.timeline.seek(pos);
  last_pos_ = SIZE_MAX;
}

void App::key_press(KeyPress press) {
  key_queue_ = true;
  key_presses_.push_back(press);
}

void App::handle_keys() {
  const ImGuiIO& io = ImGui::GetIO();
  if (key_pressed(keys_.f11)) fullscreen_request_ = true;
  if (key_pressed(keys_.f5)) toggle_presentation();
  if (key_pressed(keys_.f1)) show("help");
  std::vector<KeyPress> presses;
  presses.swap(key_presses_);
  if (!key_queue_) {  // no platform queue: this frame's new presses, one each
    for (int key : {keys_.equal, keys_.keypad_plus, keys_.minus, keys_.keypad_minus})
      if (key_pressed(key)) presses.push_back({key, io.KeyCtrl});
    for (ImGuiKey key : {ImGuiKey_Space, ImGuiKey_RightArrow, ImGuiKey_LeftArrow, ImGuiKey_PageDown, ImGuiKey_PageUp,
                         ImGuiKey_Home, ImGuiKey_End})
      if (named_key_pressed(key)) presses.push_back({ImGui::GetKeyIndex(key), io.KeyCtrl});
  }
  // The text size, one step per Ctrl+= or Ctrl+- pressed, even while text is typed.
  for (const auto& [key, ctrl] : presses) {
    if (!ctrl || key < 0) continue;
    if (key == keys_.equal || key == keys_.keypad_plus) set_font_size(settings_.font_size + 2);
    else if (key == keys_.minus || key == keys_.keypad_minus) set_font_size(settings_.font_size - 2);
  }
  if (io.WantTextInput) return;
  step_keys(presses);
}

// The timeline's keys, in the order pressed. PageDown/PageUp are what presentation
// remotes send for "next"/"previous".
void App::step_keys(const std::vector<KeyPress>& presses) {
  Timeline& tl = ctx_.timeline;
  auto is = [](int native, ImGuiKey key) { return native == ImGui::GetKeyIndex(key); };
  for (const auto& [k, ctrl] : presses) {
    if (ctrl) continue;  // Ctrl+key is someone else's shortcut
    if (is(k, ImGuiKey_Space)) tl.play(!tl.playing());
    else if (is(k, ImGuiKey_RightArrow) || is(k, ImGuiKey_PageDown)) tl.step(+1, tl.step_size);
    else if (is(k, ImGuiKey_LeftArrow) || is(k, ImGuiKey_PageUp)) tl.step(-1, tl.step_size);
    else if (is(k, ImGuiKey_Home)) tl.seek(0);
    else if (is(k, ImGuiKey_End)) tl.seek(tl.size());
  }
}

// Any mouse movement, button, wheel, key or typed character this frame.
void App::note_input() {
  const ImGuiIO& io = ImGui::GetIO();
  bool input = io.MousePos.x != last_mouse_.x || io.MousePos.y != last_mouse_.y || io.MouseWheel != 0 ||
               io.MouseWheelH != 0 || !io.InputQueueCharacters.empty();
  last_mouse_ = io.MousePos;
  for (bool down : io.MouseDown) input = input || down;
  for (bool down : io.KeysDown) input = input || down;
  quiet_frames_ = input ? 0 : quiet_frames_ + 1;
}

bool App::idle() const {
  const bool busy = ctx_.timeline.playing() || live_ || running_ || fonts_dirty_ || layout_pending_ || follow_frames_ > 0 ||
                    fullscreen_request_ || !key_presses_.empty();
  return !busy && quiet_frames_ >= kSettleFrames;
}

void App::draw_menu() {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu(tr(Str::File))) {
    if (ImGui::MenuItem(tr(Str::OpenFile))) show("open");
    if (ImGui::BeginMenu(tr(Str::RecentFiles), !ctx_.recent_files.empty())) {
      for (const auto& path : ctx_.recent_files)
        if (ImGui::MenuItem(path.c_str())) ctx_.requests.open_path = path;
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr(Str::OpenShipped))) {
      for (const auto& path : shipped_scenarios())
        if (ImGui::MenuItem(std::filesystem::path(path).filename().string().c_str())) ctx_.requests.open_path = path;
      ImGui::EndMenu();
    }
    if (host_.open_from_disk && ImGui::MenuItem(tr(Str::OpenFromDisk))) host_.open_from_disk();
    if (ImGui::MenuItem(tr(Str::Scenario))) show("scenario");
    if (ImGui::MenuItem(tr(Str::Lesson))) show("lesson");
    if (ImGui::MenuItem(tr(Str::Reload), nullptr, false, doc_ != nullptr)) ctx_.requests.open_path = doc_->scenario().file;
    if (host_.copy_link && ImGui::MenuItem(tr(Str::CopyLink), nullptr, false, doc_ != nullptr)) host_.copy_link();
    if (host_.live_unavailable) ImGui::MenuItem(tr(Str::LiveDesktopOnly), nullptr, false, false);
    if (host_.quit && ImGui::MenuItem(tr(Str::Quit))) quit_ = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr(Str::Export))) {
    if (export_panel_->draw_menu_items(ctx_)) show("export");
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr(Str::View))) {
    if (ImGui::BeginMenu(tr(Str::Theme))) {
      const std::pair<Str, ThemeKind> themes[] = {
          {Str::ThemeDark, ThemeKind::Dark}, {Str::ThemeLight, ThemeKind::Light}, {Str::ThemeContrast, ThemeKind::HighContrast}};
      for (auto [label, kind] : themes)
        if (ImGui::MenuItem(tr(label), nullptr, settings_.theme == kind)) set_theme(kind);
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem(tr(Str::FontBigger), "Ctrl +")) set_font_size(settings_.font_size + 2);
    if (ImGui::MenuItem(tr(Str::FontSmaller), "Ctrl -")) set_font_size(settings_.font_size - 2);
    if (ImGui::MenuItem(tr(Str::Fullscreen), "F11")) fullscreen_request_ = true;
    if (ImGui::MenuItem(tr(Str::Presentation), "F5", presenting())) toggle_presentation();
    if (ImGui::MenuItem(tr(Str::ResetLayout))) layout_pending_ = true;
    ImGui::Separator();
    for (auto* list : {&panels_, &inspectors_, &floating_})
      for (auto& p : *list) ImGui::MenuItem(tr(p->title()), nullptr, &p->open);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr(Str::Language))) {
    if (ImGui::MenuItem("English", nullptr, language() == Lang::En)) set_language(Lang::En);
    if (ImGui::MenuItem("Français", nullptr, language() == Lang::Fr)) set_language(Lang::Fr);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(tr(Str::Help))) {
    if (ImGui::MenuItem(tr(Str::Help), "F1")) show("help");
    ImGui::TextDisabled("%s", tr(Str::Keys));
    ImGui::EndMenu();
  }
  draw_live_status(ctx_);  // before the title, which may be cut off
  if (doc_) {
    ImGui::SameLine(0, ImGui::GetFontSize() * 2);
    if (!ctx_.undo.empty()) {  // what-ifs applied: this is not the scenario as written
      ImGui::PushStyleColor(ImGuiCol_Text, ctx_.palette.reply[4]);
      ImGui::Text("%s (%zu)", tr(Str::Changed), ctx_.undo.size());
      ImGui::PopStyleColor();
      ImGui::SameLine();
    }
    // The scenario's title in the window's language, its description on hover.
    const Scenario& s = doc_->scenario();
    const std::string& title = s.title_in(language());
    const std::string& description = s.description_in(language());
    ImGui::TextDisabled("%s", title.empty() ? s.file.c_str() : title.c_str());
    if (!description.empty() && ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
      ImGui::TextUnformatted(description.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
  ImGui::EndMainMenuBar();
}

// Title, the button rows (more than one when large text wraps them), the scrub bar and
// the current event's line.
float App::timeline_height() const {
  const ImGuiStyle& style = ImGui::GetStyle();
  return ImGui::GetFrameHeight() + style.WindowPadding.y * 2 +
         ImGui::GetFrameHeightWithSpacing() * static_cast<float>(timeline_->control_rows()) + ImGui::GetFontSize() * 1.6f +
         style.ItemSpacing.y + ImGui::GetTextLineHeightWithSpacing() + 2;
}

// Compact when the text is large for the display (a projector preset, 2.5x text): four
// panes would each hold a few lines, so two columns use the whole height instead.
bool App::wants_compact() const {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float body = display.y - ImGui::GetFrameHeight() - timeline_height();
  return body / ImGui::GetTextLineHeightWithSpacing() < kCompactLines || display.x / ImGui::GetFontSize() < kCompactColumns;
}

// Positions are fractions of the display below the menu bar.
void App::place(const char* id, float x, float y, float w, float h) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float top = ImGui::GetFrameHeight();
  const float timeline_h = timeline_height();
  const float body = display.y - top - timeline_h;
  const ImGuiCond cond = layout_pending_ ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  if (std::string_view(id) == "timeline") {
    ImGui::SetNextWindowPos(ImVec2(0, top), cond);
    ImGui::SetNextWindowSize(ImVec2(display.x, timeline_h), cond);
    return;
  }
  ImGui::SetNextWindowPos(ImVec2(x * display.x, top + timeline_h + y * body), cond);
  ImGui::SetNextWindowSize(ImVec2(w * display.x, h * body), cond);
}

// In the compact layout the transcript and the event list are its first tabs. Tabs keep
// their whole labels and the bar scrolls when they do not fit: squeezed tabs at large text
// read "M…" (Message or Mailboxes?) and a narrow tab's close button takes its middle.
void App::draw_inspectors() {
  if (compact_) place("inspectors", 0.5f, 0.0f, 0.5f, 1.0f);
  else place("inspectors", 0.5f, 0.55f, 0.5f, 0.45f);
  const std::string title = std::string(tr(Str::Inspectors)) + "###inspectors";
  if (ImGui::Begin(title.c_str())) {
    if (ImGui::BeginTabBar("##inspectors", ImGuiTabBarFlags_FittingPolicyScroll)) {
      std::vector<Panel*> tabs;
      if (compact_)
        for (const char* id : {"transcript", "events"}) tabs.push_back(find_panel(id));
      for (auto& p : inspectors_) tabs.push_back(p.get());
      for (Panel* p : tabs) {
        if (!p->open) continue;
        const std::string label = std::string(tr(p->title())) + "###" + p->id();
        const ImGuiTabItemFlags flags = select_tab_ == p->id() ? ImGuiTabItemFlags_SetSelected : 0;
        if (ImGui::BeginTabItem(label.c_str(), &p->open, flags)) {
          p->draw_content(ctx_);
          ImGui::EndTabItem();
        }
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
  select_tab_.clear();
}

void App::frame(double real_seconds) {
  if (running_) advance_run();
  note_input();
  handle_keys();
  ctx_.timeline.tick(real_seconds);
  // Windows and tabs may settle a frame or two after a move: follow for three frames.
  if (ctx_.timeline.pos() != last_pos_) follow_frames_ = 3;
  ctx_.moved = follow_frames_ > 0;
  if (follow_frames_ > 0) --follow_frames_;
  last_pos_ = ctx_.timeline.pos();
  ctx_.rows.update(ctx_.index(), ctx_.generation, ctx_.sel.node, ctx_.sel.link);

  // A new window size (maximised, full screen, a projector's resolution): lay out again.
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  if (last_display_.x > 0 && (display.x != last_display_.x || display.y != last_display_.y)) layout_pending_ = true;
  last_display_ = display;
  if (wants_compact() != compact_) {
    compact_ = !compact_;
    layout_pending_ = true;
  }
  draw_menu();
  const int timeline_rows = timeline_->control_rows();
  for (auto& p : panels_) draw_panel(*p);
  draw_inspectors();
  for (auto& p : floating_) draw_panel(*p);
  if (running_) draw_progress();
  layout_pending_ = timeline_->control_rows() != timeline_rows;  // the timeline wrapped: room for it
  focus_window_.clear();
  serve_requests();
}

void App::draw_panel(Panel& p) {
  const std::string id = p.id();
  if (compact_ && (id == "transcript" || id == "events")) return;  // tabs of the inspectors
  if (id == "topology") place("topology", 0.0f, 0.0f, 0.5f, compact_ ? 1.0f : 0.55f);
  else if (id == "transcript") place("transcript", 0.5f, 0.0f, 0.5f, 0.55f);
  else if (id == "events" || id == "lesson") place(p.id(), 0.0f, 0.55f, 0.5f, 0.45f);
  else if (id == "timeline") place("timeline", 0, 0, 0, 0);
  else if (id == "export") place(p.id(), 0.25f, 0.1f, 0.5f, 0.5f);
  else if (id == "scenario") place(p.id(), 0.5f, 0.0f, 0.5f, 1.0f);  // beside the topology, not over it
  else place(p.id(), 0.2f, 0.05f, 0.6f, 0.8f);
  if (id == focus_window_) ImGui::SetNextWindowFocus();
  p.draw(ctx_, id == "timeline" ? ImGuiWindowFlags_NoCollapse : 0);
}

void App::serve_requests() {
  auto& rq = ctx_.requests;
  if (live_ && (!rq.open_path.empty() || rq.apply_text || rq.what_if || rq.undo)) {
    rq = Context::Requests{};
    ctx_.load_errors = {tr(Str::LiveKeepsScenario)};
    show("scenario");
    return;
  }
  if (!rq.open_path.empty()) {
    open_running(rq.open_path);
    rq.open_path.clear();
  }
  if (rq.apply_text) {
    rq.apply_text = false;
    install(load_document_text(rq.text, doc_ ? doc_->scenario().file : std::string("edited.json")), true);
  }
  if (rq.undo && !ctx_.undo.empty()) {
    rq.what_if = std::make_unique<Scenario>(std::move(ctx_.undo.back()));
    ctx_.undo.pop_back();
  }
  if (rq.what_if) {
    std::optional<Scenario> before;
    if (doc_) {
      ctx_.compare_before = doc_->simulation().balance();
      before = doc_->scenario();
    }
    const Document* old = doc_.get();
    install(run_document(*rq.what_if, doc_ ? doc_->source_text() : std::string()), true);
    if (doc_.get() != old && before && !rq.undo) ctx_.undo.push_back(std::move(*before));
    if (ctx_.undo.empty()) ctx_.compare_before.reset();  // back to the scenario as loaded
    rq.what_if.reset();
  }
  rq.undo = false;
}

}  // namespace mailsim::gui
