// SDL2 + OpenGL 3 platform (MAILSIM_GUI_BACKEND=SDL2).
#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <utility>

#include "platform/platform.hpp"

namespace mailsim::gui {
namespace {

class Sdl2Platform : public Platform {
 public:
  ~Sdl2Platform() override {
    if (!window_) return;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    SDL_GL_DeleteContext(gl_);
    SDL_DestroyWindow(window_);
    SDL_Quit();
  }

  bool init(const char* title, int width, int height, std::string& error) override {
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
      error = std::string("SDL error: ") + SDL_GetError();
      return false;
    }
    // Without a display SDL falls back to a headless driver: that is "no display" too,
    // unless the user asked for that driver.
    const std::string driver = SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "";
    if ((driver == "offscreen" || driver == "dummy" || driver.empty()) && !SDL_getenv("SDL_VIDEODRIVER")) {
      error = "SDL found no display, only the '" + driver + "' video driver";
      SDL_Quit();
      return false;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    window_ = SDL_CreateWindow(title, SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, width, height,
                               SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!window_) {
      error = std::string("SDL error: ") + SDL_GetError();
      SDL_Quit();
      return false;
    }
    gl_ = SDL_GL_CreateContext(window_);
    SDL_GL_MakeCurrent(window_, gl_);
    SDL_GL_SetSwapInterval(1);
    ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    return true;
  }

  bool should_close() override { return close_; }
  void poll_events() override {
    SDL_Event event;
    while (SDL_PollEvent(&event)) handle(event);
  }
  void wait_events() override {
    SDL_Event event;
    if (SDL_WaitEvent(&event)) handle(event);
    poll_events();
  }
  std::vector<KeyPress> take_key_presses() override { return std::exchange(key_presses_, {}); }
  void new_frame() override {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
  }
  void render() override {
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.08f, 0.08f, 0.1f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
  void swap() override { SDL_GL_SwapWindow(window_); }
  void wait_drawn() override { glFinish(); }
  void toggle_fullscreen() override {
    const bool full = SDL_GetWindowFlags(window_) & SDL_WINDOW_FULLSCREEN_DESKTOP;
    SDL_SetWindowFullscreen(window_, full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
  }
  void reload_fonts() override {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  void framebuffer_size(int& w, int& h) override { SDL_GL_GetDrawableSize(window_, &w, &h); }
  KeyCodes key_codes() const override {
    return {SDL_SCANCODE_F11, SDL_SCANCODE_EQUALS, SDL_SCANCODE_MINUS, SDL_SCANCODE_KP_PLUS, SDL_SCANCODE_KP_MINUS,
            SDL_SCANCODE_F5, SDL_SCANCODE_F1};
  }
  const char* name() const override { return "sdl2"; }

 private:
  void handle(const SDL_Event& event) {
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) close_ = true;
    if (event.type == SDL_KEYDOWN)
      key_presses_.push_back({static_cast<int>(event.key.keysym.scancode), (event.key.keysym.mod & KMOD_CTRL) != 0});
  }

  SDL_Window* window_ = nullptr;
  std::vector<KeyPress> key_presses_;
  SDL_GLContext gl_ = nullptr;
  bool close_ = false;
};

}  // namespace

std::unique_ptr<Platform> make_platform() { return std::make_unique<Sdl2Platform>(); }

}  // namespace mailsim::gui
