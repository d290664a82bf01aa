// The window as a teacher uses it in class (issue 17), driven headless with keys and
// clicks: the transcript follows the connection the current event belongs to, the queue
// inspector counts attempts as the simulation does, replies are explained for the command
// they answer, the message inspector decodes encoded words, PageDown/PageUp step, every
// key press is one step however fast, the presentation key, the window goes idle when
// nothing moves, and every panel keeps its content from the default text size to 2.5x (the
// event list's columns fitting its pane).
#include <doctest/doctest.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "app/scenario_files.hpp"
#include "explain/catalog.hpp"
#include "fixture.hpp"
#include "lesson/lesson.hpp"
#include "model/reply_context.hpp"

using namespace mailsim;
using namespace mailsim::gui;

using test::find_event;
using test::Loaded;

namespace {

// Vertices drawn in a window and its child windows (a scrolling table is one) this frame.
int drawn_vertices(const ImGuiWindow* window) {
  int n = 0;
  for (const ImGuiWindow* w : GImGui->Windows)
    if (w->RootWindow == window && w->Active) n += w->DrawList->VtxBuffer.Size;
  return n;
}

// The event list's table drawn in the last frame (its last column is the events' text).
const ImGuiTable* events_table() {
  const ImGuiTable* found = nullptr;
  for (int n = 0; n < GImGui->Tables.GetMapSize(); ++n)
    if (const ImGuiTable* t = GImGui->Tables.TryGetMapData(n))
      if (t->ColumnsCount == 5 && t->LastFrameActive == GImGui->FrameCount &&
          std::string(ImGui::TableGetColumnName(t, 4)) == tr(Str::What))
        found = t;
  return found;
}

}  // namespace

TEST_CASE("classroom: at the end of mx-fallback the transcript shows the message's last hop") {
  Loaded t("mx-fallback.json");
  const TraceIndex& index = t.app.context().doc->index();
  t.ui.press_key(t.app, ImGui::GetKeyIndex(ImGuiKey_End));
  t.ui.frame(t.app, 3);
  const TraceEvent& last = index.event(index.size() - 1);
  CHECK(last.conn == 0);  // the event has no connection of its own: its message's last hop
  REQUIRE(last.message != 0);
  const std::uint32_t shown = t.app.context().sel.shown_conn;
  REQUIRE(shown != 0);
  CHECK(shown == index.connection_of(index.size() - 1));
  const Connection* c = index.connection(shown);
  REQUIRE(c != nullptr);
  const Link& link = index.links()[c->link];
  // The last hop: soleil.uvsq.fr (the backup MX) to shiva.jussieu.fr once it is up again,
  // not mail.cnam.fr's first hop to soleil.
  CHECK(index.nodes()[link.client].name == "soleil.uvsq.fr");
  CHECK(index.nodes()[link.server].name == "shiva.jussieu.fr");
}

TEST_CASE("classroom: an event without a connection says so in the transcript") {
  Loaded t("mx-fallback.json");
  const TraceIndex& index = t.app.context().doc->index();
  // A DNS query made after a first connection has opened: no connection carries it.
  std::size_t query = index.size();
  for (std::size_t i = index.connections().front().events.front(); i < index.size(); ++i)
    if (index.event(i).kind == TraceKind::DnsQuery && index.connection_of(i) == 0) {
      query = i;
      break;
    }
  REQUIRE(query < index.size());
  t.tl().seek(query + 1);
  t.ui.frame(t.app, 3);
  CHECK(t.app.context().sel.shown_conn == 0);
  const std::string text = t.ui.panel_text(t.app, "transcript");
  CHECK(text.find(tr(Str::EventWithoutConnection)) != std::string::npos);
}

