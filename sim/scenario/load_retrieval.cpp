// Reading the retrieval fields of hosts and the pop3/imap client actions (see the header).
#include "scenario/load_retrieval.hpp"

#include <algorithm>

#include "message/names.hpp"

namespace mailsim {

using names::lower;

void read_retrieval_host(ScenarioChecker& checker, ObjectReader& r, HostSpec& h) {
  for (auto& p : r.strings("retrieval")) {
    const std::string name = lower(p);
    if (name != "pop3" && name != "imap")
      checker.error(r.member("retrieval"), "host " + h.name + ": retrieval services are \"pop3\" and \"imap\"");
    else if (std::find(h.retrieval.begin(), h.retrieval.end(), name) == h.retrieval.end())
      h.retrieval.push_back(name);
  }
  if (const auto* m = r.object("passwords"))
    for (const auto& [user, pw] : m->items()) {
      if (pw.is_string()) h.passwords[user] = pw.get<std::string>();
      else checker.error(r.member("passwords") + "/" + user, "host " + h.name + ": a password must be a string");
    }
  h.apop = r.boolean("apop").value_or(true);
  h.folders = r.strings("folders");
  for (const auto& f : h.folders)
    if (!Mailbox::valid_name(f) || Mailbox::canonical_name(f) == "INBOX")
      checker.error(r.member("folders"), "host " + h.name + ": \"" + f + "\" is not a folder name (\"Junk\", \"Archives/2024\")");
  if (const auto* q = r.object("quotas"))
    for (const auto& [user, octets] : q->items()) {
      if (octets.is_number_unsigned()) h.quotas[user] = octets.get<std::uint64_t>();
      else checker.error(r.member("quotas") + "/" + user, "host " + h.name + ": a quota is a number of octets");
    }
  h.mda_host = lower(r.string("mda_host").value_or(""));
  if (const auto* rules = r.object("mda_rules"))
    for (const auto& [user, spec] : rules->items()) {
      ObjectReader ur(checker, spec, r.member("mda_rules") + "/" + user, "mda rule");
      HostSpec::MdaRule rule;
      rule.spam_folder = ur.string("spam_folder").value_or("");
      rule.spam_words = ur.strings("spam_words");
      if (!rule.spam_folder.empty() && (!Mailbox::valid_name(rule.spam_folder) || Mailbox::canonical_name(rule.spam_folder) == "INBOX"))
        checker.error(ur.member("spam_folder"), "mda rule: \"" + rule.spam_folder + "\" is not a folder name (\"Junk\")");
      if (const auto* v = ur.object("vacation")) {
        ObjectReader vr(checker, *v, ur.member("vacation"), "vacation");
        rule.vacation = true;
        rule.vacation_subject = vr.string("subject").value_or("");
        rule.vacation_text = vr.string("text", true).value_or("");
        if (auto every = vr.duration("every")) rule.vacation_every = *every;
        vr.finish();
      }
      ur.finish();
      h.mda_rules[user] = std::move(rule);
    }
  if (!h.mda_rules.empty() && !h.has(Role::Mda))
    checker.error(r.member("mda_rules"), "host " + h.name + ": mda_rules apply to mailboxes: add the \"mda\" role");
  if (!h.folders.empty() && !h.has(Role::Mda))
    checker.error(r.member("folders"), "host " + h.name + ": folders live in mailboxes: add the \"mda\" role");
  if (!h.retrieval.empty() && !h.has(Role::Mda))
    checker.error(r.member("retrieval"), "host " + h.name + ": POP3 and IMAP serve a mail store: add the \"mda\" role");
}

void check_mda_hosts(ScenarioChecker& checker, const Scenario& s) {
  for (std::size_t i = 0; i < s.hosts.size(); ++i) {
    const HostSpec& h = s.hosts[i];
    if (h.mda_host.empty()) continue;
    const std::string where = "/hosts/" + std::to_string(i) + "/mda_host";
    const HostSpec* mda = s.find_host(h.mda_host);
    if (!mda) checker.error(where, "host " + h.name + ": mda_host: no host named \"" + h.mda_host + "\"");
    else if (!mda->has(Role::Mda) || mda == &h)
      checker.error(where, "host " + h.name + ": mda_host " + mda->name + " must be another host with the \"mda\" role");
    else
      for (const auto& d : h.domains)
        if (std::find(mda->domains.begin(), mda->domains.end(), d) == mda->domains.end())
          checker.error(where, "host " + h.name + ": mda_host " + mda->name + " must list the domain " + d + " too");
  }
}

namespace {

// "lines": strings, or {"wait": "5s"} before the next line.
void read_lines(ScenarioChecker& checker, ObjectReader& r, const char* key, RetrievalScript& s) {
  const auto* lines = r.array("lines", true);
  if (!lines) return;
  SimTime pause = 0;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const auto& item = (*lines)[i];
    const std::string where = r.member("lines") + "/" + std::to_string(i);
    if (item.is_string()) {
      s.lines.push_back(item.get<std::string>());
      s.pauses.push_back(std::exchange(pause, 0));
    } else if (item.is_object() && item.size() == 1 && item.contains("wait") && item["wait"].is_string() &&
               parse_duration(item["wait"].get<std::string>())) {
      pause += *parse_duration(item["wait"].get<std::string>());
    } else {
      checker.error(where, std::string(key) + ": a raw line is a string, or {\"wait\": \"5s\"} to pause before the next line");
    }
  }
}

void read_imap_steps(ScenarioChecker& checker, ObjectReader& r, RetrievalScript& s) {
  const auto* actions = r.array("actions", true);
  if (!actions) return;
  for (std::size_t i = 0; i < actions->size(); ++i) {
    const std::string ap = r.member("actions") + "/" + std::to_string(i);
    ObjectReader ar(checker, (*actions)[i], ap, "imap action");
    RetrievalScript::Step step;
    static const char* const kKinds[] = {"check_new", "read", "flag", "move", "search", "expunge"};
    int kinds = 0;
    for (const char* k : kKinds)
      if (ar.has(k)) {
        ++kinds;
        step.kind = k;
      }
    if (kinds != 1) {
      checker.error(ap, "imap action: give exactly one of check_new (mailbox), read (uid), flag (uid), move (uid), search (criteria), expunge (true)");
      ar.finish();
      continue;
    }
    const auto uid = [&] { return static_cast<std::uint32_t>(ar.integer(step.kind.c_str(), 1, UINT32_MAX, true).value_or(1)); };
    if (step.kind == "check_new") step.mailbox = ar.string("check_new").value_or("INBOX");
    else if (step.kind == "read") step.uid = uid();
    else if (step.kind == "flag") {
      step.uid = uid();
      step.flag = ar.string("with").value_or("\\Flagged");
    } else if (step.kind == "move") {
      step.uid = uid();
      step.target = ar.string("to", true).value_or("");
    } else if (step.kind == "search") step.criteria = ar.string("search").value_or("ALL");
    else ar.boolean("expunge");
    ar.finish();
    s.steps.push_back(std::move(step));
  }
}

}  // namespace

