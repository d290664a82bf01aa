// Test fixtures for the GUI: a small hand-written trace (for the model tests) and a
// headless ImGui driver (for the panel tests): a context with a built font atlas and a
// dummy texture, frames run without any window, and clicks simulated through io by
// locating an item from the id ImGui reports as hovered.
#pragma once
#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/app.hpp"
#include "core/trace.hpp"
#include "scenario/scenario.hpp"

struct ImGuiWindow;  // imgui_internal.h

namespace mailsim::gui::test {

// mua > mta (submission), a DNS query, mta > mx (SMTP), delivery and the message in b's
// INBOX; a down/up of mx.
struct SmallWorld {
  Scenario scenario;
  Trace trace;
  SmallWorld();
};

// The index of the first event of `kind` whose text starts with `prefix` (size() if none).
std::size_t find_event(const TraceIndex& index, TraceKind kind, std::string_view prefix);
std::string scenario_path(const char* name);  // scenarios/NAME in the source tree
// The name ImGui gives the child window `child` of window `parent` ("" if no parent).
std::string child_window(const char* parent, const char* child);
// A window whose name contains `part`, inside window `root` (nullptr if none).
ImGuiWindow* window_in(const char* root, const char* part);

// What the last frame drew, read back from the draw lists: each glyph's quad, a space where
// words are apart and a line break where the line changes; for each byte of `text`, the
// screen position of the glyph it belongs to (the left of its line's top).
struct Drawn {
  std::string text;
  std::vector<ImVec2> where;
  // The middle of the first occurrence of `s` as drawn (nullopt if it is not).
  std::optional<ImVec2> find(std::string_view s) const;
};
// Every active window's text, or only that of `within` and the windows inside it.
Drawn drawn(const ImGuiWindow* within = nullptr);

class Headless {
 public:
  Headless();
  ~Headless();
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;

  void frame(App& app, int count = 1);
  // The text panel `id` draws now, one line per row of items as a user reads it (a table
  // row reads "| a | b |"): one frame draws the panel alone in a probe window of the
  // display's size with ImGui's text log on (which also lifts list clipping).
  std::string panel_text(App& app, const char* id);
  // The text one frame of the whole window shows (tooltips and menus included), read back
  // from what is drawn: each glyph's quad in the draw lists, a space where words are apart
  // and a line break where the line changes.
  std::string frame_text(App& app);
  // Finds the item `id` of window `window` by hovering (scrolling the window down if it is
  // not in view), then presses and releases it.
  bool click(App& app, const char* window, ImGuiID id);
  bool click_at(App& app, ImVec2 pos);
  void press_key(App& app, int native_key);
  // The id an item labelled `label` gets at the root of `window` (optionally under push_id).
  static ImGuiID item_id(const char* window, const char* label, const char* push_id = nullptr);

 private:
  void new_frame(App& app);
  bool locate(App& app, const char* window, ImGuiID id, ImVec2& out);
};

// A window (no settings) with scenarios/NAME loaded, in English, after a few frames.
struct Loaded {
  Headless ui;
  App app{false};
  explicit Loaded(const char* scenario);
  Timeline& tl() { return app.context().timeline; }
  // Clicks the item labelled `label` of `window` (optionally under push_id).
  bool click(const char* window, const std::string& label, const char* push_id = nullptr);
};

}  // namespace mailsim::gui::test
