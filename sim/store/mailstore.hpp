// Theory of operation: the mail store of one host.
//
// Each user has a mailbox made of folders (INBOX always exists). A folder holds messages
// with an IMAP UID, flags and an internal date; UIDVALIDITY and UIDNEXT follow RFC 3501.
// The MDA appends here; POP3 and IMAP sessions read and change the same objects, so two
// sessions see each other's changes. The on-disk format (mbox or Maildir) only matters
// when the store is exported to a directory (store/export.hpp).
//
// Change notification is sans-I/O and pull-based: every change to a folder (a delivery, an
// APPEND or COPY, a flag change, an expunge) bumps Folder::version. A session that has the
// folder open keeps a snapshot (UIDs and flags, as it last told its client) and, when it
// is allowed to talk (before a tagged reply, during IDLE on poll), compares versions and
// diffs the snapshot against the folder to report EXISTS / EXPUNGE / FETCH FLAGS. Whoever
// changes a folder's messages directly must call Folder::changed().
//
// Every change to a folder's messages made through Mailbox (append_to, store_flags,
// expunge, remove, delete_folder, rename_folder, and Mailstore::deliver) is also told to
// the mailbox's listener as a MailboxChange, which the world writes into the trace
// (TraceKind::MailboxChanged): the trace can then replay each folder's messages and flags.
// The Folder primitives below change messages silently; engines go through Mailbox.
//
// Folder names are hierarchical with '/' as the delimiter ("Archives/2024"); INBOX is
// case-insensitive (RFC 3501 §5.1), every other name is case-sensitive.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/mailbox_change.hpp"
#include "core/time.hpp"

namespace mailsim {

enum class MailboxFormat { Mbox, Maildir };

// IMAP system flags as bits; keywords are kept as strings.
enum MessageFlag : std::uint8_t {
  kFlagSeen = 1 << 0,
  kFlagAnswered = 1 << 1,
  kFlagFlagged = 1 << 2,
  kFlagDeleted = 1 << 3,
  kFlagDraft = 1 << 4,
  kFlagRecent = 1 << 5,  // RFC 3501 §2.3.2: the first session to see the message claims it
};

// The system flags a client may store, with their IMAP names, in display order.
struct SystemFlag {
  MessageFlag bit;
  std::string_view name;
};
inline constexpr SystemFlag kSystemFlags[] = {
    {kFlagSeen, "\\Seen"}, {kFlagAnswered, "\\Answered"}, {kFlagFlagged, "\\Flagged"},
    {kFlagDeleted, "\\Deleted"}, {kFlagDraft, "\\Draft"}};
// A system flag name ("\Seen", any case) -> its bit; nullopt for keywords and \Recent.
std::optional<std::uint8_t> system_flag(std::string_view name);

constexpr char kFolderDelimiter = '/';

struct StoredMessage {
  std::uint32_t uid = 0;
  std::uint32_t sim_message = 0;  // the trace's message id (M<n>), 0 if appended by a client
  std::shared_ptr<const std::string> data;  // RFC 5322 bytes, CRLF line ends
  std::uint8_t flags = kFlagRecent;
  std::vector<std::string> keywords;
  SimTime internal_date = 0;
  std::uint64_t size() const { return data ? data->size() : 0; }
};

struct Folder {
  std::string name;
  std::uint32_t uid_validity = 1;
  std::uint32_t uid_next = 1;
  bool subscribed = true;
  std::uint64_t version = 0;  // bumped by changed(); sessions compare it with their snapshot
  std::vector<StoredMessage> messages;  // ascending UIDs
  std::uint64_t total_bytes() const;
  void changed() { ++version; }
  StoredMessage* find_uid(std::uint32_t uid);
  const StoredMessage* find_uid(std::uint32_t uid) const;
  // Appends with the next UID (and bumps the version); returns the UID.
  std::uint32_t append(std::shared_ptr<const std::string> data, std::uint8_t flags,
                       std::vector<std::string> keywords, SimTime internal_date, std::uint32_t sim_message = 0);
  // Removes every message with \Deleted; returns the UIDs removed, ascending.
  std::vector<std::uint32_t> expunge();
  // Removes the messages with these UIDs (POP3 UPDATE); returns how many were found.
  std::size_t remove(const std::vector<std::uint32_t>& uids);
  std::size_t count_flag(std::uint8_t flag) const;
};

// Told of each change to a mailbox's messages; `sim_message` is the stored message's.
using MailboxListener = std::function<void(const MailboxChange& change, std::uint32_t sim_message)>;

struct Mailbox {
  std::string user;
  std::map<std::string, Folder> folders;  // "INBOX", "Junk", "Archives/2024" …
  std::uint64_t quota_bytes = 0;          // 0: no quota
  bool maildrop_locked = false;           // held by a POP3 session (RFC 1939 §8)
  std::uint32_t next_uid_validity = 2;    // handed to folders created or recreated
  MailboxListener listener;               // set by Mailstore; may be empty
  std::uint64_t total_bytes() const;
  bool over_quota(std::uint64_t extra_bytes) const;

