// Theory of operation: the real window driven as a user drives it, for the GUI tests that
// run under Xvfb (tests/gui/window_test.cpp).
//
// A RealWindow is mailsim-gui's own window (the GLFW platform layer, OpenGL drawing by
// Mesa, the frame of gui/platform/frames.hpp) on a scenario run to its end. Input goes
// through the X server, as a keyboard and a mouse would send it: key presses and button
// clicks are X events sent to the window, the pointer is moved with XWarpPointer; GLFW and
// ImGui's GLFW backend read them as they read a user's. shot() renders a frame, reads back
// what it draws (its text, with each glyph's place: fixture.hpp's Drawn) and saves the
// framebuffer as a PNG, then loads that PNG again, so checks are made on the very image a
// viewer would see. A Region of a shot is a window's rectangle in the image, with the
// measures the checks use (pixels unlike the region's background, colours, how much it
// differs from the same region of another shot).
#pragma once
#include <imgui.h>

#include <memory>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "fixture.hpp"
#include "platform/platform.hpp"

struct ImGuiWindow;

namespace mailsim::gui::test {

// A screenshot: the PNG written, its pixels read back from the file (RGB), what was drawn.
struct Shot {
  std::string path;
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  Drawn text;
};

// A rectangle of a shot (a window's, in pixels).
struct Region {
  const Shot* shot = nullptr;
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int area() const { return (x1 - x0) * (y1 - y0); }
  // Pixels unlike the region's most common colour (its background).
  int ink() const;
  int colours() const;
  // Pixels of this region that differ (by more than a little) from the same place in `other`.
  int differing(const Shot& other) const;

 private:
  std::vector<int> sorted_pixels() const;
};
// The rectangle window `w` occupied when `shot` was taken.
Region region(const Shot& shot, const ImGuiWindow* w);

// The directory screenshots go to: $MAILSIM_SCREENSHOTS, else the system's temporary one.
std::string screenshot_dir();

class RealWindow {
 public:
  // Opens scenarios/NAME (run to its end, cursor at the start), in English, in a window of
  // width x height; the platform must open (REQUIREd: the test runs under Xvfb).
  RealWindow(const char* scenario, int width = 1280, int height = 800);
  ~RealWindow();
  RealWindow(const RealWindow&) = delete;
  RealWindow& operator=(const RealWindow&) = delete;

  App& app() { return *app_; }
  Timeline& tl() { return app_->context().timeline; }
  void frames(int count);
  // Presses and releases the key `keysym` (X11 keysym), held down for a frame; times > 1:
  // that many taps all sent before the next frame (faster than a presenter's remote can
  // tap). Then a few frames. With control, Control_L is held down around the taps.
  void key(unsigned long keysym, int times = 1, bool control = false);
  // Moves the pointer to `pos` (window pixels) and clicks the left button there.
  void click(ImVec2 pos);
  void move_pointer(ImVec2 pos);
  // Renders a frame and saves it as screenshot_dir()/NAME.png, read back as a Shot.
  Shot shot(const std::string& name);

 private:
  void send_key(unsigned int keycode, bool press, unsigned int state);
  void send_button(bool press, ImVec2 pos);
  template <typename InputEvent>
  void fill_input(InputEvent& e, int type, unsigned int state, ImVec2 pos);

  struct ImGuiContextOwner {
    ImGuiContextOwner();
    ~ImGuiContextOwner();
  } context_;  // first: App and the platform's backends need it to the end
  std::unique_ptr<App> app_;
  std::unique_ptr<Platform> platform_;
  void* display_ = nullptr;      // the X display GLFW opened (Display*)
  unsigned long window_ = 0;     // the window's X id
  unsigned long x_time_ = 1000;  // event timestamps, increasing (GLFW drops repeats of a time)
};

}  // namespace mailsim::gui::test
