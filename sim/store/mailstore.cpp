#include "store/mailstore.hpp"

namespace mailsim {

std::uint64_t Folder::total_bytes() const {
  std::uint64_t n = 0;
  for (const auto& m : messages) n += m.data->size();
  return n;
}

std::uint64_t Mailbox::total_bytes() const {
  std::uint64_t n = 0;
  for (const auto& [name, folder] : folders) n += folder.total_bytes();
  return n;
}

Mailbox& Mailstore::add_user(const std::string& user) {
  Mailbox& box = mailboxes_[user];
  box.user = user;
  box.folders["INBOX"].name = "INBOX";
  return box;
}

Mailbox* Mailstore::find(const std::string& user) {
  auto it = mailboxes_.find(user);
  return it == mailboxes_.end() ? nullptr : &it->second;
}

const Mailbox* Mailstore::find(const std::string& user) const {
  auto it = mailboxes_.find(user);
  return it == mailboxes_.end() ? nullptr : &it->second;
}

std::uint32_t Mailstore::deliver(const std::string& user, const std::string& folder_name,
                                 std::shared_ptr<const std::string> data, std::uint32_t sim_message, SimTime now) {
  Mailbox& box = mailboxes_[user];
  box.user = user;
  Folder& folder = box.folders[folder_name];
  folder.name = folder_name;
  StoredMessage m;
  m.uid = folder.uid_next++;
  m.sim_message = sim_message;
  m.data = std::move(data);
  m.internal_date = now;
  folder.messages.push_back(std::move(m));
  return folder.messages.back().uid;
}

}  // namespace mailsim
