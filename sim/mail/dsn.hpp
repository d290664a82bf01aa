// Theory of operation: delivery status notifications (RFC 3464, RFC 3461, RFC 6522).
//
// When a node gives up on a recipient (5xx, NXDOMAIN, queue lifetime) or delivers one
// that asked NOTIFY=SUCCESS, it writes a DSN: a multipart/report; report-type=
// delivery-status with three parts, a text for people, the machine-readable
// message/delivery-status (per-message fields, then one block per recipient: Final-
// Recipient, Action, Status, Remote-MTA, Diagnostic-Code), and the original message
// (message/rfc822, or only its header as text/rfc822-headers when RET=HDRS). The node
// sends it like any message, with the null reverse-path MAIL FROM:<> so that it can
// never cause another bounce (RFC 5321 section 4.5.5).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace mailsim {

struct DsnRecipient {
  std::string final_recipient;     // the address as this MTA knew it
  std::string original_recipient;  // ORCPT ("rfc822;paul@uvsq.fr"), or ""
  std::string action;              // failed, delayed, delivered, relayed, expanded
  std::string status;              // RFC 3463 code, "5.1.1"
  std::string remote_mta;          // the host that answered, or ""
  std::string diagnostic;          // the SMTP reply, "550 5.1.1 <x>... User unknown", or ""
};

struct DsnInput {
  std::string reporting_mta;       // this host's name
  std::string sender;              // the original reverse-path: the DSN goes there
  std::string envid;               // ENVID, or ""
  bool headers_only = false;       // RET=HDRS
  std::int64_t arrival_unix = 0, now_unix = 0;
  std::uint32_t dsn_message = 0;   // M<n> of the DSN itself (its Message-ID)
  std::string original;            // the original message (CRLF)
  std::vector<DsnRecipient> recipients;
};

// The DSN's bytes (CRLF line ends).
std::string build_dsn(const DsnInput& in);

}  // namespace mailsim