TEST_CASE("classroom: the queue inspector shows the simulation's attempt count") {
  Loaded t("mx-fallback.json");
  const TraceIndex& index = t.app.context().doc->index();
  const std::size_t first = find_event(index, TraceKind::MessageQueued, "for relaying");
  const std::size_t failed = find_event(index, TraceKind::MessageQueued, "attempt 1 failed");
  REQUIRE(first < index.size());
  REQUIRE(failed < index.size());
  t.app.show("queues");
  // Queued, before any attempt: no attempt has failed.
  t.tl().seek(first + 1);
  t.ui.frame(t.app, 2);
  std::string text = t.ui.panel_text(t.app, "queues");
  INFO(text);
  CHECK(text.find("| 0 |") != std::string::npos);
  // At the first failure: 1, as the simulation's note says.
  t.tl().seek(failed + 1);
  t.ui.frame(t.app, 2);
  text = t.ui.panel_text(t.app, "queues");
  INFO(text);
  CHECK(text.find("| 1 |") != std::string::npos);
  CHECK(text.find("attempt 1 failed") != std::string::npos);
}

TEST_CASE("classroom: PageDown and PageUp step like the arrows") {
  Loaded t("basic-smtp.json");
  t.ui.press_key(t.app, ImGui::GetKeyIndex(ImGuiKey_PageDown));
  t.ui.press_key(t.app, ImGui::GetKeyIndex(ImGuiKey_PageDown));
  CHECK(t.tl().pos() == 2);
  t.ui.press_key(t.app, ImGui::GetKeyIndex(ImGuiKey_PageUp));
  CHECK(t.tl().pos() == 1);
}

TEST_CASE("classroom: key presses faster than the frame rate each make one step") {
  Loaded t("basic-smtp.json");
  // Five taps of PageDown and one of PageUp reported by the platform within one frame.
  for (int i = 0; i < 5; ++i) t.app.key_press({ImGui::GetKeyIndex(ImGuiKey_PageDown), false});
  t.app.key_press({ImGui::GetKeyIndex(ImGuiKey_RightArrow), false});
  t.app.key_press({ImGui::GetKeyIndex(ImGuiKey_PageUp), false});
  t.ui.frame(t.app);
  CHECK(t.tl().pos() == 5);
  // Once the platform reports presses, ImGui's key state no longer steps as well.
  t.ui.press_key(t.app, ImGui::GetKeyIndex(ImGuiKey_RightArrow));
  CHECK(t.tl().pos() == 5);
}

TEST_CASE("classroom: F5 makes the text twice as large in high contrast, F5 again restores") {
  Loaded t("basic-smtp.json");
  const int f5 = 510;
  t.app.set_key_codes(KeyCodes{.f5 = f5});
  const float before = t.app.settings().font_size;
  t.ui.press_key(t.app, f5);
  CHECK(t.app.presenting());
  CHECK(t.app.settings().font_size == doctest::Approx(before * 2));
  CHECK(t.app.settings().theme == ThemeKind::HighContrast);
  t.ui.frame(t.app, 2);
  CHECK(ImGui::GetFontSize() == doctest::Approx(before * 2));
  t.ui.press_key(t.app, f5);
  CHECK_FALSE(t.app.presenting());
  CHECK(t.app.settings().font_size == doctest::Approx(before));
  CHECK(t.app.settings().theme == ThemeKind::Dark);
}

TEST_CASE("classroom: paused and untouched the window is idle; input or playing wakes it") {
  Loaded t("basic-smtp.json");
  t.ui.frame(t.app, 10);
  CHECK(t.app.idle());
  ImGui::GetIO().MousePos = ImVec2(300, 300);
  t.ui.frame(t.app);
  CHECK_FALSE(t.app.idle());
  t.ui.frame(t.app, 10);
  CHECK(t.app.idle());
  t.ui.press_key(t.app, ImGui::GetKeyIndex(ImGuiKey_Space));
  CHECK(t.tl().playing());
  t.ui.frame(t.app, 10);
  CHECK_FALSE(t.app.idle());
}

