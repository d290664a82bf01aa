// Theory of operation: what the window says about live mode (`mailsim-gui --serve`).
//
// A short status line in the menu bar: LIVE, how many real ports, the connections open
// now, the simulated time, and whether the cursor follows the live end or the user has
// stepped back (End goes back to it); hover it for the whole port map. In the topology's
// tooltips, a host lists the real ports its services listen on, and the live client says
// what it stands for. Everything comes from the LiveSession in the Context.
#pragma once
#include "app/context.hpp"
#include "model/trace_index.hpp"

namespace mailsim::gui {

// In the main menu bar, after the scenario's title; nothing outside live mode.
void draw_live_status(const Context& ctx);
// Inside a node's tooltip: its real ports, or for the live client what it is.
void live_node_tooltip(const Context& ctx, const Node& node);

}  // namespace mailsim::gui
