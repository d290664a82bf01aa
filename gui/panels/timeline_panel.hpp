// Theory of operation: the timeline panel.
//
// Buttons for restart, step back, play/pause (at the live end of live mode, a disabled
// "following live" instead: there is nothing to replay) and step; the step size (one event, one
// command and its reply, one hop of a message) and the playing speed in simulated time
// per real second; a scrub bar over simulated time with coloured markers (failures,
// retries, bounces, deliveries) read from the index's pre-bucketed marker table, so a
// frame costs the same whatever the trace's length. The keyboard shortcuts live in the App.
// With large text on a narrow window the controls wrap onto more rows (control_rows(),
// which the App's layout makes room for) rather than cutting the event counter.
#pragma once
#include "panels/panel.hpp"

namespace mailsim::gui {

class TimelinePanel : public Panel {
 public:
  TimelinePanel() : Panel(Str::Timeline, "timeline") {}
  void draw_content(Context& ctx) override;
  int control_rows() const { return rows_; }

 private:
  void next_group(float width);
  void draw_scrub_bar(Context& ctx);
  int rows_ = 1;  // rows the controls took in the last frame
};

}  // namespace mailsim::gui
