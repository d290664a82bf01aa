#include "mail/local.hpp"

#include "mail/cleanup.hpp"
#include "mail/environment.hpp"
#include "message/submission.hpp"

namespace mailsim {

LocalDelivery::Outcome LocalDelivery::deliver(std::uint32_t message, const QueuedEnvelope& envelope, const std::string& data,
                                              const QueuedRecipient& rcpt) {
  Mailstore* store = env_.mailstore(spec_.name);
  std::string user = names::local_part_of(rcpt.address);
  if (names::lower(user) == "postmaster" && store && !store->find(user) && !spec_.users.empty()) user = spec_.users.front();
  if (!store || !store->find(user))
    return {Failure{"5.1.1", "550 5.1.1 <" + rcpt.address + ">... User unknown", "no mailbox for " + user}, std::nullopt};
  // RFC 5321 section 4.4: the final delivery records the reverse-path in Return-Path.
  auto stored = std::make_shared<const std::string>(message::prepend_field(data, "Return-Path", "<" + envelope.mail_from + ">"));
  note_headers(env_, host_, message, *stored);
  if (const Mailbox* box = store->find(user); box && box->over_quota(0))  // full since RCPT (RFC 3463 X.2.2)
    return {Failure{"5.2.2", "552 5.2.2 <" + rcpt.address + ">... Mailbox full", "mailbox of " + user + " over quota"},
            std::nullopt};
  const std::string folder = rule_folder(user, *stored);
  env_.note_for(TraceKind::Delivered, host_, message, rcpt.address, user + " " + folder);
  store->deliver(user, folder, stored, message, env_.kernel().now());  // its mailbox event follows
  return {std::nullopt, vacation(message, user, envelope, *stored)};
}

}  // namespace mailsim
