// Theory of operation: the mail node of one host (MSA, MTA, MX and MDA roles).
//
// A MailNode serves SMTP on port 25 (MTA/MX) and submission on 587 (MSA, RFC 6409) with
// one smtp::Server engine per connection, configured from the host's scenario entry
// (extensions, limits, AUTH users, TLS and AUTH requirements). The node is the engine's
// policy (node.cpp): it accepts recipients of its own domains that have a mailbox here
// (or a mailing list, a forward), of domains it is a backup MX for, and anything from a
// client allowed to relay (authenticated, listed in relay_clients, or an MUA submitting
// to an MSA that does not require AUTH); everything else is refused as relaying (550
// 5.7.1). Injected faults live here too: reply rules per stage and address, and cutting a
// connection in the middle of DATA.
//
// An accepted message gets a Received: line and is split by recipient: those in its own
// domains are filed in the local mail store (MDA role, Return-Path added, a success DSN
// when NOTIFY=SUCCESS asked for one); the others go into the queue (relay.cpp), worked
// on by attempts that follow RFC 5321 section 5.1 (MX by preference, implicit MX, never
// to an MX not better than oneself), retry on a schedule, and end each recipient either
// relayed, or bounced. Reports (reports.cpp) follow RFC 3461/3464: the recipients that
// fail during one delivery attempt share one failure DSN to the reverse-path, sent with
// MAIL FROM:<>; a recipient that asked NOTIFY=DELAY gets one delay DSN once its message
// has waited `delay_warning`. A bounce is never bounced. ETRN starts the queue of a
// domain at once.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/kernel.hpp"
#include "mail/dsn.hpp"
#include "net/dns.hpp"
#include "net/network.hpp"
#include "scenario/scenario.hpp"
#include "smtp/client.hpp"
#include "smtp/server.hpp"

namespace mailsim {

class MailEnvironment;

// One recipient of a queued message, with its DSN request (RFC 3461).
struct QueuedRecipient {
  std::string address;  // where it goes now
  std::string key;      // the address its fate is recorded under (the original recipient)
  std::string notify;   // "", "NEVER", "SUCCESS,FAILURE,DELAY"...
  std::string orcpt;    // "rfc822;paul@uvsq.fr"
};

// The envelope of a message a node takes responsibility for.
struct QueuedEnvelope {
  std::string mail_from;
  std::vector<QueuedRecipient> rcpts;
  std::string ret, envid;  // DSN RET and ENVID
  bool eight_bit = false;  // BODY=8BITMIME was declared
};

class MailNode {
 public:
  MailNode(MailEnvironment& env, HostId host, const HostSpec& spec);
  ~MailNode();

  // Service factory for ports 25 and 587.
  std::unique_ptr<Engine> accept_smtp(const ConnectionInfo& info);
  // A message handed over locally (the MUA on this very host, as `sendmail` does).
  void submit_local(std::uint32_t message, QueuedEnvelope env, std::string_view data);
  std::size_t queue_length() const { return queue_.size(); }
  // Calls fn(message, recipient key) for every recipient still waiting in the queue.
  template <typename Fn>
  void for_each_queued(Fn fn) const {
    for (const auto& [id, entry] : queue_)
      for (const auto& rcpt : entry.pending) fn(entry.message, rcpt.key);
  }
  const HostSpec& spec() const { return spec_; }
  HostId host() const { return host_; }

 private:
  class Session;
  friend class Session;
  struct QueueEntry {
    std::uint32_t message = 0;
    QueuedEnvelope env;
    std::vector<QueuedRecipient> pending;  // recipients still to be relayed
    std::shared_ptr<const std::string> data;
    SimTime arrived = 0;
    int attempts = 0;
    bool busy = false;  // an attempt is running
    EventId timer;      // the next scheduled attempt
    std::vector<DsnRecipient> unreported;  // bounced since the last report: one DSN for them all
    bool delay_reported = false;           // the NOTIFY=DELAY report went out
  };
  struct Attempt;  // one delivery attempt of a queue entry, across its domains and MX hosts

