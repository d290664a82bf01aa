#include "mail/node.hpp"

#include <algorithm>
#include <cctype>

#include "world/world.hpp"

namespace mailsim {

namespace {
std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
// The domain of an address: after the last '@' (lower-cased: domains ignore case).
std::string domain_of(const std::string& address) {
  const std::size_t at = address.rfind('@');
  return at == std::string::npos ? std::string() : lower(address.substr(at + 1));
}
std::string local_part_of(const std::string& address) {
  const std::size_t at = address.rfind('@');
  return at == std::string::npos ? address : address.substr(0, at);
}
bool contains(const std::vector<std::string>& list, const std::string& name) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& x) { return lower(x) == lower(name); });
}
}  // namespace

// The engine's policy for one connection.
class MailNode::Session : public smtp::ServerPolicy {
 public:
  Session(MailNode& node, ConnectionInfo info) : node_(node), info_(info) {}
  smtp::Reply check_mail(const smtp::Envelope&, const std::string& path) override {
    return smtp::replies::sender_ok(path);
  }
  smtp::Reply check_rcpt(const smtp::Envelope&, const std::string& path) override {
    return node_.check_rcpt(info_, path);
  }
  smtp::Reply accept_message(const smtp::Envelope& env, std::string data) override {
    return node_.accept(info_, env, std::move(data), transactions_++);
  }

