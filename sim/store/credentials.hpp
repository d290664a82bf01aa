// Theory of operation: who may log in to a host's mail store.
//
// Retrieval servers (POP3, IMAP) ask a Credentials policy for a user's secret; the node
// that owns the engines supplies it (from the scenario's user list, say). The secret is
// returned in clear because APOP (RFC 1939 §7) and CRAM-MD5 (RFC 2195) compute digests
// over it; a plain login just compares.
#pragma once
#include <map>
#include <optional>
#include <string>

namespace mailsim {

class Credentials {
 public:
  virtual ~Credentials() = default;
  // The user's password, or nullopt if there is no such user.
  virtual std::optional<std::string> password(const std::string& user) const = 0;
};

// A fixed table user -> password.
class CredentialTable : public Credentials {
 public:
  CredentialTable() = default;
  explicit CredentialTable(std::map<std::string, std::string> table) : table_(std::move(table)) {}
  void set(const std::string& user, const std::string& password) { table_[user] = password; }
  std::optional<std::string> password(const std::string& user) const override {
    auto it = table_.find(user);
    return it == table_.end() ? std::nullopt : std::optional<std::string>(it->second);
  }

 private:
  std::map<std::string, std::string> table_;
};

}  // namespace mailsim
