// The real window under Xvfb, driven by keys and clicks sent through the X server, with
// its screenshots checked for what a viewer sees (issue 17's "Done when"): the transcript
// at the End of mx-fallback shows the message's last hop, soleil.uvsq.fr to
// shiva.jussieu.fr (and the same check rejects an earlier step on another connection),
// and the topology numbers the message's hops so far; PageDown and PageUp step, however
// fast the taps; the queue inspector, picked with the mouse, shows one failed attempt at
// the first failure; Ctrl+= from the default text size to 2.5x leaves no pane empty and
// every host box whole; load-100k opened from the menu runs while frames keep coming (and,
// outside CI, to the same count as mailsim run). PNGs go to $MAILSIM_SCREENSHOTS.
#include <doctest/doctest.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fixture.hpp"
#include "panels/widgets.hpp"
#include "platform/frames.hpp"
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

// The hops of the current message's path numbered in the topology at `shot`: how many of
// 1, 2, 3... are drawn, each on a disc of the path's colour.
int hops_numbered(const Shot& shot, ImU32 path_colour) {
  const test::Drawn topology = test::drawn(ImGui::FindWindowByName("###topology"));
  const ImVec4 path = ImGui::ColorConvertU32ToFloat4(path_colour);
  const float font = ImGui::GetFontSize();
  auto on_disc = [&](std::size_t i) {
    const int x = static_cast<int>(topology.where[i].x - font * 0.1f), y = static_cast<int>(topology.where[i].y + font * 0.5f);
    if (x < 0 || y < 0 || x >= shot.width || y >= shot.height) return false;
    const unsigned char* p = &shot.rgb[(static_cast<std::size_t>(y) * shot.width + x) * 3];
    return std::abs(p[0] - path.x * 255) < 12 && std::abs(p[1] - path.y * 255) < 12 && std::abs(p[2] - path.z * 255) < 12;
  };
  int hops = 0;
  for (bool found = true; found && hops < 9;) {
    found = false;
    const char digit = static_cast<char>('1' + hops);
    for (std::size_t i = 0; i < topology.text.size() && !found; ++i)
      found = topology.text[i] == digit && on_disc(i);
    hops += found;
  }
  return hops;
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
  const ImU32 path_colour = w.app().context().palette.message;
  CHECK(hops_numbered(earlier, path_colour) == 1);  // the topology: mail.cnam.fr to soleil so far

  w.key(XK_End);  // the End key, as the user presses it
  CHECK(w.tl().pos() == w.tl().size());
  const Shot end = w.shot("window_transcript_end");
  for (const std::string& problem : last_hop_problems(end, index)) FAIL_CHECK(problem);
  CHECK(hops_numbered(end, path_colour) == 2);  // and on to shiva.jussieu.fr: two hops numbered
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

TEST_CASE("window: Ctrl+= and Ctrl+- change the text size one step per tap, however fast the taps") {
  RealWindow w("basic-smtp.json");
  const float base = w.app().settings().font_size;
  w.key(XK_equal, 3, true);  // three taps reach the window before it draws again
  CHECK(w.app().settings().font_size == doctest::Approx(base + 6));
  w.key(XK_minus, 2, true);
  CHECK(w.app().settings().font_size == doctest::Approx(base + 2));
  // The text drawn is that size: the menu bar's height follows the font.
  CHECK(ImGui::GetFontSize() == doctest::Approx(base + 2));
  // Without Ctrl, '=' is not a size key (nor a step).
  w.key(XK_equal, 2);
  CHECK(w.app().settings().font_size == doctest::Approx(base + 2));
  CHECK(w.tl().pos() == 0);
}

TEST_CASE("window: PageDown and PageUp step one event per tap, however fast the taps") {
  RealWindow w("basic-smtp.json");
  REQUIRE(w.tl().pos() == 0);
  w.key(XK_Next);  // PageDown, what a presentation remote sends for "next"
  CHECK(w.tl().pos() == 1);
  w.key(XK_Next, 5);  // five taps reach the window before it draws again
  CHECK(w.tl().pos() == 6);
  w.key(XK_Prior, 2);  // PageUp
  CHECK(w.tl().pos() == 4);
  // What the presenter's audience sees: the counter and the current event of step 4.
  const Shot shot = w.shot("window_pagedown");
  const std::string counter = std::string(tr(Str::Event)) + " 4 / " + std::to_string(w.tl().size());
  const std::string timeline = test::drawn(ImGui::FindWindowByName("###timeline")).text;
  INFO(timeline);
  CHECK(timeline.find(counter) != std::string::npos);
  const TraceEvent& current = *w.tl().current();  // the line under the counter: its time and host
  CHECK(timeline.find(format_time(current.time) + " " + w.app().context().index()->trace().name(current.host)) != std::string::npos);
  const test::Region r = test::region(shot, ImGui::FindWindowByName("###timeline"));
  CHECK(r.ink() * 20 > r.area());
}

namespace {

// The failed attempts the queue inspector shows for `host`'s message M1, read from what is
// drawn: its row reads "HOST M1 SINCE s ATTEMPTS NEXT-RETRY" (-1 if there is no such row).
int attempts_shown(const std::string& host) {
  const std::string queues = test::drawn(ImGui::FindWindowByName("###inspectors")).text;
  INFO(queues);
  const std::size_t row = queues.find(host + " M1 ");
  if (row == std::string::npos) return -1;
  const std::size_t s = queues.find(" s ", row);
  if (s == std::string::npos) return -1;
  return std::atoi(queues.c_str() + s + 3);
}

}  // namespace

TEST_CASE("window: the queue inspector, picked with the mouse, shows 1 failed attempt at the first failure") {
  RealWindow w("mx-fallback.json");
  const TraceIndex& index = *w.app().context().index();
  std::size_t queued = index.size();  // the message queued at soleil.uvsq.fr (the backup MX)
  for (std::size_t i = 0; i < index.size() && queued == index.size(); ++i)
    if (index.event(i).kind == TraceKind::MessageQueued && index.trace().name(index.event(i).host) == "soleil.uvsq.fr") queued = i;
  const std::size_t failed = find_event(index, TraceKind::MessageQueued, "attempt 1 failed");
  const std::size_t failed_again = find_event(index, TraceKind::MessageQueued, "attempt 2 failed");
  REQUIRE(queued < failed);
  REQUIRE(failed < failed_again);
  REQUIRE(failed_again < index.size());
  // The mouse picks the Queues tab of the inspectors, by its label as drawn.
  const auto tab = w.shot("window_queues_start").text.find(tr(Str::Queues));
  REQUIRE(tab.has_value());
  w.click(*tab);
  // PageDown up to the message queued at soleil.uvsq.fr: no attempt yet.
  w.key(XK_Next, static_cast<int>(queued + 1));
  REQUIRE(w.tl().pos() == queued + 1);
  w.shot("window_queues_queued");
  CHECK(attempts_shown("soleil.uvsq.fr") == 0);
  // On to the first failure: 1, as the simulation's note says (not 2: queue events are not tries).
  w.key(XK_Next, static_cast<int>(failed - queued));
  REQUIRE(w.tl().pos() == failed + 1);
  const Shot first = w.shot("window_queues_first_failure");
  CHECK(attempts_shown("soleil.uvsq.fr") == 1);
  CHECK(first.text.text.find("attempt 1 failed") != std::string::npos);
  w.key(XK_Next, static_cast<int>(failed_again - failed));
  w.shot("window_queues_second_failure");
  CHECK(attempts_shown("soleil.uvsq.fr") == 2);
}

namespace {

// Each pane shown at `shot` has room, content drawn (text, and pixels unlike its background
// in several colours) and lies inside the window. Returns what is wrong.
std::vector<std::string> empty_panes(const Shot& shot, const std::vector<const char*>& panes) {
  std::vector<std::string> wrong;
  for (const char* name : panes) {
    const ImGuiWindow* pane = ImGui::FindWindowByName(name);
    if (!pane || pane->Collapsed) {
      wrong.push_back(std::string(name) + " is not shown");
      continue;
    }
    const test::Region r = test::region(shot, pane);
    const std::string text = test::drawn(pane).text;
    std::size_t letters = 0;
    for (const char c : text) letters += std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (pane->Pos.x < 0 || pane->Pos.y < 0 || pane->Pos.x + pane->Size.x > shot.width + 1 || pane->Pos.y + pane->Size.y > shot.height + 1)
      wrong.push_back(std::string(name) + " goes past the window's edge");
    if (letters < 20) wrong.push_back(std::string(name) + " shows almost no text: " + text);
    if (r.ink() * 50 < r.area() || r.colours() < 8) wrong.push_back(std::string(name) + " is nearly blank");
  }
  return wrong;
}

// A point in the left quarter of the inspectors' tab of panel `id` (its close button is on
// the right), from ImGui's tab bar: its label may be cut short to a few letters and "…".
std::optional<ImVec2> inspector_tab(const char* id) {
  const ImGuiWindow* inspectors = ImGui::FindWindowByName("###inspectors");
  if (!inspectors) return std::nullopt;
  ImGuiTabBar* bar = GImGui->TabBars.GetByKey(ImHashStr("##inspectors", 0, inspectors->ID));
  if (!bar) return std::nullopt;
  const ImGuiTabItem* tab = ImGui::TabBarFindTabByID(bar, ImHashStr((std::string("###") + id).c_str(), 0, bar->ID));
  if (!tab) return std::nullopt;
  return ImVec2(bar->BarRect.Min.x + tab->Offset - bar->ScrollingAnim + tab->Width / 4, bar->BarRect.GetCenter().y);
}

}  // namespace

TEST_CASE("window: Ctrl+= from the default text size to 2.5x, at 1280x800 and 1920x1080: no pane is empty") {
  for (const auto& [width, height] : {std::pair{1280, 800}, std::pair{1920, 1080}}) {
    RealWindow w("mx-fallback.json", width, height);
    const float base = w.app().settings().font_size;
    w.key(XK_Next, 60);
    CAPTURE(width);
    // Ctrl+= adds two pixels a press, up to 2.5 times the default size; every other size
    // (and the last) is looked at, which keeps the test to about half a minute.
    for (int press = 0;; ++press) {
      const float size = w.app().settings().font_size;
      const bool last = size + 2 > base * 2.5f + 0.5f;
      CAPTURE(size);
      if (press % 2 == 0 || last) {
        const std::string name = "window_font_" + std::to_string(width) + "_" + std::to_string(static_cast<int>(size));
        const Shot shot = w.shot(name);
        CHECK(shot.width == width);
        std::vector<const char*> panes = {"###timeline", "###topology", "###inspectors"};
        if (!w.app().compact()) panes.insert(panes.end(), {"###transcript", "###events"});
        for (const std::string& problem : empty_panes(shot, panes)) FAIL_CHECK(problem);
        // Every host's box whole in the topology: its name drawn in full (a box cut at the
        // pane's edge loses the glyphs outside).
        const std::string topology = test::drawn(ImGui::FindWindowByName("###topology")).text;
        for (const Node& node : w.app().context().index()->nodes())
          if (topology.find(node.name) == std::string::npos) FAIL_CHECK(node.name << " is not drawn whole in the topology");
        // Large text: the transcript and the event list become the inspectors' first tabs;
        // the mouse opens each, and it shows its content.
        if (w.app().compact())
          for (const char* tab : {"transcript", "events"}) {
            const auto label = inspector_tab(tab);
            REQUIRE(label.has_value());
            w.click(*label);
            for (const std::string& problem : empty_panes(w.shot(name + "_" + tab), {"###inspectors"})) FAIL_CHECK(problem);
          }
      }
      if (last) break;
      w.key(XK_equal, 1, true);
      REQUIRE(w.app().settings().font_size == doctest::Approx(size + 2));
    }
    CHECK(w.app().settings().font_size > base * 2.5f);
  }
}

namespace {

ImGuiTabBar* inspector_tabs() {
  const ImGuiWindow* inspectors = ImGui::FindWindowByName("###inspectors");
  return inspectors ? GImGui->TabBars.GetByKey(ImHashStr("##inspectors", 0, inspectors->ID)) : nullptr;
}

// A tab's label as the window names it (the part before "###").
std::string tab_label(const ImGuiTabBar* bar, const ImGuiTabItem& tab) {
  const std::string name = bar->GetTabName(&tab);
  return name.substr(0, name.find("###"));
}

// Frames until the tab bar has scrolled where it goes (it glides there over several).
void settle(RealWindow& w, const ImGuiTabBar* bar) {
  w.frames(2);
  for (int i = 0; i < 120 && bar->ScrollingAnim != bar->ScrollingTarget; ++i) w.frames(1);
}

// Whether `label` is drawn whole on the tab bar's line (not only in a panel below it).
bool drawn_on_bar(const ImGuiTabBar* bar, const std::string& label) {
  const test::Drawn drawn = test::drawn(ImGui::FindWindowByName("###inspectors"));
  for (std::size_t at = drawn.text.find(label); at != std::string::npos; at = drawn.text.find(label, at + 1))
    if (drawn.where[at].y >= bar->BarRect.Min.y - 2 && drawn.where[at].y < bar->BarRect.Max.y) return true;
  return false;
}

}  // namespace

TEST_CASE("window: at 2.5x text on 1280x800 the inspectors' tabs keep their whole labels and a click on a tab's middle selects it") {
  RealWindow w("mx-fallback.json", 1280, 800);
  const float base = w.app().settings().font_size;
  w.app().set_font_size(base * 2.5f);
  w.frames(4);
  REQUIRE(w.app().compact());
  ImGuiTabBar* bar = inspector_tabs();
  REQUIRE(bar != nullptr);
  REQUIRE(bar->Tabs.Size >= 6);
  // Each tab in turn brought to view (the bar scrolls to it): its label is drawn whole.
  std::vector<std::string> labels;
  for (const ImGuiTabItem& tab : bar->Tabs) labels.push_back(tab_label(bar, tab));
  const std::vector<std::string> ids = {"transcript", "events", "message", "mailboxes"};
  for (const std::string& id : ids) {
    REQUIRE(w.app().show(id));
    settle(w, bar);
    const ImGuiTabItem* tab = ImGui::TabBarFindTabByID(bar, bar->SelectedTabId);
    REQUIRE(tab != nullptr);
    const std::string label = tab_label(bar, *tab);
    INFO(id, ": ", label);
    CHECK(drawn_on_bar(bar, label));
  }
  w.shot("window_tabs_2_5x");
  // A click on the middle of each tab selects it, and no panel closes: with the next tab
  // selected first (the bar scrolls it into view at its right end, this one beside it).
  int clicked = 0;
  for (int i = 0; i + 1 < bar->Tabs.Size; ++i) {
    const std::string next = bar->GetTabName(&bar->Tabs[i + 1]);
    REQUIRE(next.find("###") != std::string::npos);
    REQUIRE(w.app().show(next.substr(next.find("###") + 3)));
    settle(w, bar);
    const ImGuiTabItem& tab = bar->Tabs[i];
    const float left = bar->BarRect.Min.x + tab.Offset - bar->ScrollingAnim;
    CAPTURE(labels[static_cast<std::size_t>(i)]);
    if (left < bar->BarRect.Min.x || left + tab.Width > bar->BarRect.Max.x) continue;  // not whole in view
    const ImGuiID id = tab.ID;
    w.click(ImVec2(left + tab.Width * 0.5f, bar->BarRect.GetCenter().y));
    settle(w, bar);
    CHECK(bar->SelectedTabId == id);
    CHECK(bar->Tabs.Size == static_cast<int>(labels.size()));  // nothing closed
    ++clicked;
  }
  MESSAGE(clicked, " of ", bar->Tabs.Size, " tabs clicked in their middle");
  CHECK(clicked >= 3);  // a wide tab and its neighbour do not always fit the bar together
}

TEST_CASE("window: the Events tab, opened in the compact layout after a move, shows the current event") {
  RealWindow w("mx-fallback.json", 1280, 800);
  w.app().set_font_size(w.app().settings().font_size * 2.5f);
  w.frames(4);
  REQUIRE(w.app().compact());
  REQUIRE(w.app().show("transcript"));
  w.frames(3);
  w.key(XK_End);  // the last event, while the event list is a hidden tab
  w.frames(6);
  const std::size_t pos = w.tl().pos();
  REQUIRE(pos > 30);
  ImGuiTabBar* bar = inspector_tabs();
  REQUIRE(bar != nullptr);
  const ImGuiTabItem* events = ImGui::TabBarFindTabByID(bar, ImHashStr("###events", 0, bar->ID));
  REQUIRE(events != nullptr);
  w.click(ImVec2(bar->BarRect.Min.x + events->Offset - bar->ScrollingAnim + events->Width * 0.5f, bar->BarRect.GetCenter().y));
  w.frames(3);
  const TraceEvent& current = *w.tl().current();
  const std::string row = std::to_string(pos) + " " + format_time(current.time);
  w.shot("window_events_tab_at_end");
  const std::string drawn = test::drawn(ImGui::FindWindowByName("###inspectors")).text;
  INFO(drawn);
  CHECK(drawn.find(row) != std::string::npos);
  const std::string first_row = "\n1 " + format_time(w.app().context().index()->event(0).time);
  CHECK(drawn.find(first_row) == std::string::npos);  // not the list's first rows
}

namespace {

// What the progress window shows while a scenario runs: its events and its simulated time
// ("Events: N   t = T s") and its bar's count of the clients' actions done ("D / 100000
// client actions done": load-100k's script), read from the screen; nullopt when no
// progress window is drawn.
struct Progress {
  std::size_t events = 0;
  double time = 0;
  std::size_t actions = 0;
};
std::optional<Progress> progress_shown() {
  const ImGuiWindow* running = ImGui::FindWindowByName(tr(Str::Running));
  if (!running || !running->Active) return std::nullopt;
  const std::string text = test::drawn(running).text;
  const std::size_t events = text.find(std::string(tr(Str::Events)) + ": "), t = text.find("t = ");
  if (events == std::string::npos || t == std::string::npos) return std::nullopt;
  Progress p;
  p.events = std::strtoull(text.c_str() + events + std::strlen(tr(Str::Events)) + 2, nullptr, 10);
  p.time = std::strtod(text.c_str() + t + 4, nullptr);
  const std::size_t bar = text.find(" / 100000 " + std::string(tr(Str::ScriptActions)));
  if (bar != std::string::npos) p.actions = std::strtoull(text.c_str() + text.find_last_of(" \n", bar - 1) + 1, nullptr, 10);
  return p;
}

// What one frame of the window cost: its wall time, and the process's CPU time (the
// drawing's threads included), which a busy machine does not inflate as it does the wall.
struct FrameCost {
  double wall = 0, cpu = 0;
};
FrameCost timed_frame(RealWindow& w) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  w.frames(1);
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
          static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC};
}

