#include "mail/smtpd.hpp"

#include <algorithm>
#include <cctype>

#include "mail/cleanup.hpp"
#include "mail/environment.hpp"
#include "mail/queue.hpp"
#include "message/names.hpp"

namespace mailsim {

// The engine's policy for one connection.
class Smtpd::Session : public smtp::ServerPolicy {
 public:
  Session(Smtpd& node, ConnectionInfo info) : node_(node), info_(info) {}
  std::optional<smtp::Reply> rule(smtp::Stage stage, const smtp::Envelope& env, const std::string& address) override {
    return node_.rule(info_, stage, env, address);
  }
  smtp::Reply check_mail(const smtp::Envelope&, const std::string& path) override {
    return smtp::replies::sender_ok(path);
  }
  smtp::Reply check_rcpt(const smtp::Envelope& env, const std::string& path) override {
    return node_.check_rcpt(info_, env, path);
  }
  smtp::Reply accept_message(const smtp::Envelope& env, std::string_view data) override {
    return node_.accept_message(info_, env, data, transactions_++);
  }
  std::vector<smtp::Reply> accept_lmtp(const smtp::Envelope& env, std::string_view data) override {
    return node_.accept_lmtp(info_, env, data, transactions_++);
  }
  void data_started(const smtp::Envelope&) override { node_.data_started(info_); }
  smtp::Reply verify(const std::string& arg) override { return node_.verify(arg); }
  smtp::Reply expand(const std::string& arg) override { return node_.expand(arg); }
  smtp::Reply etrn(const std::string& arg) override { return node_.etrn(info_, arg); }
  bool authenticate(const std::string& user, const std::string& password) override {
    auto it = node_.spec_.auth_users.find(user);
    return it != node_.spec_.auth_users.end() && it->second == password;
  }
  std::optional<std::string> secret(const std::string& user) override {
    auto it = node_.spec_.auth_users.find(user);
    if (it == node_.spec_.auth_users.end()) return std::nullopt;
    return it->second;
  }
  void event(const std::string& text) override {
    node_.env_.note(TraceKind::Note, node_.host_, 0, text, info_.client);
  }
  std::string status() override {
    return node_.spec_.name + " status: " + std::to_string(node_.queue_.size()) + " message(s) in the queue";
  }

 private:
  Smtpd& node_;
  ConnectionInfo info_;
  std::size_t transactions_ = 0;
};

// An engine that owns its policy object.
class SmtpServerSession : public smtp::Server {
 public:
  SmtpServerSession(smtp::ServerConfig config, std::unique_ptr<smtp::ServerPolicy> policy)
      : smtp::Server(std::move(config), *policy), policy_(std::move(policy)) {}

