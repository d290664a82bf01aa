#include "pop3/maildrop.hpp"

namespace mailsim::pop3 {

std::optional<Maildrop::Listing> StoreMaildrop::lock(const std::string& user) {
  Mailbox& box = store_.find(user) ? *store_.find(user) : store_.add_user(user);
  if (box.maildrop_locked) return std::nullopt;
  box.maildrop_locked = true;
  const Folder& inbox = *box.folder("INBOX");
  Listing out;
  out.uid_validity = inbox.uid_validity;
  out.octets = inbox.total_bytes();
  for (const StoredMessage& m : inbox.messages) out.messages.push_back({m.uid, m.data, (m.flags & kFlagSeen) != 0});
  return out;
}

void StoreMaildrop::unlock(const std::string& user) {
  if (Mailbox* box = store_.find(user)) box->maildrop_locked = false;
}

Maildrop::Updated StoreMaildrop::update(const std::string& user, std::uint32_t uid_validity,
                                         const std::vector<Outcome>& outcomes) {
  Updated out;
  Mailbox* box = store_.find(user);
  Folder* inbox = box ? box->folder("INBOX") : nullptr;
  if (inbox && inbox->uid_validity == uid_validity) {
    std::vector<std::uint32_t> doomed;
    for (const Outcome& o : outcomes) {
      StoredMessage* m = inbox->find_uid(o.uid);
      if (!m) continue;
      if (o.deleted) doomed.push_back(o.uid);
      const std::uint8_t seen = o.retrieved ? kFlagSeen : 0;
      box->store_flags(*inbox, *m, static_cast<std::uint8_t>((m->flags | seen) & ~kFlagRecent), m->keywords);
    }
    out.removed = box->remove(*inbox, doomed);
    inbox->changed();
  }
  out.left = inbox ? inbox->messages.size() : 0;
  return out;
}

}  // namespace mailsim::pop3
