// Theory of operation: the help window (Help menu, F1).
//
// What a teacher or a student needs without leaving the window, in the interface's
// language: the keyboard shortcuts (those a presentation remote sends included), what
// each panel shows, and where to learn more (the lessons, the CLI, the RFCs). The texts
// are tables of English and French pairs, as the explanation catalogue is.
#pragma once
#include "panels/panel.hpp"

namespace mailsim::gui {

class HelpPanel : public Panel {
 public:
  HelpPanel() : Panel(Str::Help, "help") {}
  void draw_content(Context& ctx) override;
};

}  // namespace mailsim::gui
