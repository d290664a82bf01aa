// Theory of operation: the DNS inspector.
//
// The zones as the mock DNS holds them (MX records with their preferences, A records)
// and the log of queries and answers up to the current event, newest at the bottom,
// drawn through a clipper over the index's list of DNS events.
#pragma once
#include "panels/panel.hpp"

namespace mailsim::gui {

class DnsPanel : public Panel {
 public:
  DnsPanel() : Panel(Str::Dns, "dns") {}
  void draw_content(Context& ctx) override;
};

}  // namespace mailsim::gui
