// Theory of operation: the message inspector.
//
// For one message (picked, or the one the current event is about, or the latest one
// before the cursor): its path so far (accepted, queued, relayed, delivered, bounced, hop
// by hop), the envelope of each hop (MAIL FROM and RCPT TO read from the transcript of
// the connection that carried it) beside the header fields (From:, To:, Cc:, Bcc:; encoded
// words decoded, RFC 2047, with the field as sent under it), the
// Received chain as it stands after the current event (the last Headers event before
// the cursor), and the raw header. The message as sent on its last hop so far is rebuilt
// from the DATA lines of that connection (dot-stuffing undone) and parsed by the core's
// MIME parser for the MIME tree and the raw source, once per hop, not per frame.
// Everything comes from the trace.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "message/mime.hpp"
#include "panels/panel.hpp"

namespace mailsim::gui {

class MessagePanel : public Panel {
 public:
  MessagePanel() : Panel(Str::Message, "message") {}
  void draw_content(Context& ctx) override;

 private:
  std::uint32_t pick(const Context& ctx);
  void draw_envelope(const Context& ctx, const std::vector<std::uint32_t>& events, std::size_t count);
  void draw_header(const Context& ctx, const std::string& header);
  void draw_source(const Context& ctx, const TraceEvent& accepted);
  std::size_t picked_pos_ = SIZE_MAX;
  std::uint64_t picked_gen_ = 0;
  std::uint32_t picked_ = 0;
  std::uint64_t source_of_ = UINT64_MAX;  // the acceptance the parsed source belongs to
  std::uint64_t source_gen_ = 0;
  std::optional<message::Message> source_;
};

}  // namespace mailsim::gui
