// Theory of operation: which command a reply answers.
//
// An SMTP or LMTP server answers commands in the order they came, whatever the client's
// pipelining, so the n-th complete reply of a connection (after the greeting) answers the
// n-th command. answered_command() replays a connection's lines up to a reply with that
// rule, minding what is not a command: the message's lines between a 354 and the lone dot
// (whose reply is the message's, keyed "."; LMTP gives one per accepted recipient), and
// the client's answers to an AUTH challenge (334, after which AUTH is still pending). The
// explanation of a reply can then say what it means for that command (sim/explain).
#pragma once
#include <string>

#include "model/trace_index.hpp"

namespace mailsim::gui {

// The verb of the client command the server line `event` answers (upper case), "." for
// the reply to a message's end, "" for the greeting, for a line that is not an SMTP/LMTP
// reply or for a connection too long to replay.
std::string answered_command(const TraceIndex& index, std::size_t event);

}  // namespace mailsim::gui
