#include "store/mailstore.hpp"

#include <algorithm>
#include <cctype>

#include "core/ascii.hpp"

namespace mailsim {

std::optional<std::uint8_t> system_flag(std::string_view name) {
  for (const auto& f : kSystemFlags)
    if (ascii::iequals(f.name, name)) return f.bit;
  return std::nullopt;
}

std::uint64_t Folder::total_bytes() const {
  std::uint64_t n = 0;
  for (const auto& m : messages) n += m.size();
  return n;
}

StoredMessage* Folder::find_uid(std::uint32_t uid) {
  auto it = std::lower_bound(messages.begin(), messages.end(), uid,
                             [](const StoredMessage& m, std::uint32_t u) { return m.uid < u; });
  return it != messages.end() && it->uid == uid ? &*it : nullptr;
}

const StoredMessage* Folder::find_uid(std::uint32_t uid) const { return const_cast<Folder*>(this)->find_uid(uid); }

std::uint32_t Folder::append(std::shared_ptr<const std::string> data, std::uint8_t flags,
                             std::vector<std::string> keywords, SimTime internal_date, std::uint32_t sim_message) {
  StoredMessage m;
  m.uid = uid_next++;
  m.sim_message = sim_message;
  m.data = std::move(data);
  m.flags = flags;
  m.keywords = std::move(keywords);
  m.internal_date = internal_date;
  messages.push_back(std::move(m));
  changed();
  return messages.back().uid;
}

std::vector<std::uint32_t> Folder::expunge() {
  std::vector<std::uint32_t> removed;
  for (const auto& m : messages)
    if (m.flags & kFlagDeleted) removed.push_back(m.uid);
  if (removed.empty()) return removed;
  std::erase_if(messages, [](const StoredMessage& m) { return (m.flags & kFlagDeleted) != 0; });
  changed();
  return removed;
}

std::size_t Folder::remove(const std::vector<std::uint32_t>& uids) {
  const auto n = std::erase_if(messages, [&uids](const StoredMessage& m) {
    return std::find(uids.begin(), uids.end(), m.uid) != uids.end();
  });
  if (n) changed();
  return n;
}

std::size_t Folder::count_flag(std::uint8_t flag) const {
  return static_cast<std::size_t>(
      std::count_if(messages.begin(), messages.end(), [flag](const StoredMessage& m) { return (m.flags & flag) != 0; }));
}

std::uint64_t Mailbox::total_bytes() const {
  std::uint64_t n = 0;
  for (const auto& [name, folder] : folders) n += folder.total_bytes();
  return n;
}

bool Mailbox::over_quota(std::uint64_t extra_bytes) const {
  return quota_bytes != 0 && total_bytes() + extra_bytes > quota_bytes;
}

std::string Mailbox::canonical_name(const std::string& name) {
  if (name.size() < 5) return name;
  if (ascii::iequals(std::string_view(name).substr(0, 5), "INBOX") && (name.size() == 5 || name[5] == kFolderDelimiter)) return "INBOX" + name.substr(5);
  return name;
}

bool Mailbox::valid_name(const std::string& name) {
  if (name.empty() || name.front() == kFolderDelimiter || name.back() == kFolderDelimiter) return false;
  if (name.find(std::string(2, kFolderDelimiter)) != std::string::npos) return false;
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f || c == '*' || c == '%') return false;  // wildcards are LIST syntax
  return true;
}

Folder* Mailbox::folder(const std::string& name) {
  auto it = folders.find(canonical_name(name));
  return it == folders.end() ? nullptr : &it->second;
}

const Folder* Mailbox::folder(const std::string& name) const { return const_cast<Mailbox*>(this)->folder(name); }

bool Mailbox::create_folder(const std::string& raw) {
  const std::string name = canonical_name(raw);
  if (!valid_name(name) || folders.count(name)) return false;
  for (std::size_t pos = name.find(kFolderDelimiter); pos != std::string::npos;
       pos = name.find(kFolderDelimiter, pos + 1)) {
    const std::string parent = name.substr(0, pos);
    if (!folders.count(parent)) {
      Folder& p = folders[parent];
      p.name = parent;
      p.uid_validity = next_uid_validity++;
    }
  }
  Folder& f = folders[name];
  f.name = name;
  f.uid_validity = next_uid_validity++;
  return true;
}

bool Mailbox::delete_folder(const std::string& raw) {
  const std::string name = canonical_name(raw);
  if (name == "INBOX") return false;
  auto it = folders.find(name);
  if (it == folders.end()) return false;
  for (const auto& m : it->second.messages) tell(MailboxChange::Kind::Removed, it->second, m);
  folders.erase(it);
  return true;
}