TEST_CASE("classroom: a reply is explained for the command it answers, with its enhanced code") {
  Loaded t("unknown-user-bounce.json");
  const TraceIndex& index = t.app.context().doc->index();
  std::size_t refusal = index.size();
  for (std::size_t i = 0; i < index.size() && refusal == index.size(); ++i)
    if (index.event(i).kind == TraceKind::Line && index.event(i).code == 550) refusal = i;
  REQUIRE(refusal < index.size());
  INFO(index.event(refusal).text);
  CHECK(answered_command(index, refusal) == "RCPT");
  const explain::Entry* in_context = explain::reply_to("RCPT", 550);
  REQUIRE(in_context != nullptr);
  CHECK(std::string(in_context->en).find("This recipient only is refused") == 0);
  // The greeting answers no command; the reply after the lone dot answers the message.
  const Connection& c = *index.connection(index.event(refusal).conn);
  std::size_t greeting = 0, after_dot = 0;
  for (std::size_t k = 0; k < c.events.size(); ++k) {
    const TraceEvent& e = index.event(c.events[k]);
    if (e.kind != TraceKind::Line) continue;
    if (!greeting && e.dir == Direction::ServerToClient) greeting = c.events[k];
    if (e.dir == Direction::ClientToServer && e.text == "." && k + 1 < c.events.size()) after_dot = c.events[k + 1];
  }
  CHECK(answered_command(index, greeting).empty());
  if (after_dot) CHECK(answered_command(index, after_dot) == ".");
  // RFC 3463: "5.1.1" is a permanent failure about addressing, a bad destination mailbox.
  const auto status = explain::enhanced_status("550 5.1.1 <nobody@example.org>: no such user");
  REQUIRE(status.has_value());
  CHECK(status->code == "5.1.1");
  CHECK(status->klass->key == "5");
  CHECK(status->subject->key == "1");
  REQUIRE(status->detail != nullptr);
  CHECK(status->detail->key == "1.1");
  CHECK_FALSE(explain::enhanced_status("550 no such user").has_value());
  CHECK_FALSE(explain::enhanced_status("250 2.0").has_value());
  // What the user sees: the mouse over the refusal in the transcript shows the explanation.
  t.tl().seek(refusal + 1);  // the refusal is the last line shown, highlighted
  t.ui.frame(t.app, 4);
  const ImGuiWindow* lines = test::window_in("###transcript", "##lines");
  REQUIRE(lines != nullptr);
  const std::string says = std::string(in_context->en).substr(0, 30);
  // Down the transcript, line by line: one of them, the refusal, shows the explanation.
  bool explained = false, tooltip = false;
  std::string seen;
  for (float y = lines->Pos.y + 2; y < lines->Pos.y + lines->Size.y && !explained; y += ImGui::GetFontSize() * 0.5f) {
    ImGui::GetIO().MousePos = ImVec2(lines->Pos.x + ImGui::GetFontSize() * 4, y);
    t.ui.frame(t.app);
    seen = t.ui.frame_text(t.app);
    explained = seen.find(says) != std::string::npos;
    const ImGuiWindow* tip = ImGui::FindWindowByName("##Tooltip_00");
    tooltip = tip && tip->Active;
  }
  INFO(seen);
  CHECK(explained);
  CHECK(tooltip);
  CHECK(seen.find("5.1.1") != std::string::npos);  // and its enhanced status code (RFC 3463)
  // Away from the transcript, no explanation.
  ImGui::GetIO().MousePos = ImVec2(2, ImGui::GetIO().DisplaySize.y - 2);
  t.ui.frame(t.app);
  CHECK(t.ui.frame_text(t.app).find(says) == std::string::npos);
}

TEST_CASE("classroom: the message inspector decodes encoded words beside the raw ones") {
  Loaded t("mx-fallback.json");
  t.tl().seek(t.tl().size());
  t.app.show("message");
  t.ui.frame(t.app, 3);
  const std::string text = t.ui.panel_text(t.app, "message");
  INFO(text);
  CHECK(text.find("Subject: Réunion") != std::string::npos);
  CHECK(text.find("=?UTF-8?") != std::string::npos);
}

