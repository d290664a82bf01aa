// Delivery status notifications sent by the queue manager (RFC 3461, RFC 3464).
//
// A recipient that fails for good is recorded by bounce(): its fate becomes Bounced and,
// unless the reverse-path is <> (a bounce is never bounced, RFC 5321 section 4.5.5) or it
// asked NOTIFY without FAILURE, it joins the entry's unreported list. report_failures()
// turns that list into one DSN per message: called when local delivery of a new message
// is done and at the end of each delivery attempt, so recipients refused by the same MX
// in one transaction, or expired together, share one notice, as Postfix and Sendmail do.
// A recipient that asked NOTIFY=DELAY gets one "delayed" DSN once its message has waited
// the host's delay_warning; NOTIFY=SUCCESS gets a "delivered" or "relayed" DSN at once.
// Every report is a message of its own, sent with MAIL FROM:<> to the reverse-path.
#include "mail/queue.hpp"
#include "mail/environment.hpp"

namespace mailsim {

namespace {
bool asked(const QueuedRecipient& rcpt, std::string_view what) { return rcpt.notify.find(what) != std::string::npos; }

std::string address_list(const std::vector<DsnRecipient>& recipients) {
  std::string out;
  for (const auto& r : recipients) out += (out.empty() ? "<" : ", <") + r.final_recipient + ">";
  return out;
}
}  // namespace

void QueueManager::bounce(Entry& entry, const QueuedRecipient& rcpt, const std::string& status,
                      const std::string& diagnostic, const std::string& remote, const std::string& why) {
  env_.ledger().set_fate(entry.message, rcpt.address, RecipientFate::Bounced);
  std::string outcome;
  if (entry.env.mail_from.empty()) {
    outcome = "the reverse-path is <>: a bounce is never bounced, discarded";
  } else if (!rcpt.notify.empty() && !asked(rcpt, "FAILURE")) {
    outcome = "NOTIFY=" + rcpt.notify + ": no DSN sent";
  } else {
    outcome = "to be reported to <" + entry.env.mail_from + ">";
    entry.unreported.push_back(DsnRecipient{rcpt.address, rcpt.orcpt, "failed", status, remote, diagnostic});
  }
  env_.note_for(TraceKind::Bounced, host_, entry.message, rcpt.address, "<" + rcpt.address + "> failed (" + why + "); " + outcome);
}

void QueueManager::report_failures(Entry& entry) {
  if (entry.unreported.empty()) return;
  DsnInput in = report_on(entry, entry.env.ret == "HDRS");
  in.recipients = std::move(entry.unreported);
  entry.unreported.clear();
  const std::string what = "failed: " + address_list(in.recipients);
  send_report(entry.message, std::move(in), what);
}

void QueueManager::report_delay(Entry& entry, const std::string& status, const std::string& diagnostic) {
  if (entry.delay_reported || spec_.delay_warning <= 0 || entry.env.mail_from.empty()) return;
  if (env_.kernel().now() - entry.arrived < spec_.delay_warning) return;
  DsnInput in = report_on(entry, true);  // a delay notice returns the header only
  for (const auto& rcpt : entry.pending)
    if (asked(rcpt, "DELAY")) in.recipients.push_back(DsnRecipient{rcpt.address, rcpt.orcpt, "delayed", status, "", diagnostic});
  if (in.recipients.empty()) return;
  entry.delay_reported = true;
  const std::string what = "delayed, NOTIFY=DELAY: " + address_list(in.recipients);
  send_report(entry.message, std::move(in), what);
}

void QueueManager::notify_success(const Entry& entry, const QueuedRecipient& rcpt, const std::string& action,
                              const std::string& remote) {
  if (entry.env.mail_from.empty()) return;
  DsnInput in = report_on(entry, entry.env.ret != "FULL");  // a success DSN returns the header unless RET=FULL
  in.recipients.push_back(DsnRecipient{rcpt.address, rcpt.orcpt, action, "2.0.0", remote, ""});
  const std::string what = action + ", NOTIFY=SUCCESS: <" + rcpt.address + ">";
  send_report(entry.message, std::move(in), what);
}

DsnInput QueueManager::report_on(const Entry& entry, bool headers_only) const {
  DsnInput in;
  in.reporting_mta = spec_.name;
  in.sender = entry.env.mail_from;
  in.envid = entry.env.envid;
  in.headers_only = headers_only;
  in.arrival_unix = env_.scenario().epoch + entry.arrived / kSecond;
  in.original = *entry.data;
  return in;
}

void QueueManager::send_report(std::uint32_t message, DsnInput in, const std::string& what) {
  in.dsn_message = env_.ledger().new_message_id();
  in.now_unix = env_.unix_now();
  env_.note(TraceKind::Note, host_, in.dsn_message,
              "DSN (" + what + ") for " + message_label(message) + " to <" + in.sender + ">, sent with MAIL FROM:<>");
  // The host takes its own report in, as any message (the balance counts its recipient).
  env_.note_for(TraceKind::MessageAccepted, host_, in.dsn_message, in.sender, "DSN from <> to <" + in.sender + ">");
  QueuedEnvelope env;
  env.rcpts.push_back(QueuedRecipient{in.sender, "", ""});
  const std::uint32_t id = in.dsn_message;
  take(id, std::move(env), build_dsn(in));
}

}  // namespace mailsim