  Folder* folder(const std::string& name);  // INBOX matched case-insensitively
  const Folder* folder(const std::string& name) const;
  // Creates a folder and missing parents; false if it exists or the name is invalid.
  bool create_folder(const std::string& name);
  // RFC 3501 §6.3.4: INBOX cannot be deleted; false if missing.
  bool delete_folder(const std::string& name);
  // RFC 3501 §6.3.5: renames inferiors too; renaming INBOX moves its messages into `to`.
  bool rename_folder(const std::string& from, const std::string& to);
  static std::string canonical_name(const std::string& name);  // "inbox" -> "INBOX"
  static bool valid_name(const std::string& name);

  // The Folder operations, told to the listener. `f` is one of this mailbox's folders.
  std::uint32_t append_to(Folder& f, std::shared_ptr<const std::string> data, std::uint8_t flags,
                          std::vector<std::string> keywords, SimTime internal_date, std::uint32_t sim_message = 0);
  // Sets a message's flags and keywords (the \Recent bit is stored but not told).
  void store_flags(Folder& f, StoredMessage& m, std::uint8_t flags, std::vector<std::string> keywords);
  std::vector<std::uint32_t> expunge(Folder& f);
  std::size_t remove(Folder& f, const std::vector<std::uint32_t>& uids);

 private:
  void tell(MailboxChange::Kind kind, const Folder& f, const StoredMessage& m, std::vector<std::string> set = {},
            std::vector<std::string> cleared = {}) const;
};

class Mailstore {
 public:
  explicit Mailstore(MailboxFormat format = MailboxFormat::Maildir) : format_(format) {}
  MailboxFormat format() const { return format_; }
  void set_format(MailboxFormat f) { format_ = f; }
  // Unix time of simulated time 0: internal dates shown by IMAP and written on export.
  std::int64_t epoch() const { return epoch_; }
  void set_epoch(std::int64_t unix_seconds) { epoch_ = unix_seconds; }

  // Every mailbox, now and later, tells its changes to `listener`.
  void set_listener(MailboxListener listener);
  Mailbox& add_user(const std::string& user);
  Mailbox* find(const std::string& user);  // exact match: local parts are case-sensitive
  const Mailbox* find(const std::string& user) const;
  const std::map<std::string, Mailbox>& mailboxes() const { return mailboxes_; }

  // Appends a message to user's folder (created if missing); returns its UID.
  std::uint32_t deliver(const std::string& user, const std::string& folder, std::shared_ptr<const std::string> data,
                        std::uint32_t sim_message, SimTime now);

 private:
  MailboxFormat format_;
  std::int64_t epoch_ = 0;
  MailboxListener listener_;
  std::map<std::string, Mailbox> mailboxes_;
};

}  // namespace mailsim
