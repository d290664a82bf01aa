// Theory of operation: what a POP3 session does to the mail store, behind an interface,
// as smtp::ServerPolicy is for SMTP: the engine (pop3/server.hpp) enforces RFC 1939, a
// Maildrop owns the messages. A session locks the user's maildrop and works on the list
// it got then; at QUIT its UPDATE state hands back what became of each message (RFC 1939
// section 6); a session that ends otherwise only unlocks. StoreMaildrop is the Maildrop
// over a host's Mailstore (store/mailstore.hpp): INBOX, the maildrop_locked flag, \Seen.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/mailstore.hpp"

namespace mailsim::pop3 {

class Maildrop {
 public:
  struct Message {
    std::uint32_t uid = 0;
    std::shared_ptr<const std::string> data;
    bool seen = false;
  };
  struct Listing {
    std::uint32_t uid_validity = 0;  // the UPDATE applies only to the same INBOX
    std::vector<Message> messages;
    std::uint64_t octets = 0;
  };
  // What became of a listed message in the session.
  struct Outcome {
    std::uint32_t uid = 0;
    bool retrieved = false;  // becomes \Seen
    bool deleted = false;    // removed
  };
  struct Updated {
    std::size_t removed = 0, left = 0;
  };

  virtual ~Maildrop() = default;
  // Takes the user's lock and lists INBOX; nullopt when another session holds the lock.
  virtual std::optional<Listing> lock(const std::string& user) = 0;
  virtual void unlock(const std::string& user) = 0;
  // Applies the outcomes (none \Recent any more) if INBOX is still the one listed.
  virtual Updated update(const std::string& user, std::uint32_t uid_validity, const std::vector<Outcome>& outcomes) = 0;
};

class StoreMaildrop final : public Maildrop {
 public:
  explicit StoreMaildrop(Mailstore& store) : store_(store) {}
  std::optional<Listing> lock(const std::string& user) override;
  void unlock(const std::string& user) override;
  Updated update(const std::string& user, std::uint32_t uid_validity, const std::vector<Outcome>& outcomes) override;

 private:
  Mailstore& store_;
};

}  // namespace mailsim::pop3
