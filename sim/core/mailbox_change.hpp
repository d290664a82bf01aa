// Theory of operation: how the trace writes a change to a mailbox.
//
// Every change to the messages of a mail store (a delivery, an IMAP APPEND or COPY, a flag
// set or cleared by IMAP STORE/FETCH or POP3 UPDATE, a message expunged, deleted by POP3
// or lost with its folder) is one TraceKind::MailboxChanged event on the store's host,
// its `message` the M<n> of the stored message (0 when a client appended it), its text
//
//     USER FOLDER UID new [FLAG ...]     the message arrived, with these flags
//     USER FOLDER UID +FLAG|-FLAG ...    flags set (+) and cleared (-)
//     USER FOLDER UID removed            the message left the folder
//
// e.g. `paul INBOX 3 +\Seen` or `anne "Sent Items" 1 new \Seen`. USER and FOLDER are IMAP
// astrings: written as they are, or quoted ("...", with \" and \\) when they hold a space,
// a quote or a backslash, or are empty. FLAG is an IMAP system flag (\Seen, \Answered,
// \Flagged, \Deleted, \Draft) or a keyword. \Recent is a per-session flag (RFC 3501
// §2.3.2, gone from IMAP4rev2) and is never written. Replaying these events in order gives
// every folder's messages and flags at any point of the run; front ends parse the text
// with parse_mailbox_change() and the JSON trace carries it parsed as well (to_json()).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace mailsim {

struct MailboxChange {
  enum class Kind : std::uint8_t { Added, Flags, Removed };
  Kind kind = Kind::Flags;
  std::string user;
  std::string folder;
  std::uint32_t uid = 0;
  std::vector<std::string> set;      // Added: the message's flags; Flags: the flags set
  std::vector<std::string> cleared;  // Flags: the flags cleared
};

std::string format_mailbox_change(const MailboxChange& change);
// The change written by format_mailbox_change(), or nullopt if `text` is not one.
std::optional<MailboxChange> parse_mailbox_change(std::string_view text);
// {"user", "folder", "uid", "change": "new"|"flags"|"removed", "set": [...], "cleared": [...]}
nlohmann::json mailbox_change_json(const MailboxChange& change);

}  // namespace mailsim
