// Theory of operation: the mail node of one host (MSA, MTA, MX and MDA roles).
//
// A MailNode serves SMTP on port 25 (MTA/MX) and submission on 587 (MSA) with one
// smtp::Server engine per connection; it is the engine's policy: it accepts recipients of
// its own domains (that have a mailbox here), of domains it is a backup MX for, and
// anything from a client allowed to relay; everything else is refused as relaying.
//
// An accepted message gets a Received: line and is split by recipient: those in its own
// domains are filed in the local mail store (MDA role, Return-Path added); the others go
// into the queue. A queue entry is worked on by an attempt: recipients are grouped by
// domain; for each group the next hop is the smarthost if one is set, otherwise the MX
// records sorted by preference (equal preferences in seeded random order; only MX better
// than this host when it is itself listed; the domain's A record when there is no MX).
// Each candidate is tried in turn (A lookup, connect, SMTP client) until every recipient
// of the group is either accepted (250 after the data: it left this node), refused for
// good (5xx: bounced) or all candidates failed (4xx, refused connection, timeout): then
// the entry waits for its next retry, up to the queue lifetime.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "net/dns.hpp"
#include "net/network.hpp"
#include "scenario/scenario.hpp"
#include "smtp/client.hpp"
#include "smtp/server.hpp"

namespace mailsim {

class World;

class MailNode {
 public:
  MailNode(World& world, HostId host, const HostSpec& spec);
  ~MailNode();

  // Service factory for ports 25 and 587.
  std::unique_ptr<Engine> accept_smtp(const ConnectionInfo& info);
  // A message handed over locally (the MUA on this very host, as `sendmail` does).
  void submit_local(std::uint32_t message, const std::string& mail_from, const std::vector<std::string>& rcpt_to,
                    std::string data);
  std::size_t queue_length() const { return queue_.size(); }
  // Calls fn(message, recipient) for every recipient still waiting in the queue.
  template <typename Fn>
  void for_each_queued(Fn fn) const {
    for (const auto& [id, entry] : queue_)
      for (const auto& rcpt : entry.pending) fn(entry.message, rcpt);
  }
  const HostSpec& spec() const { return spec_; }

 private:
  class Session;
  friend class Session;
  struct QueueEntry {
    std::uint32_t message = 0;
    std::string mail_from;
    std::vector<std::string> pending;  // recipients still to be relayed
    std::shared_ptr<const std::string> data;
    SimTime arrived = 0;
    int attempts = 0;
  };
  struct Attempt;  // one delivery attempt of a queue entry, across its domains and MX hosts

  smtp::Reply check_rcpt(const ConnectionInfo& info, const std::string& rcpt) const;
  smtp::Reply accept(const ConnectionInfo& info, const smtp::Envelope& env, std::string data,
                     std::size_t transaction);
  void take(std::uint32_t message, const std::string& mail_from, const std::vector<std::string>& rcpts,
            std::string data);
  bool is_local_domain(const std::string& domain) const;
  bool is_backup_for(const std::string& domain) const;
  bool may_relay(HostId client) const;

  void start_attempt(std::uint32_t entry_id);
  void next_group(const std::shared_ptr<Attempt>& attempt);
  void resolve_group(const std::shared_ptr<Attempt>& attempt);
  void try_candidate(const std::shared_ptr<Attempt>& attempt);
  void finish_group_host(const std::shared_ptr<Attempt>& attempt, const smtp::Client* client);
  void finish_attempt(const std::shared_ptr<Attempt>& attempt);
  void bounce(std::uint32_t message, const std::string& rcpt, const std::string& why);

  World& world_;
  HostId host_;
  const HostSpec& spec_;
  std::map<std::uint32_t, QueueEntry> queue_;
  std::uint32_t next_entry_ = 1;
};

}  // namespace mailsim
