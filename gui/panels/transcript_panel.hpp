// Theory of operation: the transcript panel.
//
// One tab per connection: the connections opened before the cursor, the most recent ones
// (those passing the host/link filter), plus the one the user picked. By default the
// panel follows the connection the current event belongs to (for a queued, relayed or
// delivered message, its last hop), and says so when the event has none. Lines are those of the connection
// up to the cursor, drawn through a clipper: `C:` lines in the client colour, `S:` lines
// in the colour of their reply class, the lines of a multi-line reply grouped under one
// `S:`; hovering a line explains its command or reply code (sim/explain catalogue).
#pragma once
#include <cstdint>
#include <vector>

#include "panels/panel.hpp"

namespace mailsim::gui {

class TranscriptPanel : public Panel {
 public:
  static constexpr std::size_t kTabs = 8;
  TranscriptPanel() : Panel(Str::Transcript, "transcript") {}
  void draw_content(Context& ctx) override;

 private:
  void refresh_tabs(const Context& ctx);
  void draw_lines(Context& ctx, const Connection& c);
  std::vector<std::uint32_t> tabs_;
  std::size_t tabs_pos_ = SIZE_MAX;
  std::uint64_t tabs_gen_ = 0;
  int tabs_node_ = -1, tabs_link_ = -1;
  std::uint32_t tabs_sel_ = 0;
  std::uint32_t shown_ = 0;  // connection whose tab was open last frame
  int follow_frames_ = 0;    // scroll to the last line for a few frames after a tab change
};

}  // namespace mailsim::gui