TEST_CASE("classroom: from the default text size to 2.5x, at 1280x800 and 1920x1080, no panel loses its content") {
  for (const ImVec2 display : {ImVec2(1280, 800), ImVec2(1920, 1080)})
    for (const float scale : {1.0f, 1.5f, 2.0f, 2.5f}) {
      Loaded t("mx-fallback.json");
      ImGui::GetIO().DisplaySize = display;
      t.app.set_font_size(17 * scale);
      t.tl().seek(60);
      t.ui.frame(t.app, 4);
      CAPTURE(display.x);
      CAPTURE(scale);
      const float line = ImGui::GetTextLineHeightWithSpacing();
      // Large text for the display: the compact layout, the transcript and events as tabs.
      std::vector<const char*> windows = {"###timeline", "###topology", "###inspectors"};
      if (t.app.compact()) CHECK(scale > 1.0f);
      else windows.insert(windows.end(), {"###transcript", "###events"});
      for (const char* name : windows) {
        const std::string window = name;
        CAPTURE(window);
        const ImGuiWindow* w = ImGui::FindWindowByName(name);
        REQUIRE(w != nullptr);
        CHECK_FALSE(w->Collapsed);
        // Inside the display, with room for a few lines, and something drawn in it.
        CHECK(w->Pos.x >= 0);
        CHECK(w->Pos.y >= 0);
        CHECK(w->Pos.x + w->Size.x <= display.x + 1);
        CHECK(w->Pos.y + w->Size.y <= display.y + 1);
        if (std::string_view(name) != "###timeline") CHECK(w->ContentRegionRect.GetHeight() >= 3 * line);
        CHECK(drawn_vertices(w) > 200);
      }
      // The timeline's controls, counter included, fit its width (they wrap instead).
      const ImGuiWindow* timeline = ImGui::FindWindowByName("###timeline");
      CHECK(timeline->ContentSize.x <= timeline->ContentRegionRect.GetWidth() + 1);
      CHECK(timeline->ContentSize.y <= timeline->ContentRegionRect.GetHeight() + 1);
      if (t.app.compact())
        for (const auto& [tab, shows] : {std::pair{"transcript", "-- connect"}, std::pair{"events", "attempt 1 failed"}}) {
          REQUIRE(t.app.show(tab));
          t.ui.frame(t.app, 2);
          const std::string text = t.ui.panel_text(t.app, tab);
          INFO(text);
          CHECK(text.find(shows) != std::string::npos);
        }
      // The event list (its tab last shown in the compact layout): its fixed columns inside
      // the pane, leaving its text a readable column; the time and the event numbers whole.
      const ImGuiTable* table = events_table();
      REQUIRE(table != nullptr);
      const float right = table->InnerClipRect.Max.x;
      for (int c = 0; c < table->ColumnsCount - 1; ++c) {
        CAPTURE(c);
        if (table->Columns[c].IsEnabled) CHECK(table->Columns[c].MaxX <= right + 1);  // or left out for lack of room
      }
      const ImGuiTableColumn& what = table->Columns[4];
      CHECK(what.MaxX - what.MinX >= std::min(ImGui::GetFontSize() * 12, (right - table->OuterRect.Min.x) * 0.35f));
      CHECK(table->Columns[1].IsEnabled);
      CHECK(table->Columns[0].WidthGiven >= ImGui::CalcTextSize(std::to_string(t.tl().size()).c_str()).x - 1);
    }
}

TEST_CASE("classroom: F1 opens the help, in English and in French") {
  Loaded t("basic-smtp.json");
  t.app.set_key_codes(KeyCodes{.f1 = 511});
  CHECK_FALSE(t.app.find_panel("help")->open);
  t.ui.press_key(t.app, 511);
  CHECK(t.app.find_panel("help")->open);
  std::string text = t.ui.panel_text(t.app, "help");
  CHECK(text.find("PageDown") != std::string::npos);
  CHECK(text.find("Where to learn more") != std::string::npos);
  CHECK(text.find("RFC 3463") != std::string::npos);
  t.app.set_language(Lang::Fr);
  text = t.ui.panel_text(t.app, "help");
  CHECK(text.find("Raccourcis clavier") != std::string::npos);
  CHECK(text.find("un pas en arrière") != std::string::npos);
  t.app.set_language(Lang::En);
}

