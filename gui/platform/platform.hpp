// Theory of operation: the thin platform layer.
//
// One window with an OpenGL 3.3 core context and the matching ImGui backends: GLFW by
// default, SDL2 when built with MAILSIM_GUI_BACKEND=SDL2 (exactly one implementation is
// compiled in). init() fails cleanly when there is no display, so main() can say so and
// exit with its own code. The renderer is ImGui's OpenGL3 backend in both cases.
// Key presses are also queued as they arrive (ImGui 1.86 keeps only a key's state per
// frame, so a tap shorter than a frame would be lost), and when the app is idle the loop
// sleeps in wait_events() until the next input instead of redrawing.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "app/app.hpp"

namespace mailsim::gui {

class Platform {
 public:
  virtual ~Platform() = default;
  // Creates the window and initialises the ImGui backends (the ImGui context must exist).
  virtual bool init(const char* title, int width, int height, std::string& error) = 0;
  virtual bool should_close() = 0;
  virtual void poll_events() = 0;
  virtual void wait_events() = 0;     // sleeps until at least one event, then handles them all
  // Keys pressed (or auto-repeated) since the last call, in order: native index, Ctrl held.
  virtual std::vector<KeyPress> take_key_presses() = 0;
  virtual void new_frame() = 0;       // backends' NewFrame (then the caller runs ImGui::NewFrame)
  virtual void render() = 0;          // clears and draws ImGui's draw data into the back buffer
  virtual void swap() = 0;
  // Waits until everything asked of the GPU so far is drawn. The frame bench calls it after
  // each swap so that no frame is drawn while the next one is timed: Mesa's software
  // renderer draws inside swap(), but a browser's GPU process draws asynchronously and,
  // left alone, works through a backlog of frames while the page times the next ones.
  virtual void wait_drawn() = 0;
  virtual void toggle_fullscreen() = 0;
  virtual void reload_fonts() = 0;    // re-upload the font atlas after App::rebuild_fonts()
  virtual void framebuffer_size(int& w, int& h) = 0;
  virtual KeyCodes key_codes() const = 0;
  virtual const char* name() const = 0;
};

std::unique_ptr<Platform> make_platform();

// Reads the back buffer (before the swap) and writes it as a PNG; false on failure.
bool save_screenshot(const std::string& path, int width, int height);

}  // namespace mailsim::gui