bool Mailbox::rename_folder(const std::string& raw_from, const std::string& raw_to) {
  const std::string from = canonical_name(raw_from), to = canonical_name(raw_to);
  if (!folders.count(from) || folders.count(to) || !valid_name(to) || to == "INBOX") return false;
  if (to.rfind(from + kFolderDelimiter, 0) == 0) return false;  // into its own inferior
  if (from == "INBOX") {
    if (!create_folder(to)) return false;
    Folder& inbox = folders["INBOX"];
    Folder& dest = folders[to];
    for (auto& m : inbox.messages) append_to(dest, m.data, m.flags, m.keywords, m.internal_date, m.sim_message);
    for (const auto& m : inbox.messages) tell(MailboxChange::Kind::Removed, inbox, m);
    inbox.messages.clear();
    inbox.changed();
    return true;
  }
  std::vector<std::string> moving;
  for (const auto& [name, f] : folders)
    if (name == from || name.rfind(from + kFolderDelimiter, 0) == 0) moving.push_back(name);
  for (const auto& old_name : moving) {
    auto node = folders.extract(old_name);
    for (const auto& m : node.mapped().messages) tell(MailboxChange::Kind::Removed, node.mapped(), m);
    node.key() = to + old_name.substr(from.size());
    node.mapped().name = node.key();
    for (const auto& m : node.mapped().messages) tell(MailboxChange::Kind::Added, node.mapped(), m);
    folders.insert(std::move(node));
  }
  for (std::size_t pos = to.find(kFolderDelimiter); pos != std::string::npos; pos = to.find(kFolderDelimiter, pos + 1))
    if (!folders.count(to.substr(0, pos))) create_folder(to.substr(0, pos));
  return true;
}

namespace {

// A message's flags as the trace names them: the system flags, then the keywords.
std::vector<std::string> flag_names(std::uint8_t flags, const std::vector<std::string>& keywords) {
  std::vector<std::string> names;
  for (const auto& f : kSystemFlags)
    if (flags & f.bit) names.emplace_back(f.name);
  names.insert(names.end(), keywords.begin(), keywords.end());
  return names;
}

// The entries of `a` that `b` lacks.
std::vector<std::string> missing_from(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const auto& x : a)
    if (std::find(b.begin(), b.end(), x) == b.end()) out.push_back(x);
  return out;
}

}  // namespace

void Mailbox::tell(MailboxChange::Kind kind, const Folder& f, const StoredMessage& m, std::vector<std::string> set,
                   std::vector<std::string> cleared) const {
  if (!listener) return;
  MailboxChange c;
  c.kind = kind;
  c.user = user;
  c.folder = f.name;
  c.uid = m.uid;
  c.set = kind == MailboxChange::Kind::Added ? flag_names(m.flags, m.keywords) : std::move(set);
  c.cleared = std::move(cleared);
  listener(c, m.sim_message);
}

std::uint32_t Mailbox::append_to(Folder& f, std::shared_ptr<const std::string> data, std::uint8_t flags,
                                 std::vector<std::string> keywords, SimTime internal_date, std::uint32_t sim_message) {
  const std::uint32_t uid = f.append(std::move(data), flags, std::move(keywords), internal_date, sim_message);
  tell(MailboxChange::Kind::Added, f, f.messages.back());
  return uid;
}

void Mailbox::store_flags(Folder& f, StoredMessage& m, std::uint8_t flags, std::vector<std::string> keywords) {
  const auto before = flag_names(m.flags, m.keywords), after = flag_names(flags, keywords);
  m.flags = flags;
  m.keywords = std::move(keywords);
  f.changed();
  auto set = missing_from(after, before), cleared = missing_from(before, after);
  if (!set.empty() || !cleared.empty()) tell(MailboxChange::Kind::Flags, f, m, std::move(set), std::move(cleared));
}

std::vector<std::uint32_t> Mailbox::expunge(Folder& f) {
  for (const auto& m : f.messages)
    if (m.flags & kFlagDeleted) tell(MailboxChange::Kind::Removed, f, m);
  return f.expunge();
}

std::size_t Mailbox::remove(Folder& f, const std::vector<std::uint32_t>& uids) {
  for (const auto& m : f.messages)
    if (std::find(uids.begin(), uids.end(), m.uid) != uids.end()) tell(MailboxChange::Kind::Removed, f, m);
  return f.remove(uids);
}

void Mailstore::set_listener(MailboxListener listener) {
  listener_ = std::move(listener);
  for (auto& [user, box] : mailboxes_) box.listener = listener_;
}

Mailbox& Mailstore::add_user(const std::string& user) {
  auto [it, fresh] = mailboxes_.try_emplace(user);
  Mailbox& box = it->second;
  if (fresh) {
    box.user = user;
    box.folders["INBOX"].name = "INBOX";
    box.listener = listener_;
  }
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
  Mailbox& box = add_user(user);
  Folder* folder = box.folder(folder_name);
  if (!folder) {
    box.create_folder(folder_name);
    folder = box.folder(folder_name);
  }
  if (!folder) {  // an invalid name from a filter rule: keep the message in INBOX
    folder = box.folder("INBOX");
  }
  return box.append_to(*folder, std::move(data), kFlagRecent, {}, now, sim_message);
}

}  // namespace mailsim
