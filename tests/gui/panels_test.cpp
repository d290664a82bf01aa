// Headless frames of the whole window with simulated clicks and keys: step and step back,
// the keyboard, picking a connection's tab, filtering by a host, switching the language
// from the menu, a lesson's next step, a broken scenario, and every panel drawn at every step in every theme.
#include <doctest/doctest.h>
#include <imgui_internal.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/scenario_files.hpp"
#include "fixture.hpp"
#include "lesson/lesson.hpp"

using namespace mailsim;
using namespace mailsim::gui;

using test::Loaded;

TEST_CASE("panels: step and step back buttons move the cursor") {
  Loaded t("basic-smtp.json");
  REQUIRE(t.app.context().doc != nullptr);
  CHECK(t.tl().pos() == 0);
  REQUIRE(t.ui.click(t.app, "###timeline", test::Headless::item_id("###timeline", tr(Str::Step))));
  CHECK(t.tl().pos() == 1);
  REQUIRE(t.ui.click(t.app, "###timeline", test::Headless::item_id("###timeline", tr(Str::Step))));
  CHECK(t.tl().pos() == 2);
  REQUIRE(t.ui.click(t.app, "###timeline", test::Headless::item_id("###timeline", tr(Str::StepBack))));
  CHECK(t.tl().pos() == 1);
}

TEST_CASE("panels: keyboard space, arrows, Home and End") {
  Loaded t("basic-smtp.json");
  t.ui.press_key(t.app, ImGui::GetKeyIndex(ImGuiKey_RightArrow));
  CHECK(t.tl().pos() == 1);
  t.ui.press_key(t.app, ImGui::GetKeyIndex(ImGuiKey_End));
  CHECK(t.tl().pos() == t.tl().size());
  t.ui.press_key(t.app, ImGui::GetKeyIndex(ImGuiKey_LeftArrow));
  CHECK(t.tl().pos() == t.tl().size() - 1);
  t.ui.press_key(t.app, ImGui::GetKeyIndex(ImGuiKey_Home));
  CHECK(t.tl().pos() == 0);
  t.ui.press_key(t.app, ImGui::GetKeyIndex(ImGuiKey_Space));
  CHECK(t.tl().playing());
}

TEST_CASE("panels: clicking a connection's tab selects it for the transcript") {
  Loaded t("mx-fallback.json");
  t.tl().seek(t.tl().size());
  t.ui.frame(t.app, 3);
  const auto& conns = t.app.context().doc->index().connections();
  REQUIRE(conns.size() >= 2);
  // A visible tab other than the one shown (the transcript follows the newest connection).
  ImGuiTabBar* bar = nullptr;
  for (int n = 0; n < GImGui->TabBars.GetMapSize(); ++n)
    if (ImGuiTabBar* b = GImGui->TabBars.TryGetMapData(n))
      if (b->Tabs.Size > 1 && b->GetTabName(&b->Tabs[0])[0] == 'c') bar = b;
  REQUIRE(bar != nullptr);
  CHECK(t.app.context().sel.conn == 0);
  std::uint32_t picked = 0;
  for (auto& tab : bar->Tabs) {
    const float x = bar->BarRect.Min.x + tab.Offset - bar->ScrollingAnim;
    if (tab.ID == bar->SelectedTabId || x < bar->BarRect.Min.x || x + tab.Width > bar->BarRect.Max.x) continue;
    picked = static_cast<std::uint32_t>(std::stoul(std::string(bar->GetTabName(&tab)).substr(1)));
    t.ui.click_at(t.app, ImVec2(x + tab.Width / 2, bar->BarRect.GetCenter().y));
    break;
  }
  REQUIRE(picked != 0);
  t.ui.frame(t.app, 2);
  CHECK(t.app.context().sel.conn == picked);
}

TEST_CASE("panels: clicking a host in the topology filters the event list") {
  Loaded t("basic-smtp.json");
  t.tl().seek(t.tl().size());
  t.ui.frame(t.app, 2);
  ImGuiWindow* topo = ImGui::FindWindowByName("###topology");
  REQUIRE(topo != nullptr);
  const Node& node = t.app.context().doc->index().nodes()[1];
  const ImRect r = topo->ContentRegionRect;
  t.ui.click_at(t.app, ImVec2(r.Min.x + node.x * r.GetWidth(), r.Min.y + node.y * r.GetHeight()));
  CHECK(t.app.context().sel.node == 1);
  CHECK(t.app.context().rows.count() < t.tl().size());
}

