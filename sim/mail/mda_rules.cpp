// The MDA's per-user rules (scenario host field "mda_rules"), applied by local delivery:
//  - spam: a message marked "X-Spam-Flag: YES" (as SpamAssassin marks it upstream) or
//    whose Subject contains one of the user's spam words (compared in any case, É as é)
//    is filed in the spam folder (created if missing) instead of INBOX;
//  - vacation: an automatic reply per RFC 3834, sent from the user's address to the
//    envelope sender with a null reverse-path (MAIL FROM:<>, §3.3), "Auto-Submitted:
//    auto-replied" and In-Reply-To/References. It is never sent to a null or
//    MAILER-DAEMON/owner-/-request sender, for a message that is itself auto-submitted
//    or bulk/list mail (Precedence, List-Id), for spam, for a message whose To and Cc do
//    not name the user (a Bcc copy, a list), nor more than once per sender within the
//    rule's period (§2). Each decision is written to the trace.
#include <algorithm>

#include "core/time.hpp"
#include "message/names.hpp"
#include "message/charset.hpp"
#include "message/encoded_word.hpp"
#include "message/address.hpp"
#include "message/header.hpp"
#include "mail/environment.hpp"
#include "mail/local.hpp"

namespace mailsim {

namespace {
const HostSpec::MdaRule* rule_of(const HostSpec& spec, const std::string& user) {
  auto it = spec.mda_rules.find(user);
  return it == spec.mda_rules.end() ? nullptr : &it->second;
}

std::string field(const message::HeaderSection& h, const char* name) {
  const message::HeaderField* f = h.find(name);
  return f ? f->value : std::string();
}

message::HeaderSection header_of(const std::string& data) {
  message::Diagnostics ignored;
  return message::parse_header_section(data, ignored);
}

bool is_spam(const HostSpec::MdaRule& rule, const message::HeaderSection& h) {
  if (names::iequals(field(h, "X-Spam-Flag"), "YES")) return true;
  const std::string subject = message::fold_case(message::decode_header_text(field(h, "Subject")));  // RFC 2047 words decoded
  return std::any_of(rule.spam_words.begin(), rule.spam_words.end(), [&](const std::string& w) {
    return !w.empty() && subject.find(message::fold_case(w)) != std::string::npos;
  });
}

// RFC 3834 §2: why no automatic reply goes to this message ("" when one may).
std::string no_reply_because(const std::string& sender, const message::HeaderSection& h) {
  const std::string local = names::lower(names::local_part_of(sender));
  if (sender.empty()) return "the reverse-path is null";
  if (local == "mailer-daemon" || local.rfind("owner-", 0) == 0 ||
      (local.size() > 8 && local.compare(local.size() - 8, 8, "-request") == 0))
    return "the sender " + sender + " is a mail system or list address";
  const std::string auto_submitted = names::lower(field(h, "Auto-Submitted"));
  if (!auto_submitted.empty() && auto_submitted != "no") return "the message is Auto-Submitted: " + auto_submitted;
  const std::string precedence = names::lower(field(h, "Precedence"));
  if (precedence == "bulk" || precedence == "list" || precedence == "junk") return "the message has Precedence: " + precedence;
  if (h.find("List-Id")) return "the message comes from a mailing list (List-Id)";
  return "";
}

// RFC 3834 §2: reply only when the user is named in To or Cc, not when the message came by
// Bcc, through a list or an alias.
bool names_user(const message::HeaderSection& h, const std::string& user, const std::vector<std::string>& domains) {
  for (const char* name : {"To", "Cc"})
    for (const message::HeaderField* f : h.find_all(name))
      for (const auto& address : message::parse_address_list(f->value).addresses)
        for (const auto& box : address.mailboxes)
          if (names::iequals(box.local_part, user) &&
              std::any_of(domains.begin(), domains.end(), [&](const std::string& d) { return names::iequals(box.domain, d); }))
            return true;
  return false;
}
}  // namespace

std::string LocalDelivery::rule_folder(const std::string& user, const std::string& data) {
  const HostSpec::MdaRule* rule = rule_of(spec_, user);
  if (!rule || rule->spam_folder.empty() || !is_spam(*rule, header_of(data))) return "INBOX";
  return rule->spam_folder;
}

std::optional<LocalDelivery::AutoReply> LocalDelivery::vacation(std::uint32_t message, const std::string& user,
                                                                const QueuedEnvelope& env, const std::string& data) {
  const HostSpec::MdaRule* rule = rule_of(spec_, user);
  if (!rule || !rule->vacation) return std::nullopt;
  const message::HeaderSection h = header_of(data);
  std::string why = no_reply_because(env.mail_from, h);
  if (why.empty() && !rule->spam_folder.empty() && is_spam(*rule, h)) why = "the message was filed as spam";
  std::vector<std::string> own_domains = spec_.domains;
  own_domains.push_back(spec_.name);
  if (why.empty() && !names_user(h, user, own_domains))
    why = "To and Cc do not name " + user + " (a Bcc copy, a list or an alias)";
  const auto key = std::make_pair(user, names::lower(env.mail_from));
  const SimTime now = env_.kernel().now();
  if (why.empty())
    if (auto it = vacation_sent_.find(key); it != vacation_sent_.end() && now - it->second < rule->vacation_every)
      why = env.mail_from + " already got one at " + format_time(it->second) + " s";
  if (!why.empty()) {
    env_.note(TraceKind::Decision, host_, message, "vacation of " + user + ": no automatic reply, " + why);
    return std::nullopt;
  }
  vacation_sent_[key] = now;
  const std::string domain = spec_.domains.empty() ? spec_.name : spec_.domains.front();
  const std::uint32_t reply = env_.ledger().new_message_id();
  const std::string original_id = field(h, "Message-ID");
  // The original Subject is kept as written (encoded words and all); a configured one is
  // UTF-8 text, encoded as RFC 2047 words when it is not ASCII.
  const std::string subject = rule->vacation_subject.empty() ? "Auto: " + field(h, "Subject")
                                                             : message::encode_header_text(rule->vacation_subject);
  std::string text = "From: " + user + "@" + domain + "\r\nTo: <" + env.mail_from + ">\r\nSubject: " + subject + "\r\n";
  text += "Date: " + format_rfc5322_date(env_.unix_now()) + "\r\n";
  text += "Message-ID: <M" + std::to_string(reply) + ".vacation@" + spec_.name + ">\r\n";
  if (!original_id.empty()) text += "In-Reply-To: " + original_id + "\r\nReferences: " + original_id + "\r\n";
  text += "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n";
  for (std::size_t start = 0; start < rule->vacation_text.size();) {  // LF -> CRLF
    const std::size_t lf = rule->vacation_text.find('\n', start);
    text += rule->vacation_text.substr(start, lf - start) + "\r\n";
    start = lf == std::string::npos ? rule->vacation_text.size() : lf + 1;
  }
  env_.note(TraceKind::Decision, host_, message,
              "vacation of " + user + ": automatic reply " + message_label(reply) + " to <" + env.mail_from + "> (RFC 3834)");
  AutoReply out{reply, {}, std::move(text)};
  out.envelope.rcpts.push_back(QueuedRecipient{env.mail_from, "NEVER", ""});
  return out;
}

}  // namespace mailsim
