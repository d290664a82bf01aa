// Theory of operation: the event list.
//
// Every event that has happened (or those passing the host/link filter), one table row
// each, drawn through ImGuiListClipper so a million-event trace costs only the visible
// rows. The current event is highlighted and kept in view when the cursor moves and when
// the list is shown again (its tab selected in the compact layout, its window reopened);
// clicking
// a row moves the cursor to just after that event. Rows are numbered from 1 as the
// timeline's counter is, and the columns are as wide as the trace's widest values.
#pragma once
#include <string>

#include "panels/panel.hpp"

namespace mailsim::gui {

class EventListPanel : public Panel {
 public:
  EventListPanel() : Panel(Str::Events, "events") {}
  void draw_content(Context& ctx) override;

 private:
  int drawn_frame_ = -1;   // the last frame that drew the list (ImGui's frame count)
  std::string table_id_;   // the table it drew then
  int follow_frames_ = 0;  // scroll to the current row for a few frames after being shown again
};

}  // namespace mailsim::gui
