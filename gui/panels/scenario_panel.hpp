// Theory of operation: the scenario window.
//
// Open a shipped scenario from a list or any file from a path; see the errors of a
// scenario that did not load (file:line:col: message, as the CLI prints them), where
// clicking an error that names a place opens the editor on the text it is about, with the
// cursor there; edit the scenario's JSON and apply it (re-run); and the what-if actions
// that change the loaded scenario without touching JSON: take a host down from a time,
// drop one MX record or all of a domain's, turn one ESMTP extension of a host off (the
// change a lesson's try step writes {set_host, extensions}, applied by the same code). A
// what-if re-runs and shows the message balance before and after and the scenario's
// expectations PASS or FAIL; each what-if can be undone in turn (Context::undo), and the
// menu bar marks the scenario as changed while any applies. All loads are requests
// served by the App after the frame.
//
// Moving the editor's cursor: ImGui 1.86 lets only an active text field's callback set its
// cursor, so a click leaves the offset in `jump_`, focuses the field, and its
// CallbackAlways callback moves the cursor there on its first active frame; the field
// then scrolls to its cursor.
#pragma once
#include <imgui.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "panels/panel.hpp"

namespace mailsim::gui {

class ScenarioPanel : public Panel {
 public:
  ScenarioPanel() : Panel(Str::Scenario, "scenario") {}
  void draw_content(Context& ctx) override;

 private:
  // The load errors, or the warnings of a scenario that loaded: each one that names a
  // place puts the editor's cursor there when clicked.
  void draw_problems(Context& ctx, const std::vector<std::string>& problems, Str heading, const char* id);
  void draw_editor(Context& ctx);
  void draw_what_if(Context& ctx);
  void draw_extension_off(Context& ctx, const Scenario& sc);
  static void draw_compare(const Context& ctx);
  void draw_expectations(const Context& ctx);
  static int move_cursor(ImGuiInputTextCallbackData* data);

  std::string path_;
  std::string text_;
  std::uint64_t text_gen_ = 0;
  int host_ = 0;
  float down_from_ = 0.0f;
  int mx_ = 0;
  int ext_host_ = -1;                // extension what-if: the host (index in the scenario)
  int ext_ = 0;                      // and the extension (index in its EHLO list)
  bool open_editor_ = false;         // an error was clicked: open the editor and bring it into view
  std::optional<std::size_t> jump_;  // byte offset the editor's cursor goes to once the field is active
  std::uint64_t expected_gen_ = 0;   // the run expected_ was checked on
  std::vector<ExpectationResult> expected_;
};

}  // namespace mailsim::gui