 private:
  std::unique_ptr<smtp::ServerPolicy> policy_;
};

Smtpd::Smtpd(MailEnvironment& env, HostId host, const HostSpec& spec, QueueManager& queue)
    : env_(env), host_(host), spec_(spec), queue_(queue) {
  rule_hits_.assign(spec_.reply_rules.size(), 0);
  for (const auto& f : env_.scenario().faults)
    drops_left_.push_back(f.kind == FaultSpec::Kind::DropDuringData && f.target == spec_.name ? f.times : 0);
}

smtp::ServerConfig Smtpd::server_config(std::uint16_t port) const {
  smtp::ServerConfig config;
  config.hostname = spec_.name;
  config.banner = !spec_.banner.empty() ? spec_.banner : port == 24 ? "LMTP mailsim" : "ESMTP mailsim";
  config.esmtp = spec_.esmtp;
  for (std::string ext : spec_.ehlo_extensions()) {
    if (names::iequals(ext, "AUTH")) ext = "AUTH PLAIN LOGIN CRAM-MD5";
    config.extensions.push_back(ext);
  }
  for (const auto& ext : config.extensions)
    if (names::iequals(ext.substr(0, 5), "SIZE ")) {
      const std::string n = ext.substr(5);
      if (!n.empty() && std::all_of(n.begin(), n.end(), ::isdigit) && n.size() < 16)
        config.limits.max_message_size = std::stoull(n);
    }
  config.limits.max_received = spec_.max_hops;
  config.lmtp = port == 24;  // LMTP from an MX (mail/lmtp.cpp)
  config.limits.max_recipients = spec_.max_recipients;
  config.require_auth = spec_.require_auth && (port == 587 || port == 465);  // submission, submissions
  config.require_tls_for_auth = spec_.require_tls_for_auth;
  config.plaintext_auth_too_weak = spec_.auth_plaintext_too_weak;
  config.strict_syntax = spec_.strict_syntax;
  return config;
}

std::unique_ptr<Engine> Smtpd::accept(const ConnectionInfo& info) {
  smtp::ServerConfig config = server_config(info.port);
  // A real client's socket that can do TLS (live mode) is offered STARTTLS, the scenario's
  // list or not; one already in TLS (port 465) is not.
  config.real_tls = info.tls != TlsTransport::Simulated;
  config.tls_from_start = info.tls == TlsTransport::Implicit;
  auto offered = std::find(config.extensions.begin(), config.extensions.end(), "STARTTLS");
  if (info.tls == TlsTransport::Starttls && offered == config.extensions.end() && !config.lmtp)
    config.extensions.push_back("STARTTLS");
  else if (info.tls == TlsTransport::Implicit && offered != config.extensions.end())
    config.extensions.erase(offered);
  return std::make_unique<SmtpServerSession>(std::move(config), std::make_unique<Session>(*this, info));
}

bool Smtpd::is_backup_for(const std::string& domain) const { return names::contains(spec_.backup_for, domain); }

bool Smtpd::may_relay(HostId client, std::uint16_t port, const std::string& auth_user) const {
  if (client == host_ || !auth_user.empty()) return true;
  const std::string& name = env_.network().host(client).name;
  if (names::contains(spec_.relay_clients, name)) return true;
  // An MUA submitting to its MSA, when the MSA does not ask for AUTH on that port.
  const HostSpec* peer = env_.scenario().find_host(name);
  return spec_.has(Role::Msa) && peer && peer->has(Role::Mua) && !(spec_.require_auth && (port == 587 || port == 465));
}

std::optional<smtp::Reply> Smtpd::rule(const ConnectionInfo& info, smtp::Stage stage, const smtp::Envelope& env,
                                          const std::string& address) {
  static const char* const kStage[] = {"connect", "helo", "mail", "rcpt", "data", "end_of_data"};
  for (std::size_t i = 0; i < spec_.reply_rules.size(); ++i) {
    const HostSpec::ReplyRule& r = spec_.reply_rules[i];
    if (r.stage != kStage[static_cast<int>(stage)]) continue;
    if (r.port != 0 && r.port != info.port) continue;
    if (r.times > 0 && rule_hits_[i] >= r.times) continue;
    if (!r.addresses.empty()) {
      bool match = false;
      if (stage == smtp::Stage::Connect) match = names::contains(r.addresses, env_.network().host(info.client).name);
      else if (stage == smtp::Stage::Data || stage == smtp::Stage::EndOfData) {
        match = names::contains(r.addresses, env.mail_from);
        for (const auto& rcpt : env.rcpt_to) match = match || names::contains(r.addresses, rcpt);
      } else match = names::contains(r.addresses, address);
      if (!match) continue;
    }
    ++rule_hits_[i];
    env_.note(TraceKind::Decision, host_, 0,
                "reply rule " + std::to_string(i + 1) + " (" + r.stage + ") applies" +
                    (r.times ? " (" + std::to_string(rule_hits_[i]) + " of " + std::to_string(r.times) + ")" : ""),
                info.client);
    return smtp::replies::custom(r.code, r.enhanced, r.text);
  }
  return std::nullopt;
}

void Smtpd::data_started(const ConnectionInfo& info) {
  const auto& faults = env_.scenario().faults;
  const SimTime now = env_.kernel().now();
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const FaultSpec& f = faults[i];
    if (drops_left_[i] <= 0 || now < f.from || (f.until && now >= *f.until)) continue;
    --drops_left_[i];
    const std::uint32_t conn = info.id;
    // Cut the connection while the message text is on its way.
    const SimTime delay = env_.network().latency(info.client, info.server) * 3 / 2 + 1;
    env_.kernel().schedule_in(delay, [this, conn] {
      env_.network().drop(conn, "connection dropped in the middle of DATA (fault)");
    });
    return;
  }
}

