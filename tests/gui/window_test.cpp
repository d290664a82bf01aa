// The real window under Xvfb, driven by keys and clicks sent through the X server, with
// its screenshots checked for what a viewer sees (issue 17's "Done when"): the transcript
// at the End of mx-fallback shows the message's last hop, soleil.uvsq.fr to
// shiva.jussieu.fr (and the same check rejects an earlier step on another connection);
// PageDown and PageUp step, however fast the taps; the queue inspector, picked with the
// mouse, shows one failed attempt at the first failure. PNGs go to $MAILSIM_SCREENSHOTS.
#include <doctest/doctest.h>
#include <imgui_internal.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "panels/widgets.hpp"
#include "window_driver.hpp"

#define XK_MISCELLANY
#define XK_LATIN1
#include <X11/keysymdef.h>

using namespace mailsim;
using namespace mailsim::gui;
using test::find_event;
using test::RealWindow;
using test::Shot;

namespace {

// What a viewer must see in the transcript of mx-fallback at its End, read from `shot`:
// the tab of the last hop's connection is there and drawn as the selected one, its lines
// end with shiva.jussieu.fr's goodbye, none of the first hop's (mail.cnam.fr to soleil)
// is shown, and the pane is not blank. Returns what is wrong (empty: all seen).
std::vector<std::string> last_hop_problems(const Shot& shot, const TraceIndex& index) {
  std::vector<std::string> wrong;
  const ImGuiWindow* pane = ImGui::FindWindowByName("###transcript");
  const ImGuiWindow* lines = test::window_in("###transcript", "##lines");
  if (!pane || !lines) return {"no transcript pane"};
  const std::string shown = test::drawn(lines).text;
  const Connection& last = index.connections().back();
  const std::string label = connection_label(index, last);
  if (label.find("soleil.uvsq.fr > shiva.jussieu.fr:25") == std::string::npos) wrong.push_back("the last connection is " + label);
  // The selected tab is drawn in the active tab's colour: compare the pixel just left of
  // each label with the colours ImGui gives a selected and an unselected tab.
  const test::Drawn drawn_tabs = test::drawn(pane);
  const auto at = drawn_tabs.find(label);
  if (!at) {
    wrong.push_back("no tab " + label + " drawn");
  } else {
    const ImGuiStyle& style = ImGui::GetStyle();
    const int x = static_cast<int>(drawn_tabs.where[drawn_tabs.text.find(label)].x) - 2, y = static_cast<int>(at->y);
    const unsigned char* p = &shot.rgb[(static_cast<std::size_t>(y) * shot.width + x) * 3];
    auto distance = [&](ImGuiCol c) {
      const ImVec4& v = style.Colors[c];
      // Over the window's background (tabs are translucent in ImGui's dark style).
      const ImVec4& bg = style.Colors[ImGuiCol_WindowBg];
      float d = 0;
      const float pc[3] = {p[0] / 255.f, p[1] / 255.f, p[2] / 255.f}, vc[3] = {v.x, v.y, v.z}, bc[3] = {bg.x, bg.y, bg.z};
      for (int k = 0; k < 3; ++k) d += std::abs(pc[k] - (vc[k] * v.w + bc[k] * (1 - v.w)));
      return d;
    };
    const float selected = std::min(distance(ImGuiCol_TabActive), distance(ImGuiCol_TabUnfocusedActive));
    const float unselected = std::min(distance(ImGuiCol_Tab), distance(ImGuiCol_TabUnfocused));
    if (!(selected < unselected)) wrong.push_back("the tab " + label + " is not drawn as the selected one");
  }
  if (shown.find("221 shiva.jussieu.fr closing connection") == std::string::npos)
    wrong.push_back("the lines do not end with shiva.jussieu.fr's goodbye");
  if (shown.find("soleil.uvsq.fr closing connection") != std::string::npos ||
      shown.find("EHLO mail.cnam.fr") != std::string::npos)
    wrong.push_back("the lines are the first hop's (mail.cnam.fr to soleil.uvsq.fr)");
  const test::Region r = test::region(shot, pane);
  if (r.ink() * 20 < r.area() || r.colours() < 8) wrong.push_back("the transcript pane is nearly blank");
  return wrong;
}

}  // namespace

TEST_CASE("window: at the End of mx-fallback the transcript shows soleil.uvsq.fr to shiva.jussieu.fr") {
  RealWindow w("mx-fallback.json");
  const TraceIndex& index = *w.app().context().index();
  // Another connection first: the step where mail.cnam.fr's connection to soleil closes.
  const std::size_t first_hop_end = find_event(index, TraceKind::Line, "221 soleil.uvsq.fr");
  REQUIRE(first_hop_end < index.size());
  w.tl().seek(first_hop_end + 1);
  w.frames(3);
  const Shot earlier = w.shot("window_transcript_first_hop");
  const std::vector<std::string> at_first_hop = last_hop_problems(earlier, index);
  for (const std::string& problem : at_first_hop) MESSAGE("at the first hop, as expected: ", problem);
  CHECK(at_first_hop.size() >= 2);  // the check fails on the wrong step
  const test::Region before = test::region(earlier, ImGui::FindWindowByName("###transcript"));

  w.key(XK_End);  // the End key, as the user presses it
  CHECK(w.tl().pos() == w.tl().size());
  const Shot end = w.shot("window_transcript_end");
  for (const std::string& problem : last_hop_problems(end, index)) FAIL_CHECK(problem);
  // The pane changed from the earlier shot: another connection's lines, another tab.
  const test::Region after = test::region(end, ImGui::FindWindowByName("###transcript"));
  CHECK(after.area() == before.area());
  CHECK(after.differing(earlier) * 20 > after.area());

  // The mouse picks the tab before it (an attempt of soleil's that timed out): the check
  // sees that the last hop's tab is no longer the one shown.
  const Connection& before_last = index.connections()[index.connections().size() - 2];
  const auto tab = end.text.find(connection_label(index, before_last));
  REQUIRE(tab.has_value());
  w.click(*tab);
  CHECK(w.app().context().sel.conn == before_last.id);
  const Shot picked = w.shot("window_transcript_other_tab");
  const std::vector<std::string> problems = last_hop_problems(picked, index);
  for (const std::string& problem : problems) MESSAGE("on the tab picked, as expected: ", problem);
  CHECK(std::find_if(problems.begin(), problems.end(), [](const std::string& p) {
          return p.find("is not drawn as the selected one") != std::string::npos;
        }) != problems.end());
}
