// Theory of operation: the scenario window.
//
// Open a shipped scenario from a list or any file from a path; see the errors of a
// scenario that did not load (file:line:col: message, as the CLI prints them); edit the
// scenario's JSON and apply it (re-run); and the what-if actions that change the loaded
// scenario without touching JSON: take a host down from a time, drop a domain's MX
// records. A what-if re-runs and shows the message balance before and after. All loads
// are requests served by the App after the frame.
#pragma once
#include <string>

#include "panels/panel.hpp"

namespace mailsim::gui {

class ScenarioPanel : public Panel {
 public:
  ScenarioPanel() : Panel(Str::Scenario, "scenario") {}
  void draw_content(Context& ctx) override;

 private:
  void draw_what_if(Context& ctx);
  std::string path_;
  std::string text_;
  std::uint64_t text_gen_ = 0;
  int host_ = 0;
  float down_from_ = 0.0f;
  int mx_ = 0;
};

}  // namespace mailsim::gui
