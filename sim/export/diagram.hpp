// Theory of operation: sequence diagram export (`--diagram FILE.mmd|.svg|.msc`).
//
// The trace becomes a list of rows between participants (hosts in order of appearance,
// plus "dns" when queried): protocol lines are arrows (commands solid, replies dashed),
// DNS queries and answers are arrows to and from "dns", connection set-up and teardown and
// message events (accepted, queued, relayed, delivered, bounced) are notes. Unless
// ExportOptions::full is set, a message body is folded into one arrow ("[message: 12
// lines]"): SMTP/LMTP DATA after 354, POP3 RETR/TOP answers, IMAP literals. The rows are
// then written as Mermaid, mscgen or a standalone SVG (no script, no external font).
// ExportOptions::only_conn and from/to limit the diagram to one connection or a time range.
#pragma once
#include <optional>
#include <string>

#include "core/trace.hpp"
#include "export/common.hpp"

namespace mailsim {

enum class DiagramFormat { Mermaid, Svg, Msc };

// From the file name's extension (.mmd/.mermaid, .svg, .msc); nullopt if unknown.
std::optional<DiagramFormat> diagram_format_for(const std::string& path);

std::string diagram_text(const Trace& trace, const ExportOptions& options, DiagramFormat format);
bool write_diagram(const Trace& trace, const ExportOptions& options, const std::string& path, std::string& error);

}  // namespace mailsim
