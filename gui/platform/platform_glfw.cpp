// GLFW + OpenGL 3 platform (the default backend).
#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <utility>

#include "platform/platform.hpp"

namespace mailsim::gui {
namespace {

std::string g_glfw_error;
std::vector<int> g_key_presses;  // filled by the key callback, which ImGui's backend chains

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
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    window_ = glfwCreateWindow(width, height, title, nullptr, nullptr);
    if (!window_) {
      error = g_glfw_error;
      glfwTerminate();
      return false;
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(1);
    glfwSetKeyCallback(window_, [](GLFWwindow*, int key, int, int action, int) {
      if (action != GLFW_RELEASE && key >= 0) g_key_presses.push_back(key);
    });
    ImGui_ImplGlfw_InitForOpenGL(window_, true);  // installs its callbacks, calling ours first
    ImGui_ImplOpenGL3_Init("#version 330 core");
    return true;
  }

  bool should_close() override { return glfwWindowShouldClose(window_); }
  void poll_events() override { glfwPollEvents(); }
  void wait_events() override { glfwWaitEvents(); }
  std::vector<int> take_key_presses() override { return std::exchange(g_key_presses, {}); }
  void new_frame() override {
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
  void toggle_fullscreen() override {
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
  GLFWwindow* window_ = nullptr;
  int saved_[4] = {0, 0, 1280, 800};
};

}  // namespace

std::unique_ptr<Platform> make_platform() { return std::make_unique<GlfwPlatform>(); }

}  // namespace mailsim::gui
