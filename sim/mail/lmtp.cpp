// LMTP delivery on an MDA host (RFC 2033), for an MX whose scenario entry names this host
// as its "mda_host". The MX relays its domains' mail here on port 24 with an LMTP client;
// the SMTP server engine in LMTP mode asks for one reply per accepted recipient after the
// data, and this is where they are decided: 552 5.2.2 for a mailbox already over its
// quota (a soft quota, as Maildir++ and most MDAs keep it: the message that crosses the
// limit is still taken), 250 for the others, which go through accept_message() together
// (one Received:, the MX's M<n>) and are filed by local delivery. So one full mailbox
// fails one recipient, not the message: the MX bounces that recipient alone.
#include "message/names.hpp"
#include "mail/smtpd.hpp"
#include "mail/environment.hpp"

namespace mailsim {

std::vector<smtp::Reply> Smtpd::accept_lmtp(const ConnectionInfo& info, const smtp::Envelope& env, std::string_view data,
                                               std::size_t transaction) {
  const Mailstore* store = env_.mailstore(spec_.name);
  std::vector<smtp::Reply> replies;
  smtp::Envelope taken = env;
  taken.rcpt_to.clear();
  taken.rcpt_params.clear();
  for (std::size_t i = 0; i < env.rcpt_to.size(); ++i) {
    const std::string& rcpt = env.rcpt_to[i];
    const Mailbox* box = store ? store->find(names::local_part_of(rcpt)) : nullptr;
    if (box && box->over_quota(0)) {  // soft quota: full once a message took it over the limit
      env_.note(TraceKind::Decision, host_, env_.ledger().carried_message(info.id, transaction),
                  "<" + rcpt + ">: mailbox over quota (" + std::to_string(box->total_bytes()) + " of " +
                      std::to_string(box->quota_bytes) + " octets), refused for this recipient only",
                  info.client);
      replies.push_back(smtp::replies::mailbox_full(rcpt));
      continue;
    }
    replies.push_back(smtp::replies::delivered(rcpt));
    taken.rcpt_to.push_back(rcpt);
    if (i < env.rcpt_params.size()) taken.rcpt_params.push_back(env.rcpt_params[i]);
  }
  if (!taken.rcpt_to.empty()) accept_message(info, taken, data, transaction);
  return replies;
}

}  // namespace mailsim