std::string read_retrieval_client(ScenarioChecker& checker, ObjectReader& parent, ClientAction::Kind kind, ClientAction& a) {
  const bool pop = kind == ClientAction::Kind::Pop3;
  const char* key = pop ? "pop3" : "imap";
  ObjectReader r(checker, *parent.object(key), parent.member(key), key);
  a.kind = kind;
  a.via = lower(r.string("server", true).value_or(""));
  RetrievalScript& s = a.retrieval;
  s.mode = r.string("mode").value_or(pop ? "fetch_all" : "actions");
  const bool raw = s.mode == "raw";
  if (pop && s.mode != "fetch_all" && s.mode != "fetch_and_delete" && !raw)
    checker.error(r.member("mode"), "pop3: mode must be \"fetch_all\", \"fetch_and_delete\" or \"raw\"");
  if (!pop && s.mode != "actions" && !raw) checker.error(r.member("mode"), "imap: mode must be \"actions\" or \"raw\"");
  if (raw) {
    read_lines(checker, r, key, s);
  } else {
    s.user = r.string("user", true).value_or("");
    s.password = r.string("password", true).value_or("");
    if (pop) s.apop = r.boolean("apop").value_or(false);
    else read_imap_steps(checker, r, s);
  }
  r.finish();
  return a.via;
}

void check_retrieval_server(ScenarioChecker& checker, const std::string& pointer, const HostSpec& server, ClientAction::Kind kind) {
  const std::string proto = kind == ClientAction::Kind::Pop3 ? "pop3" : "imap";
  if (std::find(server.retrieval.begin(), server.retrieval.end(), proto) == server.retrieval.end())
    checker.error(pointer, proto + ": host " + server.name + " does not serve " + proto +
                               " (add \"retrieval\": [\"" + proto + "\"] to it)");
}

}  // namespace mailsim
