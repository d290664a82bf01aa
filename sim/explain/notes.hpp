// Theory of operation: the simulation's own words, in French.
//
// The kinds of trace events have a French name each (kind_name), and a whole trace line
// can be written in French (format_line: what the CLI prints with --lang fr and the
// window's current-event line show).
//
// The nodes write their decisions and notes in English ("MX order for jussieu.fr: …",
// "connection refused by mx1.example.org: trying the next host"), and the trace keeps
// them so: exports and tests read one language. A front end that shows the trace in
// French asks localize_note() for each such text. A table of phrasings maps each English
// pattern to its French counterpart; `{}` in a pattern is a part carried over (a host, an
// address, a number, or another sentence, which is translated in turn, as the reasons
// nested in "temporary failure (…): trying the next MX" are). A text that matches no
// pattern is shown as it is. Protocol lines (commands and replies) never go through
// here: they are the protocol's own words.
#pragma once
#include <string>
#include <string_view>

#include "core/trace.hpp"
#include "explain/catalog.hpp"

namespace mailsim::explain {

// "décision", "en file", …; in English the trace's own name ("decision", "queued").
// NUL-terminated.
std::string_view kind_name(TraceKind kind, Lang lang);

// Between an event's kind and its text: ": ", in French " : ".
std::string_view label_separator(Lang lang);

// Trace::format_line in `lang`: the kind's name and the note in that language (a header
// block as "N champs (…)"); protocol lines as they are.
std::string format_line(const Trace& trace, const TraceEvent& e, Lang lang);

// `text` in `lang`: for Lang::En, and for a text no pattern matches, `text` itself.
std::string localize_note(std::string_view text, Lang lang);

// Whether a pattern matches `text` whole: a test checks that every sentence the shipped
// scenarios produce has a French phrasing.
bool has_phrasing(std::string_view text);

// A scenario expectation's description or finding ("mailbox paul@jussieu.fr (INBOX) holds 1
// message(s)") in `lang`, from a table of its own; has_expectation_phrasing says if one matches.
std::string localize_expectation(std::string_view text, Lang lang);
bool has_expectation_phrasing(std::string_view text);
// An expectation's verdict in `lang`: PASS or FAIL, OK or ÉCHEC.
std::string_view verdict(bool passed, Lang lang);
// "== balance: 2 accepted, 1 delivered, 1 bounced, 0 still queued" in `lang`.
std::string balance_line(std::size_t accepted, std::size_t delivered, std::size_t bounced, std::size_t queued, bool holds, Lang lang);

}  // namespace mailsim::explain