// Opens load-100k (12.7 million events) as a user does, with the mouse: File > Shipped
// scenarios > load-100k.json.
void open_load_100k(RealWindow& w) {
  const auto file = w.shot("window_load_100k_before").text.find(tr(Str::File));
  REQUIRE(file.has_value());
  w.click(*file);
  const auto shipped = w.shot("window_load_100k_file_menu").text.find(tr(Str::OpenShipped));
  REQUIRE(shipped.has_value());
  w.move_pointer(*shipped);  // the submenu opens on hover
  w.frames(2);
  const auto item = w.shot("window_load_100k_shipped_menu").text.find("load-100k.json");
  REQUIRE(item.has_value());
  w.click(*item);
  REQUIRE(w.app().running());
}

}  // namespace

TEST_CASE("window: load-100k opened from the menu runs a slice per frame, frames keep coming and the progress advances") {
  RealWindow w("basic-smtp.json");
  open_load_100k(w);
  // Twenty frames: none costs more than half a second of CPU (a slice of the run is 25 ms
  // of work) nor takes three seconds, and the progress window shows more events and a
  // later time as they go.
  std::optional<Progress> first, last;
  FrameCost slowest;
  for (int frame = 0; frame < 20 && w.app().running(); ++frame) {
    const FrameCost cost = timed_frame(w);
    slowest = {std::max(slowest.wall, cost.wall), std::max(slowest.cpu, cost.cpu)};
    last = progress_shown();
    REQUIRE(last.has_value());
    if (!first) first = last;
  }
  MESSAGE("load-100k, 20 frames: from ", first->events, " to ", last->events, " events (t = ", last->time,
          " s); the slowest frame took ", slowest.wall, " s, ", slowest.cpu, " s of CPU");
  w.shot("window_load_100k_running");
  CHECK(progress_shown().has_value());
  CHECK(w.app().running());  // far from done: the window is not blocked until the end
  CHECK(last->events > first->events);
  CHECK(last->time > first->time);
  CHECK(last->actions > first->actions);  // the bar fills as the clients' script goes on
  CHECK(slowest.cpu < 0.5);
  CHECK(slowest.wall < 3.0);
  // And it answers meanwhile: a key is taken at once (F1 opens the help).
  w.key(XK_F1);
  CHECK(w.app().find_panel("help")->open);
  CHECK(w.app().running());
}

