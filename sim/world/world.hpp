// Theory of operation: the simulated world of one run.
//
// World owns the kernel, the trace, the network, the DNS, one MailNode per host that has
// a mail role, the mail stores of MDA hosts, and the message ledger that follows each
// message (M<n>) and each of its recipients from submission to its end: delivered,
// bounced or still queued (mail/ledger.hpp). It builds all of this from a Scenario and
// schedules the scenario's faults and client actions on the kernel. It is the mail
// environment of its nodes (mail/environment.hpp): nodes talk to each other only through
// the network and the DNS, never by calling one another, and learn which message a
// connection carries from the ledger.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "mail/environment.hpp"

namespace mailsim {

class MailNode;
class Mua;
class Retrieval;

class World : public MailEnvironment {
 public:
  World(const Scenario& scenario, std::uint64_t seed);
  ~World();

  // The mail environment (mail/environment.hpp).
  Kernel& kernel() override { return kernel_; }
  Network& network() override { return network_; }
  Dns& dns() override { return dns_; }
  MessageLedger& ledger() override { return ledger_; }
  const MessageLedger& ledger() const { return ledger_; }
  const Scenario& scenario() const override { return scenario_; }
  Mailstore* mailstore(const std::string& host) override;
  void submit_local(HostId host, std::uint32_t message, QueuedEnvelope envelope, std::string_view data) override;
  using MailEnvironment::note;
  void note(TraceKind kind, HostId host, std::uint32_t message, std::string_view text, HostId peer,
            std::int16_t code, Recipients rcpts) override;

  Trace& trace() { return trace_; }
  const std::map<HostId, std::unique_ptr<MailNode>>& nodes() const { return nodes_; }
  const Mailstore* mailstore(const std::string& host) const;

 private:
  void build_hosts();
  void build_dns();
  void schedule_faults();

  const Scenario& scenario_;
  // Declared before the network: the engines of its connections (a POP3 session releasing
  // its maildrop lock) use the stores and the login tables until they are destroyed.
  std::map<std::string, Mailstore> stores_;
  std::unique_ptr<Retrieval> retrieval_;  // POP3/IMAP services and clients (world/retrieval.hpp)
  Kernel kernel_;
  Trace trace_;
  Network network_;
  Dns dns_;
  std::map<HostId, std::unique_ptr<MailNode>> nodes_;
  std::unique_ptr<Mua> mua_;
  MessageLedger ledger_;
};

}  // namespace mailsim
