// Theory of operation: the panel base class (ImHex style).
//
// Each panel is one small class in its own file. The App owns them, lays out their
// windows and calls draw(), which opens the window and calls draw_content(); tests call
// draw() inside a headless frame. Panels talk only through the shared Context.
#pragma once
#include <imgui.h>

#include "app/context.hpp"
#include "app/i18n.hpp"

namespace mailsim::gui {

class Panel {
 public:
  explicit Panel(Str title, const char* id) : title_(title), id_(id) {}
  virtual ~Panel() = default;
  Panel(const Panel&) = delete;
  Panel& operator=(const Panel&) = delete;

  // Draws the panel in its own window; the window id stays the same in every language.
  void draw(Context& ctx, ImGuiWindowFlags flags = 0);
  virtual void draw_content(Context& ctx) = 0;
  Str title() const { return title_; }
  const char* id() const { return id_; }
  bool open = true;

 private:
  Str title_;
  const char* id_;
};

}  // namespace mailsim::gui