 private:
  MailNode& node_;
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

struct MailNode::Attempt {
  std::uint32_t entry_id = 0;
  std::vector<std::string> domains;
  std::size_t domain_index = 0;
  std::vector<std::string> group;  // recipients of the current domain still to place
  std::vector<std::string> candidates;
  std::size_t candidate_index = 0;
  std::string last_error;
};

MailNode::MailNode(World& world, HostId host, const HostSpec& spec) : world_(world), host_(host), spec_(spec) {}
MailNode::~MailNode() = default;

std::unique_ptr<Engine> MailNode::accept_smtp(const ConnectionInfo& info) {
  smtp::ServerConfig config;
  config.hostname = spec_.name;
  config.banner = spec_.banner.empty() ? "ESMTP mailsim" : spec_.banner;
  config.esmtp = spec_.esmtp;
  return std::make_unique<SmtpServerSession>(std::move(config), std::make_unique<Session>(*this, info));
}

bool MailNode::is_local_domain(const std::string& domain) const { return contains(spec_.domains, domain); }
bool MailNode::is_backup_for(const std::string& domain) const { return contains(spec_.backup_for, domain); }

bool MailNode::may_relay(HostId client) const {
  if (client == host_) return true;
  const HostSpec* peer = world_.scenario().find_host(world_.network().host(client).name);
  if (spec_.has(Role::Msa) && peer && peer->has(Role::Mua)) return true;
  return contains(spec_.relay_clients, world_.network().host(client).name);
}

smtp::Reply MailNode::check_rcpt(const ConnectionInfo& info, const std::string& rcpt) const {
  const std::string domain = domain_of(rcpt);
  if (domain.empty() && lower(rcpt) == "postmaster") return smtp::replies::recipient_ok(rcpt);
  if (is_local_domain(domain)) {
    const Mailstore* store = world_.mailstore(spec_.name);
    if (store && store->find(local_part_of(rcpt))) return smtp::replies::recipient_ok(rcpt);
    return smtp::replies::mailbox_unavailable(rcpt, "User unknown");
  }
  if (is_backup_for(domain) || may_relay(info.client)) return smtp::replies::recipient_ok(rcpt);
  return smtp::replies::relay_denied(rcpt);
}

smtp::Reply MailNode::accept(const ConnectionInfo& info, const smtp::Envelope& env, std::string data,
                             std::size_t transaction) {
  std::uint32_t message = world_.carried_message(info.id, transaction);
  if (message == 0) message = world_.new_message_id();
  const Host& client = world_.network().host(info.client);
  std::string received = "Received: from " + env.helo + " (" + client.name + " [" + client.address + "])\r\n\tby " +
                         spec_.name + " with " + (env.esmtp ? "ESMTP" : "SMTP") + " id M" + std::to_string(message);
  if (env.rcpt_to.size() == 1) received += "\r\n\tfor <" + env.rcpt_to.front() + ">";
  received += "; " + format_rfc5322_date(world_.unix_now()) + "\r\n";
  std::string text = "from <" + env.mail_from + "> to";
  for (const auto& r : env.rcpt_to) text += " <" + r + ">";
  world_.note(TraceKind::MessageAccepted, host_, message, text, info.client);
  take(message, env.mail_from, env.rcpt_to, received + data);
  return smtp::replies::message_accepted("M" + std::to_string(message));
}

void MailNode::submit_local(std::uint32_t message, const std::string& mail_from,
                            const std::vector<std::string>& rcpt_to, std::string data) {
  std::string text = "local submission from <" + mail_from + "> to";
  for (const auto& r : rcpt_to) text += " <" + r + ">";
  world_.note(TraceKind::MessageAccepted, host_, message, text);
  take(message, mail_from, rcpt_to, std::move(data));
}

void MailNode::take(std::uint32_t message, const std::string& mail_from, const std::vector<std::string>& rcpts,
                    std::string data) {
  {
    const std::size_t end = data.find("\r\n\r\n");
    world_.note(TraceKind::Headers, host_, message, data.substr(0, end == std::string::npos ? data.size() : end + 2));
  }
  QueueEntry entry;
  entry.message = message;
  entry.mail_from = mail_from;
  entry.arrived = world_.kernel().now();
  for (const auto& rcpt : rcpts) {
    if (!world_.fates().count({message, rcpt})) world_.set_fate(message, rcpt, RecipientFate::Queued);
    const std::string domain = domain_of(rcpt);
    if (is_local_domain(domain) && spec_.has(Role::Mda)) {
      Mailstore* store = world_.mailstore(spec_.name);
      const std::string user = local_part_of(rcpt);
      auto stored = std::make_shared<const std::string>("Return-Path: <" + mail_from + ">\r\n" + data);
      store->deliver(user, "INBOX", std::move(stored), message, world_.kernel().now());
      world_.note(TraceKind::Delivered, host_, message, user + " INBOX");
      world_.set_fate(message, rcpt, RecipientFate::Delivered);
    } else {
      entry.pending.push_back(rcpt);
    }
  }
  if (entry.pending.empty()) return;
  entry.data = std::make_shared<const std::string>(std::move(data));
  const std::uint32_t id = next_entry_++;
  queue_.emplace(id, std::move(entry));
  world_.note(TraceKind::MessageQueued, host_, message, "queued for relaying");
  world_.kernel().schedule_in(0, [this, id] { start_attempt(id); });
}

void MailNode::start_attempt(std::uint32_t entry_id) {
  auto it = queue_.find(entry_id);
  if (it == queue_.end()) return;
  QueueEntry& entry = it->second;
  ++entry.attempts;
  auto attempt = std::make_shared<Attempt>();
  attempt->entry_id = entry_id;
  for (const auto& rcpt : entry.pending) {
    const std::string d = domain_of(rcpt);
    if (std::find(attempt->domains.begin(), attempt->domains.end(), d) == attempt->domains.end())
      attempt->domains.push_back(d);
  }
  next_group(attempt);
}

void MailNode::next_group(const std::shared_ptr<Attempt>& attempt) {
  auto it = queue_.find(attempt->entry_id);
  if (it == queue_.end()) return;
  if (attempt->domain_index >= attempt->domains.size()) {
    finish_attempt(attempt);
    return;
  }
  const std::string& domain = attempt->domains[attempt->domain_index++];
  attempt->group.clear();
  for (const auto& rcpt : it->second.pending)
    if (domain_of(rcpt) == domain) attempt->group.push_back(rcpt);
  attempt->candidates.clear();
  attempt->candidate_index = 0;
  if (!spec_.smarthost.empty()) {
    world_.note(TraceKind::Decision, host_, it->second.message, "next hop for " + domain + ": smarthost " + spec_.smarthost);
    attempt->candidates.push_back(spec_.smarthost);
    try_candidate(attempt);
    return;
  }
  resolve_group(attempt);
}

void MailNode::resolve_group(const std::shared_ptr<Attempt>& attempt) {
  const std::string domain = attempt->domains[attempt->domain_index - 1];
  world_.dns().query_mx(world_.network().host(host_).ref, domain, [this, attempt, domain](const DnsAnswer& answer) {
    auto it = queue_.find(attempt->entry_id);
    if (it == queue_.end()) return;
    const std::uint32_t message = it->second.message;
    switch (answer.status) {
      case DnsStatus::NxDomain:
        for (const auto& rcpt : attempt->group) bounce(message, rcpt, "domain " + domain + " does not exist (NXDOMAIN)");
        next_group(attempt);
        return;
      case DnsStatus::ServFail:
      case DnsStatus::Timeout:
        attempt->last_error = "DNS lookup of " + domain + " failed for now (" + std::string(dns_status_name(answer.status)) + ")";
        world_.note(TraceKind::Decision, host_, message, attempt->last_error + ": will retry");
        next_group(attempt);
        return;
      case DnsStatus::NoData:
        world_.note(TraceKind::Decision, host_, message, "no MX for " + domain + ": implicit MX, the domain's own A record");
        attempt->candidates.push_back(domain);
        try_candidate(attempt);
        return;
      case DnsStatus::NoError: break;
    }
    // Sort by preference; equal preferences in random order (RFC 5321 section 5.1).
    std::vector<std::pair<MxRecord, std::uint64_t>> ranked;
    for (const auto& mx : answer.mx) ranked.push_back({mx, world_.kernel().random().next()});
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.first.preference != b.first.preference ? a.first.preference < b.first.preference : a.second < b.second;
    });
    int own_preference = INT32_MAX;
    for (const auto& [mx, tie] : ranked)
      if (lower(mx.exchange) == lower(spec_.name)) own_preference = std::min(own_preference, mx.preference);
    std::string order;
    for (const auto& [mx, tie] : ranked) {
      if (mx.preference >= own_preference) continue;  // never relay to an MX not better than oneself
      attempt->candidates.push_back(mx.exchange);
      order += (order.empty() ? "" : ", ") + mx.exchange + " (" + std::to_string(mx.preference) + ")";
    }
    if (attempt->candidates.empty()) {
      attempt->last_error = "no MX of " + domain + " is better than this host";
      world_.note(TraceKind::Decision, host_, message, attempt->last_error + ": keeping the message");
      next_group(attempt);
      return;
    }
    world_.note(TraceKind::Decision, host_, message, "MX order for " + domain + ": " + order);
    try_candidate(attempt);
  });
}