smtp::Reply Smtpd::check_rcpt(const ConnectionInfo& info, const smtp::Envelope& env, const std::string& rcpt) const {
  const std::string domain = names::domain_of(rcpt);
  if (domain.empty() && names::lower(rcpt) == "postmaster") return smtp::replies::recipient_ok(rcpt);
  if (is_local_domain(spec_, domain)) {
    const std::string user = names::lower(names::local_part_of(rcpt));
    if (auto it = spec_.moved.find(user); it != spec_.moved.end()) return smtp::replies::user_not_local(it->second);
    if (auto it = spec_.forwards.find(user); it != spec_.forwards.end()) return smtp::replies::will_forward(rcpt, it->second);
    if (spec_.lists.count(user)) return smtp::replies::recipient_ok(rcpt);
    // With an LMTP mda_host, the mailboxes are there (the MDA refuses unknown users again).
    const Mailstore* store = env_.mailstore(spec_.mda_host.empty() ? spec_.name : spec_.mda_host);
    const Mailbox* box = store ? store->find(names::local_part_of(rcpt)) : nullptr;
    // A full mailbox (soft quota: the message that crosses it was taken) refuses for now.
    // An MX cannot see the quotas of a separate (LMTP) MDA, and the MDA answers those
    // after the data, per recipient (as Dovecot's LMTP does by default).
    if (box && spec_.mda_host.empty() && info.proto != Protocol::Lmtp && box->over_quota(0))
      return smtp::replies::mailbox_full_for_now(rcpt);
    if (box) return smtp::replies::recipient_ok(rcpt);
    return smtp::replies::mailbox_unavailable(rcpt, "User unknown");
  }
  if (is_backup_for(domain) || may_relay(info.client, info.port, env.auth_user)) return smtp::replies::recipient_ok(rcpt);
  return smtp::replies::relay_denied(rcpt);
}

smtp::Reply Smtpd::verify(const std::string& arg) const {
  if (!spec_.vrfy) return smtp::replies::cannot_verify();
  std::string who = arg;
  if (!who.empty() && who.front() == '<' && who.back() == '>') who = who.substr(1, who.size() - 2);
  const std::string domain = names::domain_of(who);
  if (!domain.empty() && !is_local_domain(spec_, domain)) return smtp::replies::cannot_verify();
  const std::string user = names::lower(names::local_part_of(who));
  const Mailstore* store = env_.mailstore(spec_.name);
  const std::string home = spec_.domains.empty() ? spec_.name : spec_.domains.front();
  if (store && store->find(user)) return smtp::replies::verified(user + "@" + home);
  if (auto it = spec_.moved.find(user); it != spec_.moved.end()) return smtp::replies::user_not_local(it->second);
  if (auto it = spec_.forwards.find(user); it != spec_.forwards.end())
    return smtp::replies::will_forward(user + "@" + home, it->second);
  // Ambiguous: several users start with this name (RFC 5321 section 3.5.3).
  std::vector<std::string> matches;
  for (const auto& u : spec_.users)
    if (names::lower(u).rfind(user, 0) == 0) matches.push_back(u + "@" + home);
  if (matches.size() > 1) return smtp::replies::user_ambiguous(matches);
  return smtp::replies::mailbox_unavailable(who, "User unknown");
}

smtp::Reply Smtpd::expand(const std::string& arg) const {
  std::string name = names::lower(arg);
  if (!name.empty() && name.front() == '<' && name.back() == '>') name = name.substr(1, name.size() - 2);
  const std::string domain = names::domain_of(name);
  if (!domain.empty() && !is_local_domain(spec_, domain)) return smtp::replies::mailbox_unavailable(name, "No such list here");
  auto it = spec_.lists.find(names::local_part_of(name));
  if (it == spec_.lists.end()) {
    if (spec_.lists.empty()) return smtp::replies::not_implemented("EXPN", "no mailing lists are disclosed here");
    return smtp::replies::mailbox_unavailable(name, "No such mailing list");
  }
  return smtp::replies::list_members(it->second);
}

