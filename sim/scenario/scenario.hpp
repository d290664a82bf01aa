// Theory of operation: the scenario model.
//
// A scenario file (JSON) describes a world: hosts and their roles, DNS records, link
// latencies, faults, the scripted clients and the expectations checked after the run.
// load.cpp parses it (keeping the line and column of every value), validates every field
// and builds this model; any problem is reported as `file:line:col: what is wrong`.
// Nothing here is a canned server reply: servers answer from their own engines.
// The format is documented in scenarios/README.md.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "explain/catalog.hpp"
#include "message/compose.hpp"
#include "store/mailstore.hpp"

namespace mailsim {

struct SourcePos {
  std::string file;
  int line = 0;
  int col = 0;
  std::string format() const;  // "file:line:col"
};

struct ScenarioError {
  SourcePos pos;
  std::string message;
  std::string format() const;  // "file:line:col: message"
};

enum class Role : std::uint8_t { Mua, Msa, Mta, Mx, Mda };
std::string_view role_name(Role r);

struct HostSpec {
  std::string name;
  std::string address;
  std::vector<Role> roles;
  std::vector<std::string> domains;        // mail for these domains ends here (MX role)
  std::vector<std::string> backup_for;     // domains this host is a backup MX for
  std::vector<std::string> users;          // mailboxes (MDA role)
  std::string banner;                      // software text of the 220 greeting
  bool esmtp = true;                       // false: an RFC 821 host (server refuses EHLO, client says HELO)
  std::vector<std::string> relay_clients;  // hosts allowed to relay through this one
  std::string smarthost;                   // send all outgoing mail there instead of MX lookups
  SimTime retry_interval = 5 * kMinute;    // between delivery attempts of a queued message
  SimTime queue_lifetime = 5 * 24 * kHour; // then the message bounces
  SimTime delay_warning = 4 * kHour;       // NOTIFY=DELAY: a delay DSN once a message waited this long (0: never)
  MailboxFormat mailbox_format = MailboxFormat::Maildir;
  // SMTP/ESMTP (issue 3; see scenarios/README.md, "SMTP hosts"):
  std::optional<std::vector<std::string>> extensions;  // EHLO keywords; nullopt: the defaults
  std::vector<std::string> ehlo_extensions() const;    // `extensions`, or the defaults
  std::map<std::string, std::string> auth_users;      // user -> password (AUTH, CRAM-MD5 secret)
  bool require_auth = false;            // port 587 needs AUTH before MAIL (RFC 6409)
  bool require_tls_for_auth = false;    // AUTH before STARTTLS gets 538
  bool auth_plaintext_too_weak = false; // PLAIN/LOGIN get 534
  bool strict_syntax = false;           // "MAIL FROM: <...>" (a space after the colon) gets 501
  bool vrfy = false;                    // VRFY tells the truth (false: 252 for everyone)
  std::map<std::string, std::vector<std::string>> lists;  // mailing lists (EXPN, delivery)
  std::map<std::string, std::string> forwards;  // local user -> new address (251, forwarded)
  std::map<std::string, std::string> moved;     // local user -> new address (551, refused)
  std::vector<SimTime> retry;           // waits between attempts (the last one repeats); empty: retry_interval
  int max_hops = 100;                   // Received: fields before 554 5.4.6
  std::size_t max_recipients = 100;     // per transaction, then 452
  struct ReplyRule {
    std::string stage;                  // connect, helo, mail, rcpt, data, end_of_data
    int code = 0;
    std::string enhanced, text;
    std::vector<std::string> addresses; // empty: any
    int times = 0;                      // 0: always; else only the first N matches
    std::uint16_t port = 0;             // 0: any port
  };
  std::vector<ReplyRule> reply_rules;
  std::optional<std::pair<float, float>> position;  // GUI layout hint, 0..1 each
  // Retrieval (issue 5; see scenarios/README.md, "POP3 and IMAP"):
  std::vector<std::string> retrieval;           // "pop3" (port 110), "imap" (port 143); needs the mda role
  std::map<std::string, std::string> passwords; // user -> password for POP3/IMAP (else auth_users)
  bool apop = true;                             // the POP3 greeting offers APOP
  std::vector<std::string> folders;             // created in every user's mailbox besides INBOX (mda)
  std::map<std::string, std::uint64_t> quotas;  // user -> mailbox size limit in octets (mda)
  std::string mda_host;                         // LMTP (RFC 2033): final delivery of the domains on this host, port 24
  struct MdaRule {                              // what the MDA does with a user's mail (mail/mda_rules.cpp)
    std::string spam_folder;                    // X-Spam-Flag: YES or a spam word in the Subject: file it there
    std::vector<std::string> spam_words;
    bool vacation = false;                      // RFC 3834 autoreply
    std::string vacation_subject, vacation_text;
    SimTime vacation_every = 7 * 24 * kHour;    // at most one reply per sender in this time
  };
  std::map<std::string, MdaRule> mda_rules;     // user -> rule
  SourcePos pos;
  bool has(Role r) const;
};

struct DnsRecordSpec {
  std::string name;
  std::string type;  // "A" or "MX"
  int preference = 0;
  std::string value;  // address (A) or exchange (MX)
  SourcePos pos;
};

struct LinkSpec {
  std::string a, b;
  SimTime latency = 0;
  SourcePos pos;
};

struct FaultSpec {
  enum class Kind { HostDown, PortClosed, DnsFault, DropDuringData };
  Kind kind = Kind::HostDown;
  std::string target;        // host name, or DNS name for DnsFault
  std::uint16_t port = 0;    // PortClosed
  std::string dns_fault;     // "nxdomain", "servfail", "timeout"
  int times = 1;             // DropDuringData: how many DATA transfers to cut
  SimTime from = 0;
  std::optional<SimTime> until;
  SourcePos pos;
};

// A POP3 or IMAP session of a scripted client (issue 5): sim/world/retrieval.hpp plays it.
struct RetrievalScript {
  std::string mode;             // pop3: fetch_all, fetch_and_delete, raw; imap: actions, raw
  std::string user, password;
  bool apop = false;            // pop3: APOP instead of USER/PASS
  std::vector<std::string> lines;    // raw
  std::vector<SimTime> pauses;       // raw: wait before line i (0: at once)
  struct Step {                 // imap actions
    std::string kind;           // check_new, read, flag, move, search, expunge
    std::string mailbox = "INBOX", flag = "\\Flagged", target, criteria = "ALL";
    std::uint32_t uid = 0;
  };
  std::vector<Step> steps;
};

struct ClientAction {
  enum class Kind { Send, Raw, Pop3, Imap };
  Kind kind = Kind::Send;
  SimTime at = 0;
  std::string host;            // the MUA host acting
  std::string via;             // host to submit to ("" = the sender's own MTA)
  std::uint16_t port = 0;      // 0 = default (587 on an MSA, else 25)
  std::string mail_from;       // envelope sender
  std::vector<std::string> rcpt_to;
  MessageDescription message;  // the message to build (or an .eml file), typed at load
  std::vector<std::string> lines;  // Raw: command lines to send, one reply each
  // Send options (issue 3): SMTP client behaviour and DSN parameters.
  std::string auth_user, auth_password, auth_mechanism;
  bool starttls = false;
  bool pipelining = true, bdat = true, binary = false;
  std::size_t chunk_size = 0;
  std::string dsn_ret, dsn_envid;
  std::vector<std::string> dsn_notify, dsn_orcpt;  // one per recipient (or one for all)
  RetrievalScript retrieval;   // Pop3, Imap (the server is `via`)
  int count = 1;               // repeat the action
  SimTime interval = 0;        // between repeats
  SourcePos pos;
};

// One check made after the run (see scenarios/README.md), typed when the file loads.
struct Expectation {
  enum class Kind { delivered, server_line, reply, accepted, relayed, connect_failed, queued, bounced, dialogue, round_trips, balance };
  Kind kind = Kind::balance;
  std::string subject;          // delivered: the address; server_line: the prefix; accepted..queued: the host
  std::string folder = "INBOX"; // delivered
  std::string flag;             // delivered: count only messages with this system flag
  int reply = 0;                // reply: the code
  std::string from, to;         // server_line, reply: the hosts (lower case), empty for any
  std::int64_t count = -1;      // how many (-1: at least one); bounced: the number of bounces; round_trips: how many
  std::string client, server;   // dialogue, round_trips (lower case)
  std::optional<std::vector<std::string>> commands;  // dialogue: the verbs, in order
  std::optional<std::vector<int>> replies;           // dialogue: the final reply codes, in order
  SourcePos pos;
};

struct Scenario {
  std::string file;
  std::string name;
  std::string title;
  std::string description;
  std::string title_fr, description_fr;  // optional French versions ("" = none)
  // What a reader of LANG sees: the French title or description where written, else the English.
  const std::string& title_in(explain::Lang lang) const { return lang == explain::Lang::Fr && !title_fr.empty() ? title_fr : title; }
  const std::string& description_in(explain::Lang lang) const {
    return lang == explain::Lang::Fr && !description_fr.empty() ? description_fr : description;
  }
  std::uint64_t seed = 1;
  SimTime time_limit = 24 * kHour;
  SimTime default_latency = 5 * kMillisecond;
  std::int64_t epoch = 0;  // Unix time of simulated time 0 (Date: headers)
  bool auto_a_records = true;
  std::vector<HostSpec> hosts;
  std::vector<DnsRecordSpec> dns;
  std::vector<LinkSpec> links;
  std::vector<FaultSpec> faults;
  std::vector<ClientAction> clients;
  std::vector<Expectation> expectations;
  const HostSpec* find_host(const std::string& host_name) const;
};

struct LoadResult {
  std::optional<Scenario> scenario;
  std::vector<ScenarioError> errors;
  std::vector<ScenarioError> warnings;  // loads, but cannot work as written (scenario/contradictions.hpp)
};

LoadResult load_scenario_file(const std::string& path);
LoadResult load_scenario_text(const std::string& text, const std::string& file_name);

}  // namespace mailsim
