#include "imap/mailboxes.hpp"

namespace mailsim::imap {

const Mailbox& StoreMailboxes::open(const std::string& user) {
  if (const Mailbox* box = store_.find(user)) return *box;
  return store_.add_user(user);
}

Folder* StoreMailboxes::folder(const std::string& user, const std::string& name) {
  Mailbox* box = store_.find(user);
  return box ? box->folder(name) : nullptr;
}

bool StoreMailboxes::create_folder(const std::string& user, const std::string& name) {
  Mailbox* box = store_.find(user);
  return box && box->create_folder(name);
}

bool StoreMailboxes::delete_folder(const std::string& user, const std::string& name) {
  Mailbox* box = store_.find(user);
  return box && box->delete_folder(name);
}

bool StoreMailboxes::rename_folder(const std::string& user, const std::string& from, const std::string& to) {
  Mailbox* box = store_.find(user);
  return box && box->rename_folder(from, to);
}

void StoreMailboxes::subscribe(const std::string& user, const std::string& name, bool subscribed) {
  if (Folder* f = folder(user, name)) f->subscribed = subscribed;
}

std::uint32_t StoreMailboxes::append(const std::string& user, const std::string& name, std::shared_ptr<const std::string> data,
                                     std::uint8_t flags, std::vector<std::string> keywords, SimTime internal_date,
                                     std::uint32_t sim_message) {
  Folder* f = folder(user, name);
  if (!f) return 0;
  return store_.find(user)->append_to(*f, std::move(data), flags, std::move(keywords), internal_date, sim_message);
}

void StoreMailboxes::store_flags(const std::string& user, const std::string& name, std::uint32_t uid, std::uint8_t flags,
                                 std::vector<std::string> keywords) {
  Folder* f = folder(user, name);
  StoredMessage* m = f ? f->find_uid(uid) : nullptr;
  if (m) store_.find(user)->store_flags(*f, *m, flags, std::move(keywords));
}

void StoreMailboxes::claim_recent(const std::string& user, const std::string& name, std::uint32_t uid) {
  Folder* f = folder(user, name);
  // Not a change the other sessions see (\Recent is per session): no version bump, not told.
  if (StoredMessage* m = f ? f->find_uid(uid) : nullptr) m->flags &= static_cast<std::uint8_t>(~kFlagRecent);
}

void StoreMailboxes::expunge(const std::string& user, const std::string& name) {
  if (Folder* f = folder(user, name)) store_.find(user)->expunge(*f);
}

}  // namespace mailsim::imap
