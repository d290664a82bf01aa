// Theory of operation: the event list.
//
// Every event that has happened (or those passing the host/link filter), one table row
// each, drawn through ImGuiListClipper so a million-event trace costs only the visible
// rows. The current event is highlighted and kept in view when the cursor moves; clicking
// a row moves the cursor to just after that event. Rows are numbered from 1 as the
// timeline's counter is, and the columns are as wide as the trace's widest values.
#pragma once
#include "panels/panel.hpp"

namespace mailsim::gui {

class EventListPanel : public Panel {
 public:
  EventListPanel() : Panel(Str::Events, "events") {}
  void draw_content(Context& ctx) override;
};

}  // namespace mailsim::gui