TEST_CASE("classroom: a large scenario runs a slice per frame, with its progress shown") {
  Loaded t("basic-smtp.json");
  t.app.open_running(test::scenario_path("load-10k.json"));
  REQUIRE(t.app.running());
  t.ui.frame(t.app);
  // Frames keep coming while it runs (the window answers), and the trace grows between them.
  const std::size_t after_one = t.tl().size();
  CHECK(after_one > 0);
  CHECK(ImGui::FindWindowByName(tr(Str::Running)) != nullptr);
  CHECK_FALSE(t.app.idle());
  // Its bar counts the clients' actions done (4 x 2 500 in load-10k), never backwards, and
  // is full when the script is: then the window says the rest is delivery, with no bar.
  const std::string of_all = " / 10000 " + std::string(tr(Str::ScriptActions));
  std::size_t last_done = 0;
  int bars = 0, after_script = 0, undrawn = 0, frames = 1;
  while (t.app.running() && frames < 10000) {
    test::Drawn shown = test::drawn(ImGui::FindWindowByName(tr(Str::Running)));
    std::replace(shown.text.begin(), shown.text.end(), '\n', ' ');  // wrapped lines
    const std::size_t bar = shown.text.find(of_all);
    if (bar != std::string::npos) {
      const std::size_t start = shown.text.find_last_not_of("0123456789", bar - 1) + 1;
      const std::size_t done = std::stoul(shown.text.substr(start, bar - start));
      CHECK(done >= last_done);
      CHECK(after_script == 0);
      last_done = done;
      ++bars;
    } else if (shown.text.find(tr(Str::ScriptDone)) != std::string::npos) {
      ++after_script;
    } else {
      ++undrawn;  // a new window's first frame only sizes it
    }
    t.ui.frame(t.app);
    ++frames;
  }
  CHECK_FALSE(t.app.running());
  MESSAGE("load-10k progress: ", bars, " frames with the bar (last at ", last_done, " / 10000), ", after_script,
          " after the script");
  CHECK(bars > 1);
  CHECK(undrawn <= 1);
  CHECK(last_done > 0);
  const Simulation::ScriptProgress script = t.app.document()->simulation().script_progress();
  CHECK(script.done == 10000);
  CHECK(script.total == 10000);
  CHECK(frames > 1);
  CHECK(t.tl().size() > after_one);
  MESSAGE("load-10k: ", t.tl().size(), " events in ", frames, " frames");
  // The same trace as a run in one go.
  const LoadOutcome whole = load_document_file(test::scenario_path("load-10k.json"));
  REQUIRE(whole.document != nullptr);
  CHECK(whole.document->index().size() == t.tl().size());
}

TEST_CASE("classroom: a lesson shows its introduction, renders its Markdown, and offers a choice as buttons") {
  Loaded t("basic-smtp.json");
  const lesson::LessonLoad load = lesson::load_lessons(lessons_dir());
  const auto smtp = std::find_if(load.lessons.begin(), load.lessons.end(), [](const lesson::Lesson& l) { return l.id == "05-smtp"; });
  REQUIRE(smtp != load.lessons.end());
  REQUIRE(t.app.show("lesson"));
  t.ui.frame(t.app, 2);
  REQUIRE(t.click("###lesson", "##lesson"));
  REQUIRE(t.click("##Combo_00", smtp->title.en));
  t.ui.frame(t.app, 3);
  std::string text = t.ui.panel_text(t.app, "lesson");
  INFO(text);
  CHECK(text.find(tr(Str::Introduction)) != std::string::npos);
  CHECK(text.find("This lesson replays") != std::string::npos);
  CHECK(text.find('`') == std::string::npos);  // code spans drawn, not their backticks
  // The HELO step asks for the reply code, with four options: one button each.
  REQUIRE(t.click("###lesson", tr(Str::Next)));
  t.ui.frame(t.app, 2);
  const lesson::Step& helo = smtp->steps[1];
  REQUIRE(helo.predict.has_value());
  REQUIRE(helo.predict->options.size() == 4);
  text = t.ui.panel_text(t.app, "lesson");
  CHECK(text.find("This lesson replays") == std::string::npos);  // folded after the first step
  CHECK(text.find('`') == std::string::npos);
  // The buttons are in the step's child window.
  REQUIRE(t.click(test::child_window("###lesson", "##step").c_str(), "250"));
  t.ui.frame(t.app, 2);
  text = t.ui.panel_text(t.app, "lesson");
  CHECK(text.find(tr(Str::Correct)) != std::string::npos);
  CHECK(text.find("The server answers 250") != std::string::npos);
}

