// Theory of operation: the simulated world of one run.
//
// World owns the kernel, the trace, the network, the DNS, one MailNode per host that has
// a mail role, the mail stores of MDA hosts, and the bookkeeping that follows each
// message (M<n>) and each of its recipients from submission to its end: delivered,
// bounced or still queued. It builds all of this from a Scenario and schedules the
// scenario's faults and client actions on the kernel. Nodes talk to each other only
// through the network and the DNS, never by calling one another.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/kernel.hpp"
#include "core/trace.hpp"
#include "net/dns.hpp"
#include "net/network.hpp"
#include "scenario/scenario.hpp"
#include "store/mailstore.hpp"

namespace mailsim {

class MailNode;
class Mua;
class Retrieval;

// Where one recipient of one message stands.
enum class RecipientFate : std::uint8_t { Queued, Delivered, Bounced };

class World {
 public:
  World(const Scenario& scenario, std::uint64_t seed);
  ~World();

  Kernel& kernel() { return kernel_; }
  Trace& trace() { return trace_; }
  Network& network() { return network_; }
  Dns& dns() { return dns_; }
  const Scenario& scenario() const { return scenario_; }

  MailNode* node(HostId host);
  const std::map<HostId, std::unique_ptr<MailNode>>& nodes() const { return nodes_; }
  Mailstore* mailstore(const std::string& host);
  const Mailstore* mailstore(const std::string& host) const;

  // Message bookkeeping.
  std::uint32_t new_message_id() { return ++last_message_; }
  std::uint32_t message_count() const { return last_message_; }
  // Remembers which messages a client connection carries, in transaction order, so the
  // receiving node can name what it accepts with the same M<n>.
  void carry(std::uint32_t conn, std::vector<std::uint32_t> messages) { carried_[conn] = std::move(messages); }
  std::uint32_t carried_message(std::uint32_t conn, std::size_t transaction) const;
  void set_fate(std::uint32_t message, const std::string& rcpt, RecipientFate fate);
  bool has_fate(std::uint32_t message, const std::string& rcpt) const;
  // Calls fn(message, rcpt, fate) for every recipient of every message, by message id.
  template <typename Fn>
  void for_each_fate(Fn&& fn) const {
    for (std::uint32_t m = 0; m < fates_.size(); ++m)
      for (const auto& [rcpt, fate] : fates_[m]) fn(m, rcpt, fate);
  }

  // Unix time of the current simulated instant (for Date: and Received: headers).
  std::int64_t unix_now() const { return scenario_.epoch + kernel_.now() / kSecond; }

  // Appends a trace event of a node (host) about a message.
  void note(TraceKind kind, HostId host, std::uint32_t message, std::string_view text, HostId peer = kNoHostId);

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
  std::uint32_t last_message_ = 0;
  std::map<std::uint32_t, std::vector<std::uint32_t>> carried_;
  // By message id: each recipient (its key) and where it stands. Ids are dense, a message
  // has few recipients.
  std::vector<std::vector<std::pair<std::string, RecipientFate>>> fates_;
};

}  // namespace mailsim