smtp::Reply Smtpd::etrn(const ConnectionInfo& info, const std::string& arg) {
  // RFC 1985: "ETRN domain", "ETRN @domain" (subdomains too), "ETRN #queue" (not supported here).
  if (arg.front() == '#') return smtp::replies::etrn_no_named_queues(arg);
  const bool subdomains = arg.front() == '@';
  const std::string domain = names::lower(subdomains ? arg.substr(1) : arg);
  if (!is_backup_for(domain) && !names::contains(spec_.relay_clients, env_.network().host(info.client).name))
    return smtp::replies::etrn_not_allowed(arg, "this host is not a backup MX for it");
  const int started = queue_.flush(domain, subdomains);
  env_.note(TraceKind::Decision, host_, 0, "ETRN " + arg + ": " + std::to_string(started) + " queued message(s) started now", info.client);
  if (started == 0) return smtp::replies::etrn_nothing_waiting(arg);
  return smtp::replies::etrn_started(started, arg);
}

smtp::Reply Smtpd::accept_message(const ConnectionInfo& info, const smtp::Envelope& env, std::string_view data,
                             std::size_t transaction) {
  std::uint32_t message = env_.ledger().carried_message(info.id, transaction);
  if (message == 0) message = env_.ledger().new_message_id();
  const Host& client = env_.network().host(info.client);
  // RFC 3848: ESMTP, ESMTPS (TLS), ESMTPA (AUTH), ESMTPSA.
  std::string with = env.esmtp ? "ESMTP" : "SMTP";
  if (env.esmtp && env.tls) with += "S";
  if (env.esmtp && !env.auth_user.empty()) with += "A";
  // The Received field, then the message, in one buffer (every accepted message is copied here once).
  std::string stored;
  stored.reserve(256 + data.size());
  stored.append("Received: from ").append(env.helo).append(" (").append(client.name).append(" [");
  if (client.address.find(':') != std::string::npos) stored.append("IPv6:");  // address literal, RFC 5321 4.1.3
  stored.append(client.address).append("])\r\n\tby ").append(spec_.name).append(" with ").append(with);
  stored.append(" id M").append(std::to_string(message));
  if (env.rcpt_to.size() == 1) stored.append("\r\n\tfor <").append(env.rcpt_to.front()).append(">");
  stored.append("; ").append(format_rfc5322_date(env_.unix_now())).append("\r\n");
  std::string text = "from <" + env.mail_from + "> to";
  for (const auto& r : env.rcpt_to) text += " <" + r + ">";
  if (!env.auth_user.empty()) text += " (authenticated as " + env.auth_user + ")";
  const std::vector<std::string_view> rcpts(env.rcpt_to.begin(), env.rcpt_to.end());
  env_.note_for(TraceKind::MessageAccepted, host_, message, rcpts, text, info.client);
  QueuedEnvelope q;
  q.mail_from = env.mail_from;
  q.ret = env.ret;
  q.envid = env.envid;
  q.eight_bit = env.body == "8BITMIME";
  for (std::size_t i = 0; i < env.rcpt_to.size(); ++i) {
    QueuedRecipient r;
    r.address = env.rcpt_to[i];
    if (i < env.rcpt_params.size()) {
      r.notify = env.rcpt_params[i].notify;
      r.orcpt = env.rcpt_params[i].orcpt;
    }
    q.rcpts.push_back(std::move(r));
  }
  if (info.proto == Protocol::Submission) stored += complete_submission(env_, host_, spec_.name, message, data);
  else stored += data;
  queue_.take(message, std::move(q), std::move(stored));
  return smtp::replies::message_accepted("M" + std::to_string(message));
}

}  // namespace mailsim
