// The queue manager's delivery attempts: delivery attempts, next-hop choice (RFC 5321 section 5.1),
// retries on the host's schedule, and the decisions that end a recipient's stay.
//
// An attempt groups the pending recipients by domain. For each group the candidates are
// the smarthost if one is set, otherwise the MX records sorted by preference (equal
// preferences in seeded random order), keeping only those better than this host when it
// is itself listed, or the domain's own A record when it has no MX (implicit MX).
// NXDOMAIN bounces the group; SERVFAIL or a DNS timeout leaves it for the next attempt.
// Each candidate is tried in turn (A lookup, connect, SMTP client) until every recipient
// of the group is accepted (relayed), refused for good (5xx: bounced) or every candidate
// failed (4xx, refused connection, timeout, dropped connection): then the entry waits for
// its next retry, and bounces when the queue lifetime is over. The end of every attempt
// sends the DSNs it owes (reports.cpp): one for the recipients it bounced, and a delay
// notice for those that asked NOTIFY=DELAY once the message has waited long enough.
#include <algorithm>

#include "message/names.hpp"
#include "mail/queue.hpp"
#include "mail/environment.hpp"

namespace mailsim {

namespace {
// The Diagnostic-Code of a DSN: the reply as the remote server gave it.
std::string diagnostic_code(const smtp::Reply& reply) {
  return std::to_string(reply.code) + (reply.enhanced.empty() ? "" : " " + reply.enhanced) + " " + reply.text();
}
}  // namespace

struct QueueManager::Attempt {
  std::uint32_t entry_id = 0;
  std::vector<std::string> domains;
  std::size_t domain_index = 0;
  std::vector<QueuedRecipient> group;  // recipients of the current domain still to place
  std::vector<std::string> candidates;
  std::size_t candidate_index = 0;
  std::string last_error;       // why the recipients still pending wait, in words
  std::string last_status = "4.0.0", last_diagnostic;  // the same for a delay DSN (RFC 3463 code, reply)
  void fail(std::string error, std::string status, std::string diagnostic = "") {
    last_error = std::move(error);
    last_status = std::move(status);
    last_diagnostic = std::move(diagnostic);
  }
  bool lmtp = false;  // the group goes to the MDA host over LMTP (port 24), not to an MX
};

SimTime QueueManager::retry_wait(int attempts) const {
  if (spec_.retry.empty()) return spec_.retry_interval;
  const std::size_t i = static_cast<std::size_t>(std::max(attempts, 1) - 1);
  return spec_.retry[std::min(i, spec_.retry.size() - 1)];
}

void QueueManager::remove_pending(Entry& entry, const std::string& address) {
  entry.pending.erase(std::remove_if(entry.pending.begin(), entry.pending.end(),
                                     [&](const QueuedRecipient& r) { return r.address == address; }),
                      entry.pending.end());
}

void QueueManager::enqueue(Entry entry) {
  const std::uint32_t id = next_entry_++;
  auto& e = entries_.emplace(id, std::move(entry)).first->second;
  e.timer = env_.kernel().schedule_in(0, [this, id] { start_attempt(id); });
}

void QueueManager::start_attempt(std::uint32_t entry_id) {
  auto it = entries_.find(entry_id);
  if (it == entries_.end() || it->second.busy) return;
  Entry& entry = it->second;
  entry.busy = true;
  ++entry.attempts;
  auto attempt = std::make_shared<Attempt>();
  attempt->entry_id = entry_id;
  for (const auto& rcpt : entry.pending) {
    const std::string d = names::domain_of(rcpt.address);
    if (std::find(attempt->domains.begin(), attempt->domains.end(), d) == attempt->domains.end())
      attempt->domains.push_back(d);
  }
  if (entry.attempts > 1)
    env_.note(TraceKind::Decision, host_, entry.message, "queue run: attempt " + std::to_string(entry.attempts));
  next_group(attempt);
}

void QueueManager::next_group(const std::shared_ptr<Attempt>& attempt) {
  auto it = entries_.find(attempt->entry_id);
  if (it == entries_.end()) return;
  if (attempt->domain_index >= attempt->domains.size()) {
    finish_attempt(attempt);
    return;
  }
  const std::string& domain = attempt->domains[attempt->domain_index++];
  attempt->group.clear();
  for (const auto& rcpt : it->second.pending)
    if (names::domain_of(rcpt.address) == domain) attempt->group.push_back(rcpt);
  attempt->candidates.clear();
  attempt->candidate_index = 0;
  attempt->lmtp = !spec_.mda_host.empty() && is_local_domain(spec_, domain);
  if (attempt->lmtp) {  // final delivery by the separate MDA (RFC 2033)
    env_.note(TraceKind::Decision, host_, it->second.message, "final delivery for " + domain + ": LMTP to " + spec_.mda_host);
    attempt->candidates.push_back(spec_.mda_host);
    try_candidate(attempt);
    return;
  }
  if (!spec_.smarthost.empty()) {
    env_.note(TraceKind::Decision, host_, it->second.message, "next hop for " + domain + ": smarthost " + spec_.smarthost);
    attempt->candidates.push_back(spec_.smarthost);
    try_candidate(attempt);
    return;
  }
  resolve_group(attempt);
}

void QueueManager::resolve_group(const std::shared_ptr<Attempt>& attempt) {
  const std::string domain = attempt->domains[attempt->domain_index - 1];
  env_.dns().query_mx(env_.network().host(host_).ref, domain, [this, attempt, domain](const DnsAnswer& answer) {
    auto it = entries_.find(attempt->entry_id);
    if (it == entries_.end()) return;
    Entry& entry = it->second;
    switch (answer.status) {
      case DnsStatus::NxDomain:  // permanent: the domain does not exist
        env_.note(TraceKind::Decision, host_, entry.message, "domain " + domain + " does not exist (NXDOMAIN): permanent failure");
        for (const auto& rcpt : attempt->group) {
          remove_pending(entry, rcpt.address);
          bounce(entry, rcpt, "5.1.2", "", "", "domain " + domain + " does not exist (NXDOMAIN)");
        }
        next_group(attempt);
        return;
      case DnsStatus::ServFail:
      case DnsStatus::Timeout:  // temporary: try again later
        attempt->fail("DNS lookup of " + domain + " failed for now (" + std::string(dns_status_name(answer.status)) + ")", "4.4.3");
        env_.note(TraceKind::Decision, host_, entry.message, attempt->last_error + ": temporary failure, will retry");
        next_group(attempt);
        return;
      case DnsStatus::NoData:
        env_.note(TraceKind::Decision, host_, entry.message, "no MX for " + domain + ": implicit MX, the domain's own A record");
        attempt->candidates.push_back(domain);
        try_candidate(attempt);
        return;
      case DnsStatus::NoError: break;
    }
    // Sort by preference; equal preferences in random order (RFC 5321 section 5.1).
    std::vector<std::pair<MxRecord, std::uint64_t>> ranked;
    for (const auto& mx : answer.mx) ranked.push_back({mx, env_.kernel().random().next()});
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.first.preference != b.first.preference ? a.first.preference < b.first.preference : a.second < b.second;
    });
    int own_preference = INT32_MAX;
    for (const auto& [mx, tie] : ranked)
      if (names::iequals(mx.exchange, spec_.name)) own_preference = std::min(own_preference, mx.preference);
    std::string order;
    for (const auto& [mx, tie] : ranked) {
      if (mx.preference >= own_preference) continue;  // never relay to an MX not better than oneself
      attempt->candidates.push_back(mx.exchange);
      order += (order.empty() ? "" : ", ") + mx.exchange + " (" + std::to_string(mx.preference) + ")";
    }
    if (attempt->candidates.empty()) {
      attempt->fail("no MX of " + domain + " is better than this host (preference " + std::to_string(own_preference) + ")", "4.4.6");
      env_.note(TraceKind::Decision, host_, entry.message, attempt->last_error + ": keeping the message");
      next_group(attempt);
      return;
    }
    env_.note(TraceKind::Decision, host_, entry.message,
                "MX order for " + domain + ": " + order +
                    (own_preference != INT32_MAX ? " (only those better than this host's " + std::to_string(own_preference) + ")" : ""));
    try_candidate(attempt);
  });
}

