// GLFW + OpenGL 3 platform (the default backend). The web edition compiles it too, over
// emscripten's GLFW (__EMSCRIPTEN__): an OpenGL ES 3 context (WebGL 2), the canvas's back
// buffer kept at its CSS size times the device pixel ratio, full screen through the page.
#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <utility>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#endif

#include "platform/platform.hpp"

namespace mailsim::gui {
namespace {

std::string g_glfw_error;
std::vector<KeyPress> g_key_presses;  // filled by the key callback, which ImGui's backend chains

class GlfwPlatform : public Platform {
 public:
  ~GlfwPlatform() override {
    if (!window_) return;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    glfwDestroyWindow(window_);
    glfwTerminate();
  }

  bool init(const char* title, int width, int height, std::string& error) override {
    glfwSetErrorCallback([](int code, const char* text) { g_glfw_error = "GLFW error " + std::to_string(code) + ": " + text; });
    if (!glfwInit()) {
      error = g_glfw_error;
      return false;
    }
#ifdef __EMSCRIPTEN__
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
#else
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
#endif
    window_ = glfwCreateWindow(width, height, title, nullptr, nullptr);
    if (!window_) {
      error = g_glfw_error;
      glfwTerminate();
      return false;
    }
    glfwMakeContextCurrent(window_);
#ifndef __EMSCRIPTEN__
    glfwSwapInterval(1);
#endif
    glfwSetKeyCallback(window_, [](GLFWwindow*, int key, int, int action, int mods) {
      if (action != GLFW_RELEASE && key >= 0) g_key_presses.push_back({key, (mods & GLFW_MOD_CONTROL) != 0});
    });
    ImGui_ImplGlfw_InitForOpenGL(window_, true);  // installs its callbacks, calling ours first
#ifdef __EMSCRIPTEN__
    ImGui_ImplOpenGL3_Init("#version 300 es");
#else
    ImGui_ImplOpenGL3_Init("#version 330 core");
#endif
    return true;
  }

  bool should_close() override { return glfwWindowShouldClose(window_); }
  void poll_events() override { glfwPollEvents(); }
  void wait_events() override { glfwWaitEvents(); }
  std::vector<KeyPress> take_key_presses() override { return std::exchange(g_key_presses, {}); }
  void new_frame() override {
#ifdef __EMSCRIPTEN__
    follow_canvas_size();
#endif
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
  }
  void render() override {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.08f, 0.08f, 0.1f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
  void swap() override { glfwSwapBuffers(window_); }
  void wait_drawn() override {
#ifdef __EMSCRIPTEN__
    // WebGL's finish() is only a flush in Chromium; reading a pixel back waits for the
    // drawing (the back buffer is kept until the page returns to the browser).
    unsigned char pixel[4];
    glReadPixels(0, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, pixel);
#else
    glFinish();
#endif
  }
  void toggle_fullscreen() override {
#ifdef __EMSCRIPTEN__
    EmscriptenFullscreenChangeEvent state;
    if (emscripten_get_fullscreen_status(&state) == EMSCRIPTEN_RESULT_SUCCESS && state.isFullscreen)
      emscripten_exit_fullscreen();
    else
      emscripten_request_fullscreen("#canvas", false);
    return;
#endif
    if (glfwGetWindowMonitor(window_)) {
      glfwSetWindowMonitor(window_, nullptr, saved_[0], saved_[1], saved_[2], saved_[3], 0);
      return;
    }
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    if (!monitor) return;
    glfwGetWindowPos(window_, &saved_[0], &saved_[1]);
    glfwGetWindowSize(window_, &saved_[2], &saved_[3]);
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  }
  void reload_fonts() override {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  void framebuffer_size(int& w, int& h) override { glfwGetFramebufferSize(window_, &w, &h); }
  KeyCodes key_codes() const override {
    return {GLFW_KEY_F11, GLFW_KEY_EQUAL, GLFW_KEY_MINUS, GLFW_KEY_KP_ADD, GLFW_KEY_KP_SUBTRACT, GLFW_KEY_F5,
            GLFW_KEY_F1};
  }
  const char* name() const override { return "glfw"; }

 private:
#ifdef __EMSCRIPTEN__
  // The page sizes the canvas (CSS); its back buffer follows in device pixels, so the
  // window is sharp on a HiDPI screen (the app scales its fonts by the same ratio).
  void follow_canvas_size() {
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    const double ratio = emscripten_get_device_pixel_ratio();
    const int w = static_cast<int>(std::lround(css_w * ratio)), h = static_cast<int>(std::lround(css_h * ratio));
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(window_, &fw, &fh);
    // Not glfwSetWindowSize, which asks for full screen when the size is the screen's: the
    // page's resize of the canvas, which emscripten's GLFW then reports as the window's.
    if (w > 0 && h > 0 && (w != fw || h != fh)) EM_ASM({ Browser.setCanvasSize($0, $1); }, w, h);
  }
#endif
  GLFWwindow* window_ = nullptr;
  int saved_[4] = {0, 0, 1280, 800};
};

}  // namespace

std::unique_ptr<Platform> make_platform() { return std::make_unique<GlfwPlatform>(); }

}  // namespace mailsim::gui
