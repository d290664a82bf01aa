// Theory of operation: the mail store of one host.
//
// Each user has a mailbox made of folders (INBOX always exists). A folder holds messages
// with an IMAP UID, flags and an internal date; UIDVALIDITY and UIDNEXT follow RFC 3501.
// The MDA appends here; POP3 and IMAP sessions read and change the same objects, so two
// sessions see each other's changes. The on-disk format (mbox or Maildir) only matters
// when the store is exported to a directory.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

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
  kFlagRecent = 1 << 5,
};

struct StoredMessage {
  std::uint32_t uid = 0;
  std::uint32_t sim_message = 0;  // the trace's message id (M<n>), 0 if appended by a client
  std::shared_ptr<const std::string> data;  // RFC 5322 bytes, CRLF line ends
  std::uint8_t flags = kFlagRecent;
  std::vector<std::string> keywords;
  SimTime internal_date = 0;
};

struct Folder {
  std::string name;
  std::uint32_t uid_validity = 1;
  std::uint32_t uid_next = 1;
  bool subscribed = true;
  std::vector<StoredMessage> messages;
  std::uint64_t total_bytes() const;
};

struct Mailbox {
  std::string user;
  std::map<std::string, Folder> folders;  // "INBOX", "Junk", "Archives/2024" …
  std::uint64_t quota_bytes = 0;          // 0: no quota
  std::uint64_t total_bytes() const;
};

class Mailstore {
 public:
  explicit Mailstore(MailboxFormat format = MailboxFormat::Maildir) : format_(format) {}
  MailboxFormat format() const { return format_; }
  void set_format(MailboxFormat f) { format_ = f; }

  Mailbox& add_user(const std::string& user);
  Mailbox* find(const std::string& user);  // exact match: local parts are case-sensitive
  const Mailbox* find(const std::string& user) const;
  const std::map<std::string, Mailbox>& mailboxes() const { return mailboxes_; }

  // Appends a message to user's folder (created if missing); returns its UID.
  std::uint32_t deliver(const std::string& user, const std::string& folder, std::shared_ptr<const std::string> data,
                        std::uint32_t sim_message, SimTime now);

 private:
  MailboxFormat format_;
  std::map<std::string, Mailbox> mailboxes_;
};

}  // namespace mailsim
