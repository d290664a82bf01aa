// The scenario window: where a load error points (parsed from its text) and clicking it to
// land in the editor on that line and column; the what-if that turns one ESMTP extension
// of a host off, re-runs and compares.
#include <doctest/doctest.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "fixture.hpp"
#include "model/text_position.hpp"

using namespace mailsim;
using namespace mailsim::gui;

namespace {

// The scenario window open over scenarios/NAME.
struct ScenarioWindow : test::Loaded {
  explicit ScenarioWindow(const char* scenario) : Loaded(scenario) {
    REQUIRE(app.show("scenario"));
    ui.frame(app, 2);
  }
};

}  // namespace

TEST_CASE("text position: the place an error names, and its offset in the text") {
  auto at = error_position("dir/a b.json:3:23: host: \"name\" must be a string");
  REQUIRE(at);
  CHECK(at->line == 3);
  CHECK(at->col == 23);
  at = error_position("a.json:7: x");
  REQUIRE(at);
  CHECK(at->line == 7);
  CHECK(at->col == 1);
  for (const char* none : {"a.json: cannot open the file", "a.json: the simulation failed: at 10:30:00 it broke",
                           ":3:4: no file", "a.json:0:1: line 0", "a.json:1x: not a number", "no colon at all"})
    CHECK_MESSAGE(!error_position(none), none);
  const std::string text = "ab\ncdé f\nlast";
  CHECK(byte_offset(text, {2, 4}) == 7);   // é is one character, two bytes
  CHECK(byte_offset(text, {2, 99}) == 9);  // past the line's end: its end
  CHECK(byte_offset(text, {9, 1}) == text.size());
  CHECK(byte_offset(text, {1, 1}) == 0);
}

TEST_CASE("panels: clicking a load error opens the editor with the cursor on its line and column") {
  ScenarioWindow t("basic-smtp.json");
  // A broken scenario whose error stands far below the editor's first screen.
  std::string broken = "{\n  \"name\": \"broken\",\n";
  for (int i = 0; i < 40; ++i) broken += "\n";
  broken += "  \"hosts\": [ {\"name\": 3} ]\n}\n";
  const std::string path = "gui-test-far-error.json";
  std::ofstream(path) << broken;
  t.app.open(path);
  t.ui.frame(t.app, 2);
  const auto& errors = t.app.context().load_errors;
  REQUIRE_FALSE(errors.empty());
  const auto at = error_position(errors.front());
  REQUIRE(at);
  CHECK(at->line == 43);
  const std::size_t offset = byte_offset(broken, *at);
  REQUIRE(broken[offset] == '3');  // the error is about the value 3

  REQUIRE(t.click("###scenario", errors.front() + "##error0"));
  t.ui.frame(t.app, 3);
  const ImGuiID editor = test::Headless::item_id("###scenario", "##json");
  const ImGuiInputTextState* state = ImGui::GetInputTextState(editor);
  REQUIRE(state != nullptr);  // the editor is open and has the keyboard
  const int cursor = state->GetCursorPos();
  REQUIRE(cursor < state->CurLenW);
  CHECK(state->TextW[cursor] == '3');  // the broken file's text, cursor on the error
  CHECK(std::count(state->TextW.Data, state->TextW.Data + cursor, '\n') == at->line - 1);
  ImGuiWindow* field = nullptr;  // the editor's scrolling child window
  for (ImGuiWindow* w : GImGui->Windows)
    if (w->ChildId == editor) field = w;
  REQUIRE(field != nullptr);
  CHECK(field->Scroll.y > 0);  // scrolled down to line 43

  // An error that names no place: no hint to click.
  t.app.open("no-such-file.json");
  t.ui.frame(t.app, 2);
  CHECK(t.ui.panel_text(t.app, "scenario").find(tr(Str::ErrorHint)) == std::string::npos);
  std::remove(path.c_str());
}

