// Theory of operation: the topology panel.
//
// Nodes come from TraceIndex (scenario hosts placed by their hint or by role, plus the
// DNS); links are the (client, server, port) pairs seen in the trace, labelled with their
// protocol and port (beside the link's middle, or further along it when the label would
// cover another one or a host). At the cursor: the current event's link is highlighted, the message
// (or line) in flight moves along it as simulated time passes, DNS traffic flashes its
// link, a down host is drawn as down, relays show their queue length and mailbox hosts
// their count (StepSeries lookups); the current message's path so far stays drawn, its
// hops numbered, and host boxes are kept inside the pane at any text size (the pane's
// text shrinks, down to 0.4x, when boxes would overlap). Hover a host for its roles, ports and extensions (in
// live mode, its real ports; the live client is outlined); click a host or a link to
// filter the other panels (click again to clear). Links and hosts may appear while live.
#pragma once
#include <vector>

#include "panels/panel.hpp"

namespace mailsim::gui {

class TopologyPanel : public Panel {
 public:
  TopologyPanel() : Panel(Str::Topology, "topology") {}
  void draw_content(Context& ctx) override;

 private:
  void node_tooltip(const Context& ctx, const Node& n) const;
  std::uint64_t offsets_gen_ = 0;
  std::vector<float> link_offset_;  // perpendicular offset of parallel links, in font units
};

}  // namespace mailsim::gui