void QueueManager::try_candidate(const std::shared_ptr<Attempt>& attempt) {
  if (entries_.find(attempt->entry_id) == entries_.end()) return;
  if (attempt->candidate_index >= attempt->candidates.size() || attempt->group.empty()) {
    next_group(attempt);
    return;
  }
  const std::string target = attempt->candidates[attempt->candidate_index++];
  env_.dns().query_a(env_.network().host(host_).ref, target, [this, attempt, target](const DnsAnswer& answer) {
    auto it = entries_.find(attempt->entry_id);
    if (it == entries_.end()) return;
    Entry& entry = it->second;
    const HostId server = answer.addresses.empty() ? kNoHostId : env_.network().find_host(answer.addresses.front());
    if (server == kNoHostId) {
      attempt->fail("no address for " + target + " (" + std::string(dns_status_name(answer.status)) + ")", "4.4.4");
      env_.note(TraceKind::Decision, host_, entry.message, attempt->last_error + ": trying the next host");
      try_candidate(attempt);
      return;
    }
    if (server == host_) {  // e.g. an implicit MX that is this very host, without the domain configured
      env_.note(TraceKind::Decision, host_, entry.message, "mail for " + target + " loops back to myself: permanent failure");
      for (const auto& rcpt : attempt->group) {
        remove_pending(entry, rcpt.address);
        bounce(entry, rcpt, "5.4.6", "", "", "mail for " + target + " loops back to myself");
      }
      attempt->group.clear();
      try_candidate(attempt);
      return;
    }
    smtp::Transaction t;
    t.mail_from = entry.env.mail_from;
    t.ret = entry.env.ret;
    t.envid = entry.env.envid;
    for (const auto& r : attempt->group) {
      t.rcpt_to.push_back(r.address);
      t.notify.push_back(r.notify);
      t.orcpt.push_back(r.orcpt);
    }
    t.data = entry.data;
    std::vector<smtp::Transaction> transactions;
    transactions.push_back(std::move(t));
    smtp::ClientOptions options;
    options.try_ehlo = spec_.esmtp;
    options.lmtp = attempt->lmtp;
    if (attempt->lmtp) options.use_chunking = false;
    auto client = std::make_unique<smtp::Client>(spec_.name, std::move(transactions), options);
    ClientCallbacks callbacks;
    callbacks.on_failed = [this, attempt, target](ConnectFailure failure) {
      attempt->fail(std::string(failure == ConnectFailure::Refused ? "connection refused by " : "connection timed out to ") + target,
                    "4.4.1");
      auto queued = entries_.find(attempt->entry_id);
      if (queued != entries_.end())
        env_.note(TraceKind::Decision, host_, queued->second.message, attempt->last_error + ": trying the next host");
      try_candidate(attempt);
    };
    callbacks.on_closed = [this, attempt](Engine& engine, const std::string&) {
      finish_group_host(attempt, static_cast<const smtp::Client*>(&engine));
    };
    const std::uint32_t conn =
        env_.network().connect(host_, server, attempt->lmtp ? 24 : 25, attempt->lmtp ? Protocol::Lmtp : Protocol::Smtp,
                                 std::move(client), std::move(callbacks));
    env_.ledger().carry(conn, {entry.message});
  });
}

