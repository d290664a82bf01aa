// Theory of operation: one frame of the window, and the frame bench, shared by the
// desktop entry point (gui/main.cpp) and the web edition's (web/main.cpp).
//
// run_frame() applies what the app asked of the platform (new fonts, full screen), runs
// the backends' and ImGui's frame around App::frame and draws; the caller swaps (or, in a
// browser, returns to it). bench() renders N frames while the timeline plays, jumps and
// every inspector takes its turn in front, each drawn before the next is timed
// (Platform::wait_drawn), and prints one line of figures, the same on both platforms:
// frames=N p50_ms=X p99_ms=Y jump_ms=Z (CPU time of the app's part).
#pragma once
#include <chrono>
#include <vector>

#include "app/app.hpp"
#include "platform/platform.hpp"

namespace mailsim::gui {

// Milliseconds elapsed since t0.
double ms_since(std::chrono::steady_clock::time_point t0);
// One frame: backends, the app, ImGui's render. Returns the CPU time of the app's part (ms).
double run_frame(Platform& platform, App& app, double dt);
// The p-th quantile (0..1) of sorted times; 0 if there are none.
double quantile(const std::vector<double>& sorted, double p);
// Renders `frames` frames playing and jumping, prints the figures line; returns 0.
int bench(Platform& platform, App& app, int frames);

}  // namespace mailsim::gui
