// Theory of operation: the application, independent of the platform layer.
//
// App owns the shared Context, the panels and the settings. The platform (GLFW or SDL2,
// or a headless test) calls frame() between ImGui::NewFrame() and ImGui::Render(): the
// keyboard shortcuts and playing advance the timeline, then the menu and every panel are
// drawn, then the requests panels left in the Context (open a file, apply edited JSON,
// re-run a what-if) are served. A load that fails keeps the previous document and shows
// its errors in the Scenario window. When the text is large for the display the layout
// turns compact: the topology and the inspectors in two full-height columns, the
// transcript and the event list as the inspectors' first tabs. Font size changes are applied by the platform
// between frames (fonts_dirty / rebuild_fonts), because the atlas texture lives there.
// In live mode (serve) the document grows: poll_live() before each frame serves the real
// clients, and the cursor stays at the live end unless the user has stepped back; the
// scenario cannot be replaced while it is served.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/live_session.hpp"
#include "app/settings.hpp"
#include "panels/panel.hpp"

namespace mailsim::gui {

class ExportPanel;
class TimelinePanel;

// Native key indices for the shortcuts ImGui 1.86 has no named key for.
// One key press (or auto-repeat) as the platform saw it: its native index, and whether a
// Ctrl key was held then (Ctrl+= taps come faster than frames too).
struct KeyPress {
  int key = -1;
  bool ctrl = false;
};

struct KeyCodes {
  int f11 = -1, equal = -1, minus = -1, keypad_plus = -1, keypad_minus = -1, f5 = -1, f1 = -1;
};

// What the host of the window offers beyond the desktop's menus (the web edition: open a
// file from the user's disk, copy a link to this step; live mode and Quit do not exist
// there). The File menu shows the actions that are set.
struct HostActions {
  std::function<void()> open_from_disk;
  std::function<void()> copy_link;
  bool live_unavailable = false;  // the File menu says live mode needs the desktop window
  bool quit = true;               // the File menu offers Quit
};

class App {
 public:
  explicit App(bool use_settings);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Loads a scenario and runs it to the end (Run::Live: leaves it unrun, for a driver that
  // steps the simulation and extends the index, as the growing-trace bench does).
  void open(const std::string& path, Document::Run run = Document::Run::ToEnd);
  // Loads a scenario and runs it a slice per frame (the window stays responsive and shows
  // its progress while a large scenario runs); a small one is done in the first frame.
  void open_running(const std::string& path);
  bool running() const { return running_; }
  // Live mode: loads the scenario without running it and serves it (LiveSession); false
  // with `error` if the file is not a valid scenario or a port cannot be bound. With
  // mask_passwords, real clients' passwords show as "****" (TraceIndex::mask_secrets).
  bool serve(const std::string& path, const LiveOptions& options, bool mask_passwords, std::string& error);
  LiveSession* live() { return live_.get(); }
  void poll_live(int max_wait_ms);  // before a frame: serve, then follow the live end
  void stop_live();                 // the clients go; the trace gets its last events
  void frame(double real_seconds);
  // Every key press and auto-repeat as the platform saw it, so taps faster than the frame
  // rate each make their step (the timeline's keys) or change the text size (Ctrl+=,
  // Ctrl+-). Until a platform calls this, these keys are read from ImGui's key state (one
  // press per key per frame).
  void key_press(KeyPress press);
  // Nothing moves and there was no input for a few frames: the platform may sleep until
  // the next input event instead of drawing the same frame again.
  bool idle() const;

  bool fonts_dirty() const { return fonts_dirty_; }
  void rebuild_fonts();
  bool take_fullscreen_request();
  bool quit_requested() const { return quit_; }
  void set_key_codes(const KeyCodes& keys) { keys_ = keys; }
  void set_host_actions(HostActions actions) { host_ = std::move(actions); }

  Context& context() { return ctx_; }
  Document* document() { return doc_.get(); }
  const Settings& settings() const { return settings_; }
  void set_language(Lang lang);
  void set_theme(ThemeKind theme);
  void set_font_size(float size);
  // Presentation (F5): text twice the size and the high-contrast theme; again, back.
  void toggle_presentation();
  bool presenting() const { return presentation_.has_value(); }
  // Large text for the display: topology | inspectors (with the transcript and events as tabs).
  bool compact() const { return compact_; }
  // Device pixels per logical pixel (the web edition's devicePixelRatio; 1 on the desktop):
  // fonts and ImGui's sizes are scaled by it, so the window keeps its size and stays sharp.
  void set_ui_scale(float scale);
  Panel* find_panel(const std::string& id);
  // Brings a panel to view: selects an inspector's tab or opens a window. False if unknown.
  bool show(const std::string& id);

 private:
  void handle_keys();
  void step_keys(const std::vector<KeyPress>& presses);
  void note_input();
  void draw_menu();
  void place(const char* id, float x, float y, float w, float h);
  float timeline_height() const;
  bool wants_compact() const;
  void draw_inspectors();
  void draw_panel(Panel& p);
  void serve_requests();
  void advance_run();
  void draw_progress();
  void install(LoadOutcome outcome, bool keep_position);

  bool use_settings_;
  std::string settings_dir_;
  std::string ini_path_;
  Settings settings_;
  Context ctx_;
  std::unique_ptr<Document> doc_;
  std::unique_ptr<LiveSession> live_;  // after doc_: goes first, as it drives doc_'s simulation
  std::vector<std::unique_ptr<Panel>> panels_;      // own windows
  std::vector<std::unique_ptr<Panel>> inspectors_;  // tabs of the Inspectors window
  std::vector<std::unique_ptr<Panel>> floating_;    // windows opened on demand, drawn on top
  ExportPanel* export_panel_ = nullptr;             // one of floating_: the Export menu fills it
  TimelinePanel* timeline_ = nullptr;               // one of panels_: its rows set the layout
  KeyCodes keys_;
  HostActions host_;
  std::size_t last_pos_ = SIZE_MAX;
  int follow_frames_ = 0;  // lists keep the current row in view for a few frames after a move
  float ui_scale_ = 1.0f;
  bool fonts_dirty_ = false;
  bool fullscreen_request_ = false;
  bool quit_ = false;
  bool layout_pending_ = true;
  bool compact_ = false;            // two full-height columns (large text): see draw_inspectors
  bool running_ = false;            // the document's simulation is still running (open_running)
  bool key_queue_ = false;          // the platform reports key presses (key_press)
  std::vector<KeyPress> key_presses_;  // since the last frame
  int quiet_frames_ = 0;            // frames since the last input
  ImVec2 last_mouse_;               // the mouse position at the last frame
  ImVec2 last_display_;             // the display size at the last frame
  std::optional<Settings> presentation_;  // the settings before presentation mode
  std::string select_tab_;    // inspector tab to select on the next frame
  std::string focus_window_;  // window to bring to the front on the next frame
};

}  // namespace mailsim::gui