void MailNode::try_candidate(const std::shared_ptr<Attempt>& attempt) {
  auto it = queue_.find(attempt->entry_id);
  if (it == queue_.end()) return;
  if (attempt->candidate_index >= attempt->candidates.size() || attempt->group.empty()) {
    next_group(attempt);
    return;
  }
  const std::string target = attempt->candidates[attempt->candidate_index++];
  world_.dns().query_a(world_.network().host(host_).ref, target, [this, attempt, target](const DnsAnswer& answer) {
    auto it = queue_.find(attempt->entry_id);
    if (it == queue_.end()) return;
    QueueEntry& entry = it->second;
    const HostId server = answer.addresses.empty() ? kNoHostId : world_.network().find_host(answer.addresses.front());
    if (server == kNoHostId) {
      attempt->last_error = "no address for " + target + " (" + std::string(dns_status_name(answer.status)) + ")";
      world_.note(TraceKind::Decision, host_, entry.message, attempt->last_error + ": trying the next host");
      try_candidate(attempt);
      return;
    }
    smtp::Transaction t;
    t.mail_from = entry.mail_from;
    t.rcpt_to = attempt->group;
    t.data = entry.data;
    std::vector<smtp::Transaction> transactions;
    transactions.push_back(std::move(t));
    smtp::ClientOptions options;
    options.try_ehlo = spec_.esmtp;
    auto client = std::make_unique<smtp::Client>(spec_.name, std::move(transactions), options);
    ClientCallbacks callbacks;
    callbacks.on_failed = [this, attempt, target](ConnectFailure failure) {
      attempt->last_error = std::string(failure == ConnectFailure::Refused ? "connection refused by " : "connection timed out to ") + target;
      auto it = queue_.find(attempt->entry_id);
      if (it != queue_.end()) world_.note(TraceKind::Decision, host_, it->second.message, attempt->last_error + ": trying the next host");
      try_candidate(attempt);
    };
    callbacks.on_closed = [this, attempt](Engine& engine, const std::string&) {
      finish_group_host(attempt, static_cast<const smtp::Client*>(&engine));
    };
    const std::uint32_t conn = world_.network().connect(host_, server, 25, Protocol::Smtp, std::move(client), std::move(callbacks));
    world_.carry(conn, {entry.message});
  });
}