TEST_CASE("panels: the language switches live from the menu") {
  Loaded t("basic-smtp.json");
  REQUIRE(t.ui.click(t.app, "##MainMenuBar", test::Headless::item_id("##MainMenuBar", "Language", "##menubar")));
  ImGuiWindow* popup = ImGui::FindWindowByName("##Menu_00");
  REQUIRE(popup != nullptr);
  REQUIRE(t.ui.click(t.app, "##Menu_00", test::Headless::item_id("##Menu_00", "Français")));
  CHECK(language() == Lang::Fr);
  t.ui.frame(t.app, 2);
  CHECK(std::string(tr(Str::Timeline)) == "Chronologie");
  t.tl().seek(12);  // the connection has been accepted
  const std::string french = t.ui.panel_text(t.app, "transcript");
  CHECK(french.find("-- acceptée") != std::string::npos);  // event kinds are translated too
  CHECK(french.find("-- accepted") == std::string::npos);
  set_language(Lang::En);
  CHECK(t.ui.panel_text(t.app, "transcript").find("-- accepted") != std::string::npos);
}

TEST_CASE("panels: a broken scenario shows its errors and keeps the loaded one") {
  Loaded t("basic-smtp.json");
  const Document* before = t.app.context().doc;
  const std::string path = "gui-test-broken.json";
  std::ofstream(path) << "{\n  \"name\": \"broken\",\n  \"hosts\": [ {\"name\": 3} ]\n}\n";
  t.app.open(path);
  t.ui.frame(t.app, 2);
  CHECK(t.app.context().doc == before);
  REQUIRE_FALSE(t.app.context().load_errors.empty());
  CHECK(t.app.context().load_errors.front().find("gui-test-broken.json:") == 0);
  CHECK(t.app.find_panel("scenario")->open);
  t.app.open("no-such-file.json");
  t.ui.frame(t.app, 2);
  CHECK(t.app.context().doc == before);
  std::remove(path.c_str());
}

TEST_CASE("panels: every panel draws at every step, in both languages and all themes") {
  Loaded t("mx-fallback.json");
  for (Panel* p : {t.app.find_panel("scenario")}) p->open = true;
  const ThemeKind themes[] = {ThemeKind::Dark, ThemeKind::Light, ThemeKind::HighContrast};
  for (int round = 0; round < 3; ++round) {
    t.app.set_theme(themes[round]);
    set_language(round % 2 ? Lang::Fr : Lang::En);
    t.app.context().set_filter(round == 2 ? 0 : -1, -1);
    for (std::size_t pos = 0; pos <= t.tl().size(); ++pos) {
      t.tl().seek(pos);
      t.ui.frame(t.app);
    }
  }
  t.app.set_font_size(30);
  t.ui.frame(t.app, 2);
  CHECK(ImGui::GetFontSize() == doctest::Approx(30));
  set_language(Lang::En);
}

TEST_CASE("panels: the lesson's next button moves the timeline to the step's event") {
  Loaded t("basic-smtp.json");
  const auto lessons = lesson::load_lessons(lessons_dir());
  REQUIRE_FALSE(lessons.lessons.empty());
  const lesson::Lesson& l = lessons.lessons.front();
  REQUIRE(t.app.show("lesson"));
  t.ui.frame(t.app, 2);
  bool checked = false;
  for (std::size_t k = 1; k < l.steps.size() && !checked; ++k) {
    REQUIRE(t.ui.click(t.app, "###lesson", test::Headless::item_id("###lesson", tr(Str::Next))));
    t.ui.frame(t.app, 2);
    const lesson::Step& step = l.steps[k];
    if (step.kind != lesson::StepKind::Show || !step.anchor || step.scenario.empty()) continue;
    const Trace& trace = t.app.context().doc->simulation().trace();
    const auto at = lesson::find_anchor(*step.anchor, trace);
    REQUIRE(at.has_value());
    CHECK(t.tl().pos() == *at + 1);
    checked = true;
  }
  CHECK(checked);
}

