// Theory of operation: what an IMAP session does to the mail store, behind an interface,
// as smtp::ServerPolicy is for SMTP and pop3::Maildrop for POP3: the engine
// (imap/server.hpp) enforces RFC 3501 and reads the user's folders as they stand; every
// change it makes goes through a Mailboxes: folders created, deleted, renamed or
// (un)subscribed, messages appended, their flags stored, \Recent claimed by the session
// that selected the folder read-write (RFC 3501 section 2.3.2), deleted messages
// expunged. A folder is named by its user and its name. StoreMailboxes is the one over a
// host's Mailstore (store/mailstore.hpp), which tells each change to the trace.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "store/mailstore.hpp"

namespace mailsim::imap {

class Mailboxes {
 public:
  virtual ~Mailboxes() = default;
  // Unix time of simulated time 0 (internal dates).
  virtual std::int64_t epoch() const = 0;
  // The user's mailbox after a login; an account that has none yet gets an empty one.
  virtual const Mailbox& open(const std::string& user) = 0;
  virtual const Mailbox* find(const std::string& user) const = 0;

  // RFC 3501 §6.3.3-6.3.7; false when the store refuses (see Mailbox's rules).
  virtual bool create_folder(const std::string& user, const std::string& name) = 0;
  virtual bool delete_folder(const std::string& user, const std::string& name) = 0;
  virtual bool rename_folder(const std::string& user, const std::string& from, const std::string& to) = 0;
  virtual void subscribe(const std::string& user, const std::string& folder, bool subscribed) = 0;

  // Appends to an existing folder; returns the new UID.
  virtual std::uint32_t append(const std::string& user, const std::string& folder, std::shared_ptr<const std::string> data,
                               std::uint8_t flags, std::vector<std::string> keywords, SimTime internal_date,
                               std::uint32_t sim_message) = 0;
  virtual void store_flags(const std::string& user, const std::string& folder, std::uint32_t uid, std::uint8_t flags,
                           std::vector<std::string> keywords) = 0;
  // The session that selected the folder read-write takes the message's \Recent.
  virtual void claim_recent(const std::string& user, const std::string& folder, std::uint32_t uid) = 0;
  // Removes the messages marked \Deleted.
  virtual void expunge(const std::string& user, const std::string& folder) = 0;
};

class StoreMailboxes final : public Mailboxes {
 public:
  explicit StoreMailboxes(Mailstore& store) : store_(store) {}
  std::int64_t epoch() const override { return store_.epoch(); }
  const Mailbox& open(const std::string& user) override;
  const Mailbox* find(const std::string& user) const override { return store_.find(user); }
  bool create_folder(const std::string& user, const std::string& name) override;
  bool delete_folder(const std::string& user, const std::string& name) override;
  bool rename_folder(const std::string& user, const std::string& from, const std::string& to) override;
  void subscribe(const std::string& user, const std::string& folder, bool subscribed) override;
  std::uint32_t append(const std::string& user, const std::string& folder, std::shared_ptr<const std::string> data,
                       std::uint8_t flags, std::vector<std::string> keywords, SimTime internal_date,
                       std::uint32_t sim_message) override;
  void store_flags(const std::string& user, const std::string& folder, std::uint32_t uid, std::uint8_t flags,
                   std::vector<std::string> keywords) override;
  void claim_recent(const std::string& user, const std::string& folder, std::uint32_t uid) override;
  void expunge(const std::string& user, const std::string& folder) override;

 private:
  Folder* folder(const std::string& user, const std::string& name);

  Mailstore& store_;
};

}  // namespace mailsim::imap