void QueueManager::finish_group_host(const std::shared_ptr<Attempt>& attempt, const smtp::Client* client) {
  auto it = entries_.find(attempt->entry_id);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  const smtp::Transaction& t = client->transactions().front();
  const std::string& target = attempt->candidates[attempt->candidate_index - 1];
  const HostId peer = env_.network().find_host(target);
  if (t.downgraded)
    env_.note(TraceKind::Decision, host_, entry.message,
                target + " does not offer 8BITMIME: the 8-bit body was converted to 7 bits (quoted-printable/base64)", peer);
  std::vector<QueuedRecipient> still;
  for (std::size_t i = 0; i < attempt->group.size(); ++i) {
    const QueuedRecipient& rcpt = attempt->group[i];
    const smtp::Reply* refusal = nullptr;
    // LMTP: each recipient has its own reply after the data (RFC 2033 §4.2).
    const smtp::Reply& after_data = i < t.lmtp_replies.size() && t.lmtp_replies[i].code != 0 ? t.lmtp_replies[i] : t.final_reply;
    if (t.mail_reply.code != 0 && !t.mail_reply.positive()) refusal = &t.mail_reply;
    else if (i < t.rcpt_replies.size() && !t.rcpt_replies[i].positive()) refusal = &t.rcpt_replies[i];
    else if (t.data_reply.code != 0 && !t.data_reply.positive()) refusal = &t.data_reply;
    else if (after_data.code != 0 && !after_data.positive()) refusal = &after_data;
    if (after_data.code == 250 && !refusal) {
      env_.note_for(TraceKind::Relayed, host_, entry.message, rcpt.address, "<" + rcpt.address + "> accepted: " + after_data.summary(), peer);
      remove_pending(entry, rcpt.address);
      if (rcpt.notify.find("SUCCESS") != std::string::npos && !t.dsn_passed)  // RFC 3461 section 4.1
        notify_success(entry, rcpt, "relayed", target);
    } else if (refusal && refusal->permanent()) {
      remove_pending(entry, rcpt.address);
      const std::string status = refusal->enhanced.empty() ? "5.0.0" : refusal->enhanced;
      bounce(entry, rcpt, status, diagnostic_code(*refusal), target, "<" + rcpt.address + "> refused by " + target + ": " + refusal->summary());
    } else {
      if (refusal) attempt->fail(target + " said " + refusal->summary(), refusal->enhanced.empty() ? "4.0.0" : refusal->enhanced, diagnostic_code(*refusal));
      else attempt->fail(client->session_error(), "4.4.2");
      still.push_back(rcpt);
    }
  }
  attempt->group = std::move(still);
  if (!attempt->group.empty())
    env_.note(TraceKind::Decision, host_, entry.message,
                "temporary failure (" + attempt->last_error + "): " +
                    (attempt->candidate_index < attempt->candidates.size() ? "trying the next MX" : "no other MX to try"));
  try_candidate(attempt);
}