TEST_CASE("panels: a scenario that loads but cannot work as written opens the scenario window on its warning") {
  test::Loaded t("basic-smtp.json");
  const std::string path = "gui-test-warning.json";
  const std::string text =
      "{\"name\": \"no-auth-offered\",\n"
      " \"hosts\": [{\"name\": \"msa.example\", \"roles\": [\"msa\", \"mta\"], \"extensions\": [\"PIPELINING\"],\n"
      "            \"require_auth\": true, \"auth_users\": {\"anne\": \"pw\"}}]}\n";
  std::ofstream(path) << text;
  t.app.open(path);
  t.ui.frame(t.app, 2);
  const Context& ctx = t.app.context();
  REQUIRE(ctx.doc != nullptr);  // it loaded and ran
  CHECK(ctx.load_errors.empty());
  REQUIRE(ctx.load_warnings.size() == 1);
  CHECK(ctx.load_warnings[0] == path + ":3:29: warning: host msa.example requires AUTH but its extensions do not offer it: "
                                       "every submission will end in 530 (add \"AUTH\" to its extensions)");
  const std::string shown = t.ui.panel_text(t.app, "scenario");
  CHECK(shown.find(tr(Str::LoadsWithWarnings)) != std::string::npos);
  CHECK(shown.find(tr(Str::CannotLoad)) == std::string::npos);
  // Clicked, the warning puts the editor's cursor on the field.
  REQUIRE(t.click("###scenario", ctx.load_warnings[0] + "##warning0"));
  t.ui.frame(t.app, 3);
  const ImGuiInputTextState* state = ImGui::GetInputTextState(test::Headless::item_id("###scenario", "##json"));
  REQUIRE(state != nullptr);
  CHECK(state->TextW[state->GetCursorPos()] == 't');  // true
  // A scenario without a contradiction clears them.
  t.app.open(std::string(MAILSIM_SOURCE_DIR) + "/scenarios/basic-smtp.json");
  t.ui.frame(t.app, 2);
  CHECK(ctx.load_warnings.empty());
  std::remove(path.c_str());
}

TEST_CASE("panels: a what-if turns one ESMTP extension of a host off, re-runs and compares") {
  ScenarioWindow t("pipelining-size.json");
  const Context& ctx = t.app.context();
  const Document* before = ctx.doc;
  auto advertised = [&](const char* host) {
    const TraceIndex& index = ctx.doc->index();
    for (const Node& n : index.nodes())
      if (n.name == host) return n.extensions;  // as seen in its EHLO replies
    return std::vector<std::string>{};
  };
  CHECK(advertised("mx.example.org") == std::vector<std::string>{"PIPELINING", "SIZE 2000", "8BITMIME", "ENHANCEDSTATUSCODES"});

  REQUIRE(t.click("###scenario", "##ext_host", "whatif"));
  REQUIRE(t.click("##Combo_00", "mx.example.org"));
  REQUIRE(t.click("###scenario", "##ext", "whatif"));
  REQUIRE(t.click("##Combo_00", "PIPELINING"));
  REQUIRE(t.click("###scenario", tr(Str::TurnOff), "whatif"));
  t.ui.frame(t.app, 2);

  REQUIRE(ctx.doc != before);
  CHECK(ctx.compare_before.has_value());
  const HostSpec* mx = ctx.doc->scenario().find_host("mx.example.org");
  REQUIRE(mx != nullptr);
  CHECK(mx->ehlo_extensions() == std::vector<std::string>{"SIZE 2000", "8BITMIME", "ENHANCEDSTATUSCODES"});
  CHECK(advertised("mx.example.org") == std::vector<std::string>{"SIZE 2000", "8BITMIME", "ENHANCEDSTATUSCODES"});
  CHECK_FALSE(ctx.doc->scenario().find_host("mail.cnam.fr")->extensions.has_value());  // the other host is as it was
  CHECK(t.ui.panel_text(t.app, "scenario").find(tr(Str::Compare)) != std::string::npos);
}