TEST_CASE("classroom: a what-if drops one MX record, reports the expectations, marks the title, and is undone") {
  Loaded t("mx-fallback.json");
  const Context& ctx = t.app.context();
  REQUIRE(t.app.show("scenario"));
  t.ui.frame(t.app, 2);
  // The Scenario window stands beside the topology, not over it.
  const ImGuiWindow* scenario = ImGui::FindWindowByName("###scenario");
  const ImGuiWindow* topology = ImGui::FindWindowByName("###topology");
  REQUIRE(scenario != nullptr);
  REQUIRE(topology != nullptr);
  CHECK(scenario->Pos.x >= topology->Pos.x + topology->Size.x - 1);

  auto mx_count = [&] {
    return std::count_if(ctx.doc->scenario().dns.begin(), ctx.doc->scenario().dns.end(),
                         [](const DnsRecordSpec& r) { return r.type == "MX"; });
  };
  const auto mx_before = mx_count();
  REQUIRE(mx_before >= 2);
  const std::string title_before = ctx.doc->scenario().title;
  REQUIRE(t.click("###scenario", tr(Str::DropMxRecord), "whatif"));
  t.ui.frame(t.app, 2);
  CHECK(mx_count() == mx_before - 1);  // one record, not the domain's all
  CHECK(ctx.undo.size() == 1);
  // The menu bar marks the title: this is not the scenario as written.
  const std::string mark = std::string(tr(Str::Changed)) + " (1)";
  CHECK(t.ui.frame_text(t.app).find(mark) != std::string::npos);
  std::string text = t.ui.panel_text(t.app, "scenario");
  INFO(text);
  CHECK(text.find(tr(Str::Expectations)) != std::string::npos);
  CHECK((text.find("PASS") != std::string::npos || text.find("FAIL") != std::string::npos));
  // A second what-if, then two undos: back to the scenario as loaded.
  REQUIRE(t.click("###scenario", tr(Str::DropMxRecord), "whatif"));
  t.ui.frame(t.app, 2);
  CHECK(mx_count() == mx_before - 2);
  CHECK(ctx.undo.size() == 2);
  const std::string undo = std::string(tr(Str::Undo)) + " (2)";
  REQUIRE(t.click("###scenario", undo, "whatif"));
  t.ui.frame(t.app, 2);
  CHECK(mx_count() == mx_before - 1);
  REQUIRE(t.click("###scenario", std::string(tr(Str::Undo)) + " (1)", "whatif"));
  t.ui.frame(t.app, 2);
  CHECK(mx_count() == mx_before);
  CHECK(ctx.undo.empty());
  CHECK_FALSE(ctx.compare_before.has_value());
  CHECK(ctx.doc->scenario().title == title_before);
  CHECK(t.ui.frame_text(t.app).find(tr(Str::Changed)) == std::string::npos);  // the mark goes with them
}

TEST_CASE("classroom: File > Open lists the scenario's folder, opens a file from it and remembers it") {
  Loaded t("mx-fallback.json");
  REQUIRE(t.app.show("open"));
  t.ui.frame(t.app, 2);
  REQUIRE(t.click(test::child_window("###open", "##listing").c_str(), "basic-smtp.json"));
  t.ui.frame(t.app, 3);
  const Context& ctx = t.app.context();
  REQUIRE(ctx.doc != nullptr);
  CHECK(same_file(ctx.doc->scenario().file, test::scenario_path("basic-smtp.json")));
  CHECK_FALSE(t.app.find_panel("open")->open);  // the dialog closes on a pick
  REQUIRE(ctx.recent_files.size() >= 2);
  CHECK(same_file(ctx.recent_files[0], test::scenario_path("basic-smtp.json")));
  CHECK(same_file(ctx.recent_files[1], test::scenario_path("mx-fallback.json")));
  // Reopened, the dialog offers the recent files first.
  REQUIRE(t.app.show("open"));
  t.ui.frame(t.app, 2);
  CHECK(t.ui.panel_text(t.app, "open").find(tr(Str::RecentFiles)) != std::string::npos);
}
