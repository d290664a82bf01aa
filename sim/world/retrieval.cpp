#include "world/retrieval.hpp"

#include "imap/client.hpp"
#include "imap/server.hpp"
#include "pop3/client.hpp"
#include "pop3/server.hpp"
#include "world/world.hpp"

namespace mailsim {

namespace {
bool offers(const HostSpec& spec, const char* proto) {
  return std::find(spec.retrieval.begin(), spec.retrieval.end(), proto) != spec.retrieval.end();
}

imap::ClientAction imap_action(const RetrievalScript::Step& step) {
  using K = imap::ClientAction::Kind;
  imap::ClientAction a;
  a.kind = step.kind == "check_new" ? K::CheckNew
           : step.kind == "read"    ? K::Read
           : step.kind == "flag"    ? K::Flag
           : step.kind == "move"    ? K::Move
           : step.kind == "search"  ? K::Search
                                    : K::Expunge;
  a.mailbox = step.mailbox;
  a.uid = step.uid;
  a.flag = step.flag;
  a.target = step.target;
  a.criteria = step.criteria;
  return a;
}

// "3 message(s) retrieved, ok" / "... : -ERR [IN-USE] ..." for the client's trace note. A
// session typed by hand counts nothing (its RETR/FETCH are the student's lines, not the client's).
std::string outcome(bool raw, bool finished, const std::string& error, std::size_t retrieved) {
  std::string s = raw ? "hand-typed session" : std::to_string(retrieved) + " message(s) retrieved";
  if (!error.empty()) return s + ", first error: " + error;
  return s + (finished ? ", ok" : ", did not finish");
}
}  // namespace

void Retrieval::serve(HostId host, const HostSpec& spec, Mailstore& store) {
  if (spec.retrieval.empty()) return;
  auto table = std::make_unique<CredentialTable>(spec.auth_users);
  for (const auto& [user, password] : spec.passwords) table->set(user, password);
  const Credentials& credentials = *table;
  credentials_[host] = std::move(table);
  // STARTTLS (STLS) only where it can be had: in the simulation where the host offers TLS
  // (its EHLO lists STARTTLS), as a client that sees it advertised may insist on it; on a
  // live client's socket always, for real; not on an implicit-TLS port, already in TLS.
  const auto extensions = spec.ehlo_extensions();
  const bool host_offers_tls = std::find(extensions.begin(), extensions.end(), "STARTTLS") != extensions.end();
  const auto offer_tls = [host_offers_tls](const ConnectionInfo& info) {
    return info.tls == TlsTransport::Starttls || (info.tls == TlsTransport::Simulated && host_offers_tls);
  };
  if (offers(spec, "pop3")) {
    pop3::Settings settings;
    settings.host_name = spec.name;
    settings.allow_apop = spec.apop;
    pop3::Maildrop& maildrop = *(maildrops_[host] = std::make_unique<pop3::StoreMaildrop>(store));
    world_.network().listen(host, 110, Protocol::Pop3,
                            [this, &maildrop, &credentials, settings, offer_tls](const ConnectionInfo& info) {
                              pop3::Settings session = settings;
                              session.offer_stls = offer_tls(info);
                              session.real_tls = info.tls != TlsTransport::Simulated;
                              session.tls_from_start = info.tls == TlsTransport::Implicit;
                              return std::make_unique<pop3::Server>(maildrop, credentials, session, ++sessions_);
                            });
  }
  if (offers(spec, "imap")) {
    imap::Settings settings;
    settings.host_name = spec.name;
    imap::Mailboxes& mailboxes = *(mailboxes_[host] = std::make_unique<imap::StoreMailboxes>(store));
    world_.network().listen(host, 143, Protocol::Imap,
                            [&mailboxes, &credentials, settings, offer_tls](const ConnectionInfo& info) {
                              imap::Settings session = settings;
                              session.offer_starttls = offer_tls(info);
                              session.real_tls = info.tls != TlsTransport::Simulated;
                              session.tls_from_start = info.tls == TlsTransport::Implicit;
                              return std::make_unique<imap::Server>(mailboxes, credentials, session);
                            });
  }
}

void Retrieval::schedule(const ClientAction& action) {
  for (int i = 0; i < action.count; ++i)
    world_.kernel().schedule_at(action.at + i * action.interval, [this, &action] {
      if (action.kind == ClientAction::Kind::Pop3) pop3(action);
      else imap(action);
    });
}

void Retrieval::pop3(const ClientAction& action) {
  Network& net = world_.network();
  const HostId self = net.find_host(action.host);
  const RetrievalScript& s = action.retrieval;
  pop3::ClientScript script;
  script.mode = s.mode == "raw"                ? pop3::ClientScript::Mode::Raw
                : s.mode == "fetch_and_delete" ? pop3::ClientScript::Mode::FetchAndDelete
                                               : pop3::ClientScript::Mode::FetchAll;
  script.user = s.user;
  script.password = s.password;
  script.use_apop = s.apop;
  script.raw_lines = s.lines;
  script.raw_pauses = s.pauses;
  world_.note(TraceKind::Note, self, 0, "MUA fetches mail from " + action.via + " by POP3 (" + s.mode + ")");
  ClientCallbacks callbacks;
  callbacks.on_closed = [this, self, raw = s.mode == "raw"](Engine& engine, const std::string&) {
    const auto& r = static_cast<const pop3::Client&>(engine).result();
    world_.note(TraceKind::Note, self, 0, "POP3 client: " + outcome(raw, r.finished, r.error, r.messages.size()));
  };
  callbacks.on_failed = [this, self](ConnectFailure f) {
    world_.note(TraceKind::Note, self, 0, std::string("POP3 client could not connect: ") + (f == ConnectFailure::Refused ? "refused" : "timed out"));
  };
  net.connect(self, net.find_host(action.via), 110, Protocol::Pop3, std::make_unique<pop3::Client>(std::move(script)),
              std::move(callbacks));
}

void Retrieval::imap(const ClientAction& action) {
  Network& net = world_.network();
  const HostId self = net.find_host(action.host);
  const RetrievalScript& s = action.retrieval;
  imap::ClientScript script;
  script.user = s.user;
  script.password = s.password;
  script.raw = s.mode == "raw";
  script.raw_lines = s.lines;
  script.raw_pauses = s.pauses;
  for (const auto& step : s.steps) script.actions.push_back(imap_action(step));
  world_.note(TraceKind::Note, self, 0, "MUA opens a mailbox on " + action.via + " by IMAP (" + s.mode + ")");
  ClientCallbacks callbacks;
  callbacks.on_closed = [this, self, raw = s.mode == "raw"](Engine& engine, const std::string&) {
    const auto& r = static_cast<const imap::Client&>(engine).result();
    world_.note(TraceKind::Note, self, 0, "IMAP client: " + outcome(raw, r.finished, r.error, r.messages.size()));
  };
  callbacks.on_failed = [this, self](ConnectFailure f) {
    world_.note(TraceKind::Note, self, 0, std::string("IMAP client could not connect: ") + (f == ConnectFailure::Refused ? "refused" : "timed out"));
  };
  net.connect(self, net.find_host(action.via), 143, Protocol::Imap, std::make_unique<imap::Client>(std::move(script)),
              std::move(callbacks));
}

}  // namespace mailsim