void QueueManager::finish_attempt(const std::shared_ptr<Attempt>& attempt) {
  auto it = entries_.find(attempt->entry_id);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  entry.busy = false;
  report_failures(entry);
  if (entry.pending.empty()) {
    entries_.erase(it);
    return;
  }
  const SimTime now = env_.kernel().now();
  const SimTime wait = retry_wait(entry.attempts);
  if (now + wait > entry.arrived + spec_.queue_lifetime) {
    env_.note(TraceKind::Decision, host_, entry.message,
                "queue lifetime (" + format_seconds(spec_.queue_lifetime) + " s) over after " + std::to_string(entry.attempts) +
                    " attempt(s): giving up");
    const std::vector<QueuedRecipient> pending = entry.pending;
    entry.pending.clear();
    for (const auto& rcpt : pending)
      bounce(entry, rcpt, "5.4.7", "", "", "delivery time expired: " + attempt->last_error);
    report_failures(entry);
    entries_.erase(attempt->entry_id);
    return;
  }
  report_delay(entry, attempt->last_status, attempt->last_diagnostic);
  const std::uint32_t id = attempt->entry_id;
  // The attempt's number is a field of the event (TraceEvent::failed_attempt), for readers
  // of the trace that count attempts (the window's queue inspector).
  env_.note(TraceKind::MessageQueued, host_, entry.message,
            "attempt " + std::to_string(entry.attempts) + " failed (" + attempt->last_error + "); next attempt at " +
                format_time(now + wait),
            kNoHostId, static_cast<std::int16_t>(std::min(entry.attempts, int{INT16_MAX})), addresses_of(entry.pending));
  entry.timer = env_.kernel().schedule_in(wait, [this, id] { start_attempt(id); });
}

}  // namespace mailsim