// Not in CI (about two minutes and 1.4 GB on two cores): `ctest -C long -R load_100k_whole`.
TEST_CASE("window: load-100k runs to its end in the window, with as many events as mailsim run" * doctest::skip()) {
  const char* cli = std::getenv("MAILSIM_CLI");
  REQUIRE(cli != nullptr);
  RealWindow w("basic-smtp.json");
  open_load_100k(w);
  const auto start = std::chrono::steady_clock::now();
  std::vector<double> wall, cpu;
  std::size_t shown_before = 0;
  while (w.app().running()) {
    const FrameCost cost = timed_frame(w);
    wall.push_back(cost.wall);
    cpu.push_back(cost.cpu);
    // Every fiftieth frame, the progress shown has moved on.
    if (wall.size() % 50 == 0 && w.app().running()) {
      const auto shown = progress_shown();
      REQUIRE(shown.has_value());
      CHECK(shown->events > shown_before);
      shown_before = shown->events;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  MESSAGE("load-100k in the window: ", w.tl().size(), " events in ", wall.size(), " frames, ", seconds,
          " s; frame wall times p50 ", quantile(wall, 0.5), " s, p99 ", quantile(wall, 0.99), " s, slowest ", wall.back(),
          " s; CPU p50 ", quantile(cpu, 0.5), " s, p99 ", quantile(cpu, 0.99), " s, most ", cpu.back(), " s");
  // Responsive: frames come at a steady pace; the odd long one (the trace's storage growing
  // by a copy) is a hitch, not a freeze.
  CHECK(quantile(cpu, 0.5) < 0.25);
  CHECK(cpu.back() < 2.0);
  CHECK(wall.back() < 5.0);
  CHECK_FALSE(progress_shown().has_value());  // done: the progress window is gone
  // The same count as the command line's run of the same scenario.
  const std::string command = std::string(cli) + " run --quiet " + test::scenario_path("load-100k.json");
  std::FILE* run = ::popen(command.c_str(), "r");
  REQUIRE(run != nullptr);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, run)) > 0;) out.append(buf, n);
  CHECK(::pclose(run) == 0);
  const std::size_t counted = out.find(" events, ");
  REQUIRE(counted != std::string::npos);
  const std::size_t line = out.rfind("== ", counted);
  REQUIRE(line != std::string::npos);
  const std::size_t events = std::strtoull(out.c_str() + line + 3, nullptr, 10);
  MESSAGE("mailsim run: ", events, " events");
  CHECK(w.tl().size() == events);
  // End: the counter the audience reads says so too.
  w.key(XK_End);
  w.shot("window_load_100k_end");
  const std::string counter = std::string(tr(Str::Event)) + " " + std::to_string(events) + " / " + std::to_string(events);
  CHECK(test::drawn(ImGui::FindWindowByName("###timeline")).text.find(counter) != std::string::npos);
}
