// Theory of operation: small drawing helpers shared by several panels.
//
// How a protocol line is coloured (side, reply class), the hover help that explains a
// command or a reply from the shared catalogue (sim/explain), how a scrolled list keeps
// the current row in view, short labels for events and hosts, and the simulation's notes
// in the interface's language.
#pragma once
#include <imgui.h>

#include <string>
#include <string_view>

#include "app/theme.hpp"
#include "model/trace_index.hpp"

namespace mailsim::gui {

ImU32 line_colour(const Palette& p, const TraceEvent& e);
// A tooltip saying what the command or reply of event i means (nothing if unknown); for a
// reply, first what it means for the command it answers (a 550 to one RCPT refuses that
// recipient only) and after it its enhanced status code (RFC 3463) explained.
void explain_tooltip(const TraceIndex& index, std::size_t i);
// The same when the last item is hovered.
void explain_hover(const TraceIndex& index, std::size_t i);
// "c3 mua > msa:587" style label of a connection.
std::string connection_label(const TraceIndex& index, const Connection& c);
// "a > b" for an event, or just "a".
// "mail.cnam.fr > soleil.uvsq.fr"; with short_names, each name's first label ("mail > soleil").
std::string event_hosts(const Trace& trace, const TraceEvent& e, bool short_names = false);
// The first line of an event's text (headers events hold a whole header block).
std::string_view first_line(std::string_view text);
// The first line of a decision's, note's or other non-line event's text in the interface's
// language (sim/explain/notes); a protocol line as it is.
std::string event_note(const TraceEvent& e);
// Inside a scrolling child drawn with a clipper: scroll so `row` is visible.
void scroll_to_row(std::size_t row, float row_height);

}  // namespace mailsim::gui
