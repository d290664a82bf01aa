#include "model/mailbox_index.hpp"

#include <algorithm>
#include <iterator>

#include "core/mailbox_change.hpp"
#include "store/mailstore.hpp"

namespace mailsim::gui {
namespace {

// Where a flag stands in a set: the system flags in RFC order, then the keywords.
int rank(const std::string& name) {
  for (std::size_t i = 0; i < std::size(kSystemFlags); ++i)
    if (kSystemFlags[i].name == name) return static_cast<int>(i);
  return static_cast<int>(std::size(kSystemFlags));
}

bool folder_before(const MailFolder& a, const MailFolder& b) {
  return std::forward_as_tuple(a.host, a.user, a.folder != "INBOX", a.folder) <
         std::forward_as_tuple(b.host, b.user, b.folder != "INBOX", b.folder);
}

}  // namespace

std::uint32_t StoredMail::flags_at(std::uint64_t pos) const {
  auto it = std::lower_bound(changes.begin(), changes.end(), pos,
                             [](const FlagChange& c, std::uint64_t p) { return c.event < p; });
  return it == changes.begin() ? first_flags : std::prev(it)->flags;
}

bool StoredMail::touched_by(std::uint64_t event) const {
  return added == event || removed == event ||
         std::any_of(changes.begin(), changes.end(), [event](const FlagChange& c) { return c.event == event; });
}

MailboxIndex::MailboxIndex() { intern({}); }

std::uint32_t MailboxIndex::intern(std::vector<std::string> names) {
  std::stable_sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  auto [it, fresh] = set_ids_.try_emplace(names, static_cast<std::uint32_t>(sets_.size()));
  if (fresh) {
    FlagSet s;
    for (const auto& n : names) s.text += (s.text.empty() ? "" : " ") + n;
    s.seen = std::find(names.begin(), names.end(), "\\Seen") != names.end();
    s.names = std::move(names);
    sets_.push_back(std::move(s));
  }
  return it->second;
}

int MailboxIndex::folder_for(const Key& key, const std::string& host, std::uint64_t event) {
  auto [it, fresh] = folder_slot_.try_emplace(key, static_cast<int>(folders_.size()));
  if (fresh) {
    MailFolder f;
    f.node = std::get<0>(key);
    f.host = host;
    f.user = std::get<1>(key);
    f.folder = std::get<2>(key);
    f.first_event = event;
    folders_.push_back(std::move(f));
    const int added = it->second;
    sorted_.insert(std::upper_bound(sorted_.begin(), sorted_.end(), added,
                                    [this](int a, int b) { return folder_before(folders_[a], folders_[b]); }),
                   added);
  }
  return it->second;
}

int MailboxIndex::folder_of(const TraceEvent& e, int node) const {
  if (e.kind != TraceKind::MailboxChanged) return -1;
  const auto change = parse_mailbox_change(e.text);
  if (!change) return -1;
  auto it = folder_slot_.find({node, change->user, change->folder});
  return it == folder_slot_.end() ? -1 : it->second;
}

int MailboxIndex::add(std::uint64_t event, const TraceEvent& e, int node, const std::string& host) {
  const auto change = parse_mailbox_change(e.text);
  if (!change || node < 0) return 0;
  const int slot = folder_for({node, change->user, change->folder}, host, event);
  MailFolder& f = folders_[slot];
  const std::uint64_t key = static_cast<std::uint64_t>(slot) << 32 | change->uid;
  auto it = present_.find(key);
  if (change->kind == MailboxChange::Kind::Added) {
    if (it != present_.end()) return 0;
    StoredMail m;
    m.uid = change->uid;
    m.message = e.message;
    m.added = event;
    m.first_flags = intern(change->set);
    present_.emplace(key, f.mails.size());
    f.count.add(event, 1);
    if (!sets_[m.first_flags].seen) f.unseen.add(event, 1);
    f.mails.push_back(std::move(m));
    return 1;
  }
  if (it == present_.end()) return 0;  // not there: nothing to change
  StoredMail& m = f.mails[it->second];
  const std::uint32_t before = m.changes.empty() ? m.first_flags : m.changes.back().flags;
  if (change->kind == MailboxChange::Kind::Removed) {
    m.removed = event;
    present_.erase(it);
    f.count.add(event, -1);
    if (!sets_[before].seen) f.unseen.add(event, -1);
    return -1;
  }
  std::vector<std::string> names = sets_[before].names;
  std::erase_if(names, [&](const std::string& n) {
    return std::find(change->cleared.begin(), change->cleared.end(), n) != change->cleared.end();
  });
  for (const auto& n : change->set)
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  const std::uint32_t after = intern(std::move(names));
  m.changes.push_back({event, after});
  if (sets_[before].seen != sets_[after].seen) f.unseen.add(event, sets_[after].seen ? -1 : 1);
  return 0;
}

}  // namespace mailsim::gui
