// Theory of operation: the timeline panel.
//
// Buttons for restart, step back, play/pause (at the live end of live mode, a disabled
// "following live" instead: there is nothing to replay) and step; the step size (one event, one
// command and its reply, one hop of a message) and the playing speed in simulated time
// per real second; a scrub bar over simulated time with coloured markers (failures,
// retries, bounces, deliveries) read from the index's pre-bucketed marker table, so a
// frame costs the same whatever the trace's length. The keyboard shortcuts live in the App.
#pragma once
#include "panels/panel.hpp"

namespace mailsim::gui {

class TimelinePanel : public Panel {
 public:
  TimelinePanel() : Panel(Str::Timeline, "timeline") {}
  void draw_content(Context& ctx) override;

 private:
  void draw_scrub_bar(Context& ctx);
};

}  // namespace mailsim::gui
