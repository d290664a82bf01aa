#include "window_driver.hpp"

#include <doctest/doctest.h>
#include <imgui_internal.h>
#include <stb/stb_image.h>

#include <cstdlib>
#include <filesystem>
#include <algorithm>
#include <vector>

#include "platform/frames.hpp"

#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3.h>
#include <GLFW/glfw3native.h>  // after every other header: Xlib's macros (None, Bool, Status)
#include <X11/keysym.h>

namespace mailsim::gui::test {
namespace {

Display* x_display(void* d) { return static_cast<Display*>(d); }

int pixel(const Shot& s, int x, int y) {
  const unsigned char* p = &s.rgb[(static_cast<std::size_t>(y) * s.width + x) * 3];
  return p[0] << 16 | p[1] << 8 | p[2];
}

}  // namespace

// What a key event and a button event have alike: where, when, with which modifiers.
template <typename InputEvent>
void RealWindow::fill_input(InputEvent& e, int type, unsigned int state, ImVec2 pos) {
  Display* d = x_display(display_);
  e.type = type;
  e.display = d;
  e.window = window_;
  e.root = DefaultRootWindow(d);
  e.time = ++x_time_;
  e.x = static_cast<int>(pos.x);
  e.y = static_cast<int>(pos.y);
  e.state = state;
  e.same_screen = True;
}

// The region's pixels, sorted by colour (runs of one colour are then adjacent).
std::vector<int> Region::sorted_pixels() const {
  std::vector<int> pixels;
  pixels.reserve(static_cast<std::size_t>(std::max(area(), 0)));
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) pixels.push_back(pixel(*shot, x, y));
  std::sort(pixels.begin(), pixels.end());
  return pixels;
}

int Region::ink() const {
  const std::vector<int> pixels = sorted_pixels();
  int background = 0;
  for (std::size_t i = 0, j; i < pixels.size(); i = j) {
    for (j = i; j < pixels.size() && pixels[j] == pixels[i]; ++j) {}
    background = std::max(background, static_cast<int>(j - i));
  }
  return area() - background;
}

int Region::colours() const {
  std::vector<int> pixels = sorted_pixels();
  return static_cast<int>(std::unique(pixels.begin(), pixels.end()) - pixels.begin());
}

int Region::differing(const Shot& other) const {
  int n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const int a = pixel(*shot, x, y), b = pixel(other, x, y);
      int far = 0;
      for (const int shift : {16, 8, 0}) far = std::max(far, std::abs((a >> shift & 255) - (b >> shift & 255)));
      n += far > 24;
    }
  return n;
}

Region region(const Shot& shot, const ImGuiWindow* w) {
  Region r;
  r.shot = &shot;
  if (!w) return r;
  r.x0 = std::clamp(static_cast<int>(w->Pos.x), 0, shot.width);
  r.y0 = std::clamp(static_cast<int>(w->Pos.y), 0, shot.height);
  r.x1 = std::clamp(static_cast<int>(w->Pos.x + w->Size.x), r.x0, shot.width);
  r.y1 = std::clamp(static_cast<int>(w->Pos.y + w->Size.y), r.y0, shot.height);
  return r;
}

std::string screenshot_dir() {
  const char* dir = std::getenv("MAILSIM_SCREENSHOTS");
  return dir && *dir ? dir : std::filesystem::temp_directory_path().string();
}

RealWindow::ImGuiContextOwner::ImGuiContextOwner() { ImGui::CreateContext(); }
RealWindow::ImGuiContextOwner::~ImGuiContextOwner() { ImGui::DestroyContext(); }

RealWindow::RealWindow(const char* scenario, int width, int height) {
  set_language(Lang::En);
  app_ = std::make_unique<App>(false);
  app_->open(scenario_path(scenario));
  platform_ = make_platform();
  std::string error;
  REQUIRE_MESSAGE(platform_->init("mailsim", width, height, error), error);
  REQUIRE(std::string(platform_->name()) == "glfw");
  app_->set_key_codes(platform_->key_codes());
  GLFWwindow* window = glfwGetCurrentContext();
  display_ = glfwGetX11Display();
  window_ = glfwGetX11Window(window);
  // The pointer enters the window, as a user's hand on the mouse.
  move_pointer(ImVec2(static_cast<float>(width) / 2, static_cast<float>(height) - 2));
  frames(4);
}

RealWindow::~RealWindow() {
  platform_.reset();  // the backends, the GL context and the window, while ImGui's context lives
  app_.reset();
}

void RealWindow::frames(int count) {
  for (int i = 0; i < count; ++i) {
    platform_->poll_events();
    run_frame(*platform_, *app_, 1.0 / 60);
    platform_->swap();
  }
}

void RealWindow::send_key(unsigned int keycode, bool press, unsigned int state) {
  XEvent e{};
  fill_input(e.xkey, press ? KeyPress : KeyRelease, state, ImVec2(0, 0));
  e.xkey.keycode = keycode;
  XSendEvent(x_display(display_), window_, True, press ? KeyPressMask : KeyReleaseMask, &e);
}

void RealWindow::key(unsigned long keysym, int times, bool control) {
  Display* d = x_display(display_);
  const unsigned int code = XKeysymToKeycode(d, keysym), ctrl = XKeysymToKeycode(d, XK_Control_L);
  REQUIRE(code != 0);
  if (control) send_key(ctrl, true, 0);
  const unsigned int state = control ? ControlMask : 0;
  if (times == 1) {  // held down for a frame, as a hand does
    send_key(code, true, state);
    XSync(d, False);
    frames(1);
    send_key(code, false, state);
  } else {
    for (int i = 0; i < times; ++i) {
      send_key(code, true, state);
      send_key(code, false, state);
    }
  }
  if (control) send_key(ctrl, false, ControlMask);
  XSync(d, False);
  frames(3);
}

void RealWindow::move_pointer(ImVec2 pos) {
  Display* d = x_display(display_);
  XWarpPointer(d, 0, window_, 0, 0, 0, 0, static_cast<int>(pos.x), static_cast<int>(pos.y));
  XSync(d, False);
  frames(2);
}

void RealWindow::send_button(bool press, ImVec2 pos) {
  XEvent e{};
  fill_input(e.xbutton, press ? ButtonPress : ButtonRelease, press ? 0 : Button1Mask, pos);
  e.xbutton.button = Button1;
  XSendEvent(x_display(display_), window_, True, press ? ButtonPressMask : ButtonReleaseMask, &e);
  XSync(x_display(display_), False);
}

void RealWindow::click(ImVec2 pos) {
  move_pointer(pos);
  send_button(true, pos);
  frames(1);
  send_button(false, pos);
  frames(3);
}

Shot RealWindow::shot(const std::string& name) {
  Shot s;
  s.path = (std::filesystem::path(screenshot_dir()) / (name + ".png")).string();
  platform_->poll_events();
  run_frame(*platform_, *app_, 1.0 / 60);
  s.text = drawn();
  int w = 0, h = 0;
  platform_->framebuffer_size(w, h);
  const bool saved = save_screenshot(s.path, w, h);
  platform_->swap();
  REQUIRE_MESSAGE(saved, s.path);
  int channels = 0;
  unsigned char* px = stbi_load(s.path.c_str(), &s.width, &s.height, &channels, 3);
  REQUIRE(px != nullptr);
  s.rgb.assign(px, px + static_cast<std::size_t>(s.width) * s.height * 3);
  stbi_image_free(px);
  MESSAGE("screenshot: ", s.path);
  return s;
}

}  // namespace mailsim::gui::test