  // node.cpp: the server side
  smtp::ServerConfig server_config(std::uint16_t port) const;
  smtp::Reply check_rcpt(const ConnectionInfo& info, const smtp::Envelope& env, const std::string& rcpt) const;
  smtp::Reply accept(const ConnectionInfo& info, const smtp::Envelope& env, std::string_view data, std::size_t transaction);
  // mda_rules.cpp: the folder a user's rule files a message in ("INBOX" by default), and
  // the RFC 3834 vacation reply after a delivery
  std::string rule_folder(const std::string& user, const std::string& data);
  void vacation(std::uint32_t message, const std::string& user, const QueuedEnvelope& env, const std::string& data);
  std::map<std::pair<std::string, std::string>, SimTime> vacation_sent_;  // (user, sender) -> last reply
  // lmtp.cpp: LMTP delivery on an MDA host, one reply per recipient (quota per mailbox)
  std::vector<smtp::Reply> accept_lmtp(const ConnectionInfo& info, const smtp::Envelope& env, std::string_view data,
                                       std::size_t transaction);
  std::optional<smtp::Reply> rule(const ConnectionInfo& info, smtp::Stage stage, const smtp::Envelope& env,
                                  const std::string& address);
  smtp::Reply verify(const std::string& arg) const;
  smtp::Reply expand(const std::string& arg) const;
  smtp::Reply etrn(const ConnectionInfo& info, const std::string& arg);
  void data_started(const ConnectionInfo& info);
  void note_headers(std::uint32_t message, const std::string& data);
  std::string complete_submission(std::uint32_t message, std::string_view data);
  void take(std::uint32_t message, QueuedEnvelope env, std::string data);
  void deliver_local(std::uint32_t message, QueueEntry& entry, const QueuedRecipient& rcpt);
  bool is_local_domain(const std::string& domain) const;
  bool is_backup_for(const std::string& domain) const;
  bool may_relay(HostId client, std::uint16_t port, const std::string& auth_user) const;

  // relay.cpp: the queue
  void enqueue(QueueEntry entry);
  void start_attempt(std::uint32_t entry_id);
  void next_group(const std::shared_ptr<Attempt>& attempt);
  void resolve_group(const std::shared_ptr<Attempt>& attempt);
  void try_candidate(const std::shared_ptr<Attempt>& attempt);
  void finish_group_host(const std::shared_ptr<Attempt>& attempt, const smtp::Client* client);
  void finish_attempt(const std::shared_ptr<Attempt>& attempt);
  SimTime retry_wait(int attempts) const;
  void remove_pending(QueueEntry& entry, const std::string& address);

  // reports.cpp: DSNs (RFC 3464). bounce() records a recipient's failure and, unless it
  // asked NOTIFY without FAILURE or the sender is <>, keeps it for report_failures(),
  // which sends one DSN for every recipient kept since the last one.
  void bounce(QueueEntry& entry, const QueuedRecipient& rcpt, const std::string& status, const std::string& diagnostic,
              const std::string& remote, const std::string& why);
  void report_failures(QueueEntry& entry);
  void report_delay(QueueEntry& entry, const std::string& status, const std::string& diagnostic);
  void notify_success(const QueueEntry& entry, const QueuedRecipient& rcpt, const std::string& action,
                      const std::string& remote);
  DsnInput report_on(const QueueEntry& entry, bool headers_only) const;
  void send_report(std::uint32_t message, DsnInput in, const std::string& what);

  MailEnvironment& env_;
  HostId host_;
  const HostSpec& spec_;
  std::map<std::uint32_t, QueueEntry> queue_;
  std::uint32_t next_entry_ = 1;
  std::vector<int> rule_hits_;  // per reply rule
  std::vector<int> drops_left_; // per drop_during_data fault aimed at this host
};

}  // namespace mailsim
