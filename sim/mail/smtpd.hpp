// Theory of operation: the SMTP server of a mail host (Postfix's smtpd(8)): the policy of
// its smtp::Server engines.
//
// It serves SMTP on port 25 (MTA/MX), submission on 587 (MSA, RFC 6409) and LMTP on 24
// (the MDA of another host's domains, lmtp.cpp) with one smtp::Server engine per
// connection, configured from the host's scenario entry (extensions, limits, AUTH users,
// TLS and AUTH requirements), and is the engine's policy (smtp::ServerPolicy): it accepts
// recipients of its own domains that have a mailbox here (or a mailing list, a forward),
// of domains it is a backup MX for, and anything from a client allowed to relay
// (authenticated, listed in relay_clients, or an MUA submitting to an MSA that does not
// require AUTH); everything else is refused as relaying (550 5.7.1). Injected faults live
// here too: reply rules per stage and address, and cutting a connection in the middle of
// DATA. An accepted message gets its number (the one the client's host gave it in the
// ledger, or a new one), a Received: line, the completion a submission may get, and goes
// to the queue manager (queue.hpp), which this part also asks for ETRN and its length.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/network.hpp"
#include "scenario/scenario.hpp"
#include "smtp/server.hpp"

namespace mailsim {

class MailEnvironment;
class QueueManager;

class Smtpd {
 public:
  Smtpd(MailEnvironment& env, HostId host, const HostSpec& spec, QueueManager& queue);
  // Service factory for ports 25, 587 and 24.
  std::unique_ptr<Engine> accept(const ConnectionInfo& info);

 private:
  class Session;
  friend class Session;

  smtp::ServerConfig server_config(std::uint16_t port) const;
  smtp::Reply check_rcpt(const ConnectionInfo& info, const smtp::Envelope& env, const std::string& rcpt) const;
  smtp::Reply accept_message(const ConnectionInfo& info, const smtp::Envelope& env, std::string_view data,
                             std::size_t transaction);
  // lmtp.cpp: LMTP delivery on an MDA host, one reply per recipient (quota per mailbox)
  std::vector<smtp::Reply> accept_lmtp(const ConnectionInfo& info, const smtp::Envelope& env, std::string_view data,
                                       std::size_t transaction);
  std::optional<smtp::Reply> rule(const ConnectionInfo& info, smtp::Stage stage, const smtp::Envelope& env,
                                  const std::string& address);
  smtp::Reply verify(const std::string& arg) const;
  smtp::Reply expand(const std::string& arg) const;
  smtp::Reply etrn(const ConnectionInfo& info, const std::string& arg);
  void data_started(const ConnectionInfo& info);
  bool is_backup_for(const std::string& domain) const;
  bool may_relay(HostId client, std::uint16_t port, const std::string& auth_user) const;

  MailEnvironment& env_;
  HostId host_;
  const HostSpec& spec_;
  QueueManager& queue_;
  std::vector<int> rule_hits_;   // per reply rule
  std::vector<int> drops_left_;  // per drop_during_data fault aimed at this host
};

}  // namespace mailsim