void MailNode::finish_group_host(const std::shared_ptr<Attempt>& attempt, const smtp::Client* client) {
  auto it = queue_.find(attempt->entry_id);
  if (it == queue_.end()) return;
  QueueEntry& entry = it->second;
  const smtp::Transaction& t = client->transactions().front();
  std::vector<std::string> still;
  const HostId peer = world_.network().find_host(attempt->candidates[attempt->candidate_index - 1]);
  for (std::size_t i = 0; i < t.rcpt_to.size(); ++i) {
    const std::string& rcpt = t.rcpt_to[i];
    const smtp::Reply* refusal = nullptr;
    if (t.mail_reply.code != 0 && !t.mail_reply.positive()) refusal = &t.mail_reply;
    else if (i < t.rcpt_replies.size() && !t.rcpt_replies[i].positive()) refusal = &t.rcpt_replies[i];
    else if (t.data_reply.code != 0 && !t.data_reply.positive()) refusal = &t.data_reply;
    else if (t.final_reply.code != 0 && !t.final_reply.positive()) refusal = &t.final_reply;
    if (t.delivered() && !refusal) {
      world_.note(TraceKind::Relayed, host_, entry.message, "<" + rcpt + "> accepted: " + t.final_reply.summary(), peer);
      entry.pending.erase(std::remove(entry.pending.begin(), entry.pending.end(), rcpt), entry.pending.end());
    } else if (refusal && refusal->permanent()) {
      bounce(entry.message, rcpt, "<" + rcpt + "> refused: " + refusal->summary());
      entry.pending.erase(std::remove(entry.pending.begin(), entry.pending.end(), rcpt), entry.pending.end());
    } else {
      attempt->last_error = refusal ? refusal->summary() : client->session_error();
      still.push_back(rcpt);
    }
  }
  attempt->group = std::move(still);
  if (!attempt->group.empty())
    world_.note(TraceKind::Decision, host_, entry.message, "temporary failure (" + attempt->last_error + "): trying the next host");
  try_candidate(attempt);
}

void MailNode::finish_attempt(const std::shared_ptr<Attempt>& attempt) {
  auto it = queue_.find(attempt->entry_id);
  if (it == queue_.end()) return;
  QueueEntry& entry = it->second;
  if (entry.pending.empty()) {
    queue_.erase(it);
    return;
  }
  const SimTime now = world_.kernel().now();
  if (now + spec_.retry_interval > entry.arrived + spec_.queue_lifetime) {
    for (const auto& rcpt : entry.pending) bounce(entry.message, rcpt, "queue lifetime exceeded: " + attempt->last_error);
    queue_.erase(it);
    return;
  }
  const std::uint32_t id = attempt->entry_id;
  world_.note(TraceKind::MessageQueued, host_, entry.message,
              "attempt " + std::to_string(entry.attempts) + " failed (" + attempt->last_error + "); next attempt at " +
                  format_time(now + spec_.retry_interval));
  world_.kernel().schedule_in(spec_.retry_interval, [this, id] { start_attempt(id); });
}

void MailNode::bounce(std::uint32_t message, const std::string& rcpt, const std::string& why) {
  world_.note(TraceKind::Bounced, host_, message, why);
  world_.set_fate(message, rcpt, RecipientFate::Bounced);
}

}  // namespace mailsim