TEST_CASE("panels: a what-if action re-runs the scenario and compares the balance") {
  Loaded t("mx-fallback.json");
  const Document* before = t.app.context().doc;
  REQUIRE(t.app.show("scenario"));
  t.ui.frame(t.app, 2);
  REQUIRE(t.ui.click(t.app, "###scenario", test::Headless::item_id("###scenario", tr(Str::DropMx), "whatif")));
  t.ui.frame(t.app, 2);
  const Context& ctx = t.app.context();
  REQUIRE(ctx.doc != before);
  CHECK(ctx.compare_before.has_value());
  for (const auto& r : ctx.doc->scenario().dns) CHECK(r.type != "MX");
}

TEST_CASE("panels: Ctrl+plus and Ctrl+minus change the font size") {
  Loaded t("basic-smtp.json");
  t.app.set_key_codes({500, 501, 502, 503, 504});
  const float before = t.app.settings().font_size;
  ImGui::GetIO().KeyCtrl = true;
  t.ui.press_key(t.app, 501);
  CHECK(t.app.settings().font_size == doctest::Approx(before + 2));
  t.ui.press_key(t.app, 502);
  t.ui.press_key(t.app, 502);
  ImGui::GetIO().KeyCtrl = false;
  CHECK(t.app.settings().font_size == doctest::Approx(before - 2));
  CHECK(ImGui::GetFontSize() == doctest::Approx(before - 2));
}

TEST_CASE("settings: language, theme and font size are remembered per user") {
  const auto dir = std::filesystem::temp_directory_path() / "mailsim-gui-settings-test";
  std::filesystem::remove_all(dir);
  setenv("XDG_CONFIG_HOME", dir.string().c_str(), 1);
  {
    test::Headless ui;
    App app(true);
    app.set_language(Lang::Fr);
    app.set_theme(ThemeKind::HighContrast);
    app.set_font_size(24);
  }
  {
    test::Headless ui;
    App app(true);
    CHECK(app.settings().language == Lang::Fr);
    CHECK(app.settings().theme == ThemeKind::HighContrast);
    CHECK(app.settings().font_size == doctest::Approx(24));
    CHECK(language() == Lang::Fr);
  }
  unsetenv("XDG_CONFIG_HOME");
  std::filesystem::remove_all(dir);
  set_language(Lang::En);
}

TEST_CASE("panels: the message inspector names each step of the path once, with the recipients it waits for") {
  Loaded t("mx-fallback.json");
  REQUIRE(t.app.context().doc != nullptr);
  t.tl().seek(t.tl().size());
  t.app.context().sel.message = 1;
  const std::string text = t.ui.panel_text(t.app, "message");
  CHECK(text.find("queued for relaying to <paul@jussieu.fr>") != std::string::npos);
  CHECK(text.find("queued queued") == std::string::npos);
}

TEST_CASE("panels: every word of the interface, in both languages, has its glyphs in the window's font") {
  Loaded t("basic-smtp.json");
  const ImFont* font = t.app.context().fonts.ui;
  REQUIRE(font != nullptr);
  // A character without a glyph is drawn as "?" (ImGui's fallback), as "●" once was.
  auto missing = [font](const char* text) {
    std::string out;
    for (const char* p = text; *p;) {
      unsigned int c = 0;
      p += ImTextCharFromUtf8(&c, p, nullptr);
      if (c >= 0x20 && !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) out += std::to_string(c) + " ";
    }
    return out;
  };
  for (const Lang lang : {Lang::En, Lang::Fr}) {
    set_language(lang);
    for (int k = 0; k < static_cast<int>(Str::Count_); ++k) {
      const char* text = tr(static_cast<Str>(k));
      INFO(std::string(text));
      CHECK(missing(text) == "");
    }
    for (int k = 0; k <= static_cast<int>(TraceKind::MailboxChanged); ++k) {  // the last kind
      const char* text = kind_label(static_cast<TraceKind>(k));
      INFO(std::string(text));
      CHECK(missing(text) == "");
    }
  }
  set_language(Lang::En);
}
