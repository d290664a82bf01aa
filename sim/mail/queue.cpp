// The queue manager's intake: taking a message in, expanding lists and forwards, handing
// local recipients to local delivery, ETRN.
#include "mail/queue.hpp"

#include "mail/cleanup.hpp"
#include "mail/environment.hpp"
#include "mail/local.hpp"

namespace mailsim {

void QueueManager::submit_local(std::uint32_t message, QueuedEnvelope envelope, std::string_view data) {
  std::string text = "local submission from <" + envelope.mail_from + "> to";
  for (const auto& r : envelope.rcpts) text += " <" + r.address + ">";
  env_.note_for(TraceKind::MessageAccepted, host_, message, addresses_of(envelope.rcpts), text);
  take(message, std::move(envelope), complete_submission(env_, host_, spec_.name, message, data));
}

void QueueManager::take(std::uint32_t message, QueuedEnvelope envelope, std::string data) {
  note_headers(env_, host_, message, data);
  MessageLedger& ledger = env_.ledger();
  Entry entry;
  entry.message = message;
  entry.arrived = env_.kernel().now();
  entry.data = std::make_shared<const std::string>(std::move(data));
  // Expand lists and forwards of local users first (each member is a recipient of its own).
  std::vector<QueuedRecipient> rcpts;
  for (auto& r : envelope.rcpts) {
    if (!ledger.has_fate(message, r.address)) ledger.set_fate(message, r.address, RecipientFate::Queued);
    const std::string domain = names::domain_of(r.address);
    const std::string user = names::lower(names::local_part_of(r.address));
    if (is_local_domain(spec_, domain)) {
      if (auto it = spec_.lists.find(user); it != spec_.lists.end()) {
        ledger.set_fate(message, r.address, RecipientFate::Delivered);
        std::vector<std::string_view> expansion{r.address};  // the list, then its new members
        for (const auto& m : it->second) {
          if (ledger.has_fate(message, m)) continue;  // already a recipient
          ledger.set_fate(message, m, RecipientFate::Queued);
          rcpts.push_back(QueuedRecipient{m, r.notify, r.orcpt});
          expansion.push_back(m);
        }
        env_.note_for(TraceKind::Decision, host_, message, expansion,
                      "<" + r.address + "> is a mailing list: " + std::to_string(it->second.size()) + " member(s)");
        continue;
      }
      if (auto it = spec_.forwards.find(user); it != spec_.forwards.end()) {
        // The address forwarded ends here; the forward's is a recipient of its own.
        ledger.set_fate(message, r.address, RecipientFate::Delivered);
        const std::string_view expansion[] = {r.address, it->second};
        env_.note_for(TraceKind::Decision, host_, message, expansion, "<" + r.address + "> is forwarded to <" + it->second + ">");
        if (!ledger.has_fate(message, it->second)) ledger.set_fate(message, it->second, RecipientFate::Queued);
        r.address = it->second;
      }
    }
    rcpts.push_back(std::move(r));
  }
  envelope.rcpts.clear();
  entry.env = std::move(envelope);
  for (auto& r : rcpts) {
    const std::string domain = names::domain_of(r.address);
    if ((is_local_domain(spec_, domain) || (domain.empty() && names::lower(r.address) == "postmaster")) &&
        spec_.has(Role::Mda) && spec_.mda_host.empty())
      deliver_local(entry, r);
    else entry.pending.push_back(std::move(r));
  }
  report_failures(entry);
  if (entry.pending.empty()) return;
  std::string text = "for relaying to";  // the kind already says "queued"
  for (const auto& r : entry.pending) (text += " <") += r.address + ">";
  env_.note_for(TraceKind::MessageQueued, host_, message, addresses_of(entry.pending), text);
  enqueue(std::move(entry));
}

void QueueManager::deliver_local(Entry& entry, const QueuedRecipient& rcpt) {
  LocalDelivery::Outcome outcome = local_.deliver(entry.message, entry.env, *entry.data, rcpt);
  if (outcome.failure) {
    bounce(entry, rcpt, outcome.failure->status, outcome.failure->diagnostic, "", outcome.failure->why);
    return;
  }
  env_.ledger().set_fate(entry.message, rcpt.address, RecipientFate::Delivered);
  if (outcome.reply) submit_local(outcome.reply->message, std::move(outcome.reply->envelope), outcome.reply->text);
  if (rcpt.notify.find("SUCCESS") != std::string::npos) notify_success(entry, rcpt, "delivered", "");
}

int QueueManager::flush(const std::string& domain, bool subdomains) {
  int started = 0;
  for (auto& [id, entry] : entries_) {
    bool match = false;
    for (const auto& r : entry.pending) {
      const std::string d = names::domain_of(r.address);
      match = match || d == domain ||
              (subdomains && d.size() > domain.size() && d.compare(d.size() - domain.size() - 1, std::string::npos, "." + domain) == 0);
    }
    if (!match || entry.busy) continue;
    env_.kernel().cancel(entry.timer);
    const std::uint32_t entry_id = id;
    env_.kernel().schedule_in(0, [this, entry_id] { start_attempt(entry_id); });
    ++started;
  }
  return started;
}

}  // namespace mailsim
