// Theory of operation: the queue manager of a mail host (Postfix's qmgr(8), with its
// smtp(8)/lmtp(8) client and bounce(8) reports).
//
// take() is where a host takes responsibility for a message, from its SMTP server
// (smtpd.hpp), from a local submission (an MUA's `sendmail`, a vacation reply) or from its
// own reports: lists and forwards of local users are expanded (each list member, and a
// forward's target, becomes a recipient of its own; the address expanded ends there), recipients in the host's own domains go to local delivery
// (local.hpp) when the mailboxes are here, and the others wait in the queue. Every
// recipient's fate is recorded in the ledger: queued when taken, then delivered or
// bounced; a relayed recipient stays queued until the next hop ends it.
//
// The queue is worked on by delivery attempts (relay.cpp) that follow RFC 5321 section
// 5.1 (MX by preference, implicit MX, never to an MX not better than oneself; LMTP to the
// mda_host for the host's own domains), retry on the host's schedule and end each
// recipient relayed or bounced. Reports (reports.cpp) follow RFC 3461/3464: the
// recipients that fail during one attempt share one failure DSN to the reverse-path, sent
// with MAIL FROM:<>; a recipient that asked NOTIFY=DELAY gets one delay DSN once its
// message has waited `delay_warning`; NOTIFY=SUCCESS a "delivered" or "relayed" one. A
// bounce is never bounced. ETRN (flush) starts the entries of a domain at once.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/kernel.hpp"
#include "mail/dsn.hpp"
#include "mail/envelope.hpp"
#include "net/network.hpp"
#include "smtp/client.hpp"

namespace mailsim {

class LocalDelivery;
class MailEnvironment;

class QueueManager {
 public:
  QueueManager(MailEnvironment& env, HostId host, const HostSpec& spec, LocalDelivery& local)
      : env_(env), host_(host), spec_(spec), local_(local) {}

  // Takes responsibility for message `message`: `data` is its text as this host keeps it.
  void take(std::uint32_t message, QueuedEnvelope envelope, std::string data);
  // A message handed over on this very host (an MUA's `sendmail`, a vacation reply):
  // traced as accepted, completed as a submission, then taken.
  void submit_local(std::uint32_t message, QueuedEnvelope envelope, std::string_view data);
  // ETRN (RFC 1985): starts now every idle entry with a recipient in `domain` (or, with
  // `subdomains`, below it); how many were started.
  int flush(const std::string& domain, bool subdomains);

  std::size_t size() const { return entries_.size(); }
  // Calls fn(message, recipient address) for every recipient still waiting in the queue.
  template <typename Fn>
  void for_each_queued(Fn fn) const {
    for (const auto& [id, entry] : entries_)
      for (const auto& rcpt : entry.pending) fn(entry.message, rcpt.address);
  }

 private:
  struct Entry {
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
  struct Attempt;  // one delivery attempt of an entry, across its domains and MX hosts

  void deliver_local(Entry& entry, const QueuedRecipient& rcpt);

  // relay.cpp: delivery attempts
  void enqueue(Entry entry);
  void start_attempt(std::uint32_t entry_id);
  void next_group(const std::shared_ptr<Attempt>& attempt);
  void resolve_group(const std::shared_ptr<Attempt>& attempt);
  void try_candidate(const std::shared_ptr<Attempt>& attempt);
  void finish_group_host(const std::shared_ptr<Attempt>& attempt, const smtp::Client* client);
  void finish_attempt(const std::shared_ptr<Attempt>& attempt);
  SimTime retry_wait(int attempts) const;
  static void remove_pending(Entry& entry, const std::string& address);

  // reports.cpp: DSNs (RFC 3464). bounce() records a recipient's failure and, unless it
  // asked NOTIFY without FAILURE or the sender is <>, keeps it for report_failures(),
  // which sends one DSN for every recipient kept since the last one.
  void bounce(Entry& entry, const QueuedRecipient& rcpt, const std::string& status, const std::string& diagnostic,
              const std::string& remote, const std::string& why);
  void report_failures(Entry& entry);
  void report_delay(Entry& entry, const std::string& status, const std::string& diagnostic);
  void notify_success(const Entry& entry, const QueuedRecipient& rcpt, const std::string& action, const std::string& remote);
  DsnInput report_on(const Entry& entry, bool headers_only) const;
  void send_report(std::uint32_t message, DsnInput in, const std::string& what);

  MailEnvironment& env_;
  HostId host_;
  const HostSpec& spec_;
  LocalDelivery& local_;
  std::map<std::uint32_t, Entry> entries_;
  std::uint32_t next_entry_ = 1;
};

}  // namespace mailsim
