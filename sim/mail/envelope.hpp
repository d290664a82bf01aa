// Theory of operation: what the parts of a mail host hand one another.
//
// A mail host (node.hpp) is three parts, as Postfix separates them: the SMTP server
// (smtpd.hpp), the queue manager with its relay client and reports (queue.hpp), and local
// delivery (local.hpp). A message goes from one to the next as its number (M<n>, from the
// ledger), its bytes and the envelope below, never through a shared object.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "message/names.hpp"
#include "scenario/scenario.hpp"

namespace mailsim {

// One recipient of a queued message, with its DSN request (RFC 3461).
struct QueuedRecipient {
  std::string address;  // where it goes: the ledger and the trace name it by this address
  std::string notify;   // "", "NEVER", "SUCCESS,FAILURE,DELAY"...
  std::string orcpt;    // "rfc822;paul@uvsq.fr"
};

// The addresses of `rcpts`, as a trace event about them names them (core/trace.hpp).
inline std::vector<std::string_view> addresses_of(const std::vector<QueuedRecipient>& rcpts) {
  std::vector<std::string_view> addresses;
  addresses.reserve(rcpts.size());
  for (const auto& r : rcpts) addresses.push_back(r.address);
  return addresses;
}

// The envelope of a message a host takes responsibility for.
struct QueuedEnvelope {
  std::string mail_from;
  std::vector<QueuedRecipient> rcpts;
  std::string ret, envid;  // DSN RET and ENVID
  bool eight_bit = false;  // BODY=8BITMIME was declared
};

// Whether `domain` is one of the host's own (its mail ends here, or at its mda_host).
inline bool is_local_domain(const HostSpec& spec, const std::string& domain) {
  return names::contains(spec.domains, domain);
}

}  // namespace mailsim
