// Theory of operation: mail retrieval in the world (POP3 on 110, IMAP on 143; issue 5).
//
// Retrieval serves the mail store of every MDA host whose scenario entry lists "pop3"
// and/or "imap" in "retrieval": one pop3::Server or imap::Server engine per connection,
// over the host's Mailstore (through a pop3::StoreMaildrop and an imap::StoreMailboxes,
// their policies), so POP3 sessions, IMAP sessions and MDA deliveries see each
// other's changes (the maildrop lock, flags, expunges). Logins are checked against the
// host's "passwords", then its "auth_users" (the same account as SMTP AUTH).
//
// It also plays the scenario's "pop3" and "imap" client actions: a pop3::Client or
// imap::Client engine opened from the MUA host to the server, and, when the session
// ends, a trace note on the MUA host that sums up what the client got (messages
// retrieved, the first error). Every line in between comes from the engines.
#pragma once
#include <cstdint>
#include <map>
#include <memory>

#include "net/network.hpp"
#include "scenario/scenario.hpp"
#include "imap/mailboxes.hpp"
#include "pop3/maildrop.hpp"
#include "store/credentials.hpp"
#include "store/mailstore.hpp"

namespace mailsim {

class World;

class Retrieval {
 public:
  explicit Retrieval(World& world) : world_(world) {}
  // Listens on 110 / 143 of `host` as its spec asks (nothing if it asks for neither).
  void serve(HostId host, const HostSpec& spec, Mailstore& store);
  // Schedules a Pop3 or Imap client action (count times, interval apart).
  void schedule(const ClientAction& action);

 private:
  void pop3(const ClientAction& action);
  void imap(const ClientAction& action);

  World& world_;
  std::map<HostId, std::unique_ptr<CredentialTable>> credentials_;  // engines keep a reference
  std::map<HostId, std::unique_ptr<pop3::StoreMaildrop>> maildrops_;  // the same
  std::map<HostId, std::unique_ptr<imap::StoreMailboxes>> mailboxes_;  // the same
  std::uint64_t sessions_ = 0;  // POP3 session ids (the APOP timestamp)
};

}  // namespace mailsim
