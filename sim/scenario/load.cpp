// Loading a scenario: parse with positions, then read and cross-check every section.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "message/compose.hpp"
#include "scenario/contradictions.hpp"
#include "scenario/load_retrieval.hpp"
#include "scenario/message_json.hpp"
#include "scenario/faults.hpp"
#include "scenario/reader.hpp"
#include "core/ascii.hpp"

namespace mailsim {

std::string_view role_name(Role r) {
  static constexpr std::string_view names[] = {"mua", "msa", "mta", "mx", "mda"};
  return names[static_cast<int>(r)];
}

bool HostSpec::has(Role r) const { return std::find(roles.begin(), roles.end(), r) != roles.end(); }

std::vector<std::string> HostSpec::ehlo_extensions() const {
  return extensions.value_or(std::vector<std::string>{"PIPELINING", "SIZE 10485760", "8BITMIME", "DSN"});
}

const HostSpec* Scenario::find_host(const std::string& host_name) const {
  for (const auto& h : hosts)
    if (ascii::to_lower(h.name) == ascii::to_lower(host_name)) return &h;
  return nullptr;
}

namespace {

class Loader {
 public:
  Loader(const JsonSource& source, const std::string& file, std::vector<ScenarioError>& errors)
      : source_(source), checker_(source, file, errors) {}

  Scenario load() {
    Scenario s;
    s.file = checker_.file();
    ObjectReader top(checker_, source_.value, "", "scenario");
    s.name = top.string("name", true).value_or("");
    s.title = top.string("title").value_or(s.name);
    s.description = top.string("description").value_or("");
    s.title_fr = french_text(top, "title_fr", "title");  // for --lang fr and the French window
    s.description_fr = french_text(top, "description_fr", "description");
    if (auto seed = top.integer("seed", 0, INT64_MAX)) s.seed = static_cast<std::uint64_t>(*seed);
    if (auto t = top.duration("time_limit")) s.time_limit = *t;
    if (auto t = top.duration("latency")) s.default_latency = *t;
    if (auto epoch = top.string("epoch")) {
      if (auto unix = parse_utc_datetime(*epoch)) s.epoch = *unix;
      else checker_.error(top.member("epoch"), "scenario: \"epoch\" must be a UTC time such as \"1999-03-04T17:24:07Z\"");
    }
    if (const auto* hosts = top.array("hosts", true))
      for (std::size_t i = 0; i < hosts->size(); ++i) read_host(s, (*hosts)[i], top.member("hosts") + "/" + std::to_string(i), i);
    check_mda_hosts(checker_, s);
    if (const auto* dns = top.object("dns")) read_dns(s, *dns, top.member("dns"));
    if (const auto* links = top.array("links"))
      for (std::size_t i = 0; i < links->size(); ++i) read_link(s, (*links)[i], top.member("links") + "/" + std::to_string(i));
    if (const auto* faults = top.array("faults"))
      for (std::size_t i = 0; i < faults->size(); ++i) read_fault(s, (*faults)[i], top.member("faults") + "/" + std::to_string(i));
    if (const auto* clients = top.array("clients"))
      for (std::size_t i = 0; i < clients->size(); ++i) read_client(s, (*clients)[i], top.member("clients") + "/" + std::to_string(i));
    if (const auto* expect = top.array("expect"))
      for (std::size_t i = 0; i < expect->size(); ++i) read_expect(s, (*expect)[i], top.member("expect") + "/" + std::to_string(i));
    top.finish();
    return s;
  }

 private:
  // A French text translates its English twin: it is not empty, and the twin is there too
  // (an English reader would otherwise see only the name).
  std::string french_text(ObjectReader& top, const char* key, const char* english) {
    const std::optional<std::string> text = top.string(key);
    if (!text) return "";
    if (text->empty())
      checker_.error(top.member(key), std::string("scenario: \"") + key + "\" is empty (leave it out to show the English one)");
    else if (!top.has(english))
      checker_.error(top.member(key), std::string("scenario: \"") + key + "\" translates \"" + english +
                                          "\", which is missing: write the English one too");
    return *text;
  }

  // A host name used somewhere must exist.
  bool check_host(const Scenario& s, const std::string& pointer, const std::string& name, const char* what) {
    if (s.find_host(name)) return true;
    std::string known;
    for (const auto& h : s.hosts) known += (known.empty() ? "" : ", ") + h.name;
    checker_.error(pointer, std::string(what) + ": no host named \"" + name + "\" (hosts: " + known + ")");
    return false;
  }

  void read_host(Scenario& s, const nlohmann::json& v, const std::string& ptr, std::size_t index) {
    ObjectReader r(checker_, v, ptr, "host");
    HostSpec h;
    h.pos = checker_.pos(ptr);
    h.name = ascii::to_lower(r.string("name", true).value_or(""));
    if (!h.name.empty() && s.find_host(h.name)) checker_.error(r.member("name"), "host: the name \"" + h.name + "\" is used twice");
    h.address = r.string("address").value_or("192.0.2." + std::to_string(10 + index));
    const auto roles = r.strings("roles", true);
    for (std::size_t i = 0; i < roles.size(); ++i) {
      bool found = false;
      for (Role candidate : {Role::Mua, Role::Msa, Role::Mta, Role::Mx, Role::Mda})
        if (ascii::to_lower(roles[i]) == role_name(candidate)) {
          h.roles.push_back(candidate);
          found = true;
        }
      const std::string where = r.member("roles") + (v["roles"].is_array() ? "/" + std::to_string(i) : "");
      if (!found) checker_.error(where, "host " + h.name + ": unknown role \"" + roles[i] + "\" (roles: mua, msa, mta, mx, mda)");
    }
    for (auto& d : r.strings("domains")) h.domains.push_back(ascii::to_lower(d));
    for (auto& d : r.strings("backup_for")) h.backup_for.push_back(ascii::to_lower(d));
    h.users = r.strings("users");
    h.banner = r.string("banner").value_or("");
    h.esmtp = r.boolean("esmtp").value_or(true);
    for (auto& c : r.strings("relay_clients")) h.relay_clients.push_back(ascii::to_lower(c));
    h.smarthost = ascii::to_lower(r.string("smarthost").value_or(""));
    if (auto t = r.duration("retry_interval")) h.retry_interval = *t;
    if (auto t = r.duration("queue_lifetime")) h.queue_lifetime = *t;
    if (auto t = r.duration("delay_warning")) h.delay_warning = *t;
    if (auto f = r.string("mailbox_format")) {
      if (*f == "mbox") h.mailbox_format = MailboxFormat::Mbox;
      else if (*f == "maildir") h.mailbox_format = MailboxFormat::Maildir;
      else checker_.error(r.member("mailbox_format"), "host " + h.name + ": mailbox_format must be \"mbox\" or \"maildir\"");
    }
    read_smtp_host(h, r);
    read_retrieval_host(checker_, r, h);
    if (const auto* p = r.array("position")) {
      if (p->size() == 2 && (*p)[0].is_number() && (*p)[1].is_number())
        h.position = std::make_pair((*p)[0].get<float>(), (*p)[1].get<float>());
      else checker_.error(r.member("position"), "host " + h.name + ": position must be [x, y] with numbers from 0 to 1");
    }
    r.finish();
    if (!h.users.empty() && !h.has(Role::Mda))
      checker_.error(r.member("users"), "host " + h.name + ": users need the \"mda\" role (mailboxes live on the MDA)");
    if (!h.domains.empty() && !h.has(Role::Mx) && !h.has(Role::Mda))
      checker_.error(r.member("domains"), "host " + h.name + ": domains need the \"mx\" role");
    if (!h.domains.empty() && !h.has(Role::Mda) && h.mda_host.empty())
      checker_.error(r.member("domains"), "host " + h.name + ": final delivery needs the \"mda\" role on the same host (or an LMTP \"mda_host\")");
    s.hosts.push_back(std::move(h));
  }

  // SMTP/ESMTP host fields (issue 3), documented in scenarios/README.md.
  std::map<std::string, std::string> string_map(ObjectReader& r, const char* key, const std::string& what) {
    std::map<std::string, std::string> out;
    if (const auto* m = r.object(key))
      for (const auto& [k, val] : m->items()) {
        if (val.is_string()) out[k] = val.get<std::string>();
        else checker_.error(r.member(key) + "/" + k, what + ": \"" + k + "\" must be a string");
      }
    return out;
  }

  void read_smtp_host(HostSpec& h, ObjectReader& r) {
    if (r.has("extensions")) {
      h.extensions = r.strings("extensions");
      static const char* const kKnown[] = {"PIPELINING", "SIZE", "8BITMIME", "DSN", "AUTH", "STARTTLS", "CHUNKING",
                                           "BINARYMIME", "ETRN", "ENHANCEDSTATUSCODES", "SMTPUTF8", "HELP", "VRFY", "EXPN"};
      for (const auto& e : *h.extensions) {
        const std::string word = ascii::to_upper(e.substr(0, e.find(' ')));
        if (std::none_of(std::begin(kKnown), std::end(kKnown), [&](const char* k) { return word == k; }))
          checker_.error(r.member("extensions"), "host " + h.name + ": unknown extension \"" + e +
                                                     "\" (known: PIPELINING, SIZE n, 8BITMIME, DSN, AUTH mechs, STARTTLS, "
                                                     "CHUNKING, BINARYMIME, ETRN, ENHANCEDSTATUSCODES, SMTPUTF8)");
      }
    }
    h.auth_users = string_map(r, "auth_users", "host " + h.name + ": auth_users");
    h.require_auth = r.boolean("require_auth").value_or(false);
    h.require_tls_for_auth = r.boolean("require_tls_for_auth").value_or(false);
    h.auth_plaintext_too_weak = r.boolean("auth_plaintext_too_weak").value_or(false);
    h.strict_syntax = r.boolean("strict_syntax").value_or(false);
    h.vrfy = r.boolean("vrfy").value_or(false);
    if (const auto* lists = r.object("lists"))
      for (const auto& [name, members] : lists->items()) {
        std::vector<std::string> list;
        if (members.is_array())
          for (const auto& m : members)
            if (m.is_string()) list.push_back(m.get<std::string>());
        if (list.size() != members.size() || !members.is_array())
          checker_.error(r.member("lists") + "/" + name, "host " + h.name + ": a list is an array of addresses");
        h.lists[ascii::to_lower(name)] = std::move(list);
      }
    for (auto& [k, v] : string_map(r, "forwards", "host " + h.name + ": forwards")) h.forwards[ascii::to_lower(k)] = v;
    for (auto& [k, v] : string_map(r, "moved", "host " + h.name + ": moved")) h.moved[ascii::to_lower(k)] = v;
    if (const auto* retry = r.array("retry"))
      for (std::size_t i = 0; i < retry->size(); ++i) {
        const auto& item = (*retry)[i];
        auto d = item.is_string() ? parse_duration(item.get<std::string>()) : std::nullopt;
        if (d && *d > 0) h.retry.push_back(*d);
        else checker_.error(r.member("retry") + "/" + std::to_string(i), "host " + h.name + ": retry intervals are durations such as \"10m\"");
      }
    h.max_hops = static_cast<int>(r.integer("max_hops", 1, 1000).value_or(100));
    h.max_recipients = static_cast<std::size_t>(r.integer("max_recipients", 1, 100000).value_or(100));
    for (const auto& c : h.relay_clients)
      if (c == "*" || c == "any" || c == "0.0.0.0/0")
        checker_.error(r.member("relay_clients"), "host " + h.name + ": relay_clients names hosts; a wildcard would make an open relay");
    if (const auto* rules = r.array("reply_rules"))
      for (std::size_t i = 0; i < rules->size(); ++i) {
        const std::string rp = r.member("reply_rules") + "/" + std::to_string(i);
        ObjectReader rr(checker_, (*rules)[i], rp, "reply rule");
        HostSpec::ReplyRule rule;
        rule.stage = rr.string("stage", true).value_or("");
        static const char* const kStages[] = {"connect", "helo", "mail", "rcpt", "data", "end_of_data"};
        if (!rule.stage.empty() && std::none_of(std::begin(kStages), std::end(kStages), [&](const char* k) { return rule.stage == k; }))
          checker_.error(rr.member("stage"), "reply rule: stage must be connect, helo, mail, rcpt, data or end_of_data");
        rule.code = static_cast<int>(rr.integer("code", 200, 599, true).value_or(451));
        rule.enhanced = rr.string("enhanced").value_or("");
        rule.text = rr.string("text").value_or("Requested action not taken");
        for (auto& a : rr.strings("addresses")) rule.addresses.push_back(ascii::to_lower(a));
        rule.times = static_cast<int>(rr.integer("times", 0, 1000000).value_or(0));
        rule.port = static_cast<std::uint16_t>(rr.integer("port", 1, 65535).value_or(0));
        rr.finish();
        h.reply_rules.push_back(std::move(rule));
      }
  }

  void read_dns(Scenario& s, const nlohmann::json& v, const std::string& ptr) {
    ObjectReader r(checker_, v, ptr, "dns");
    if (auto a = r.boolean("auto_a")) s.auto_a_records = *a;
    if (const auto* records = r.array("records")) {
      for (std::size_t i = 0; i < records->size(); ++i) {
        const std::string rp = r.member("records") + "/" + std::to_string(i);
        ObjectReader rr(checker_, (*records)[i], rp, "DNS record");
        DnsRecordSpec d;
        d.pos = checker_.pos(rp);
        d.name = ascii::to_lower(rr.string("name", true).value_or(""));
        d.type = rr.string("type", true).value_or("");
        if (d.type == "MX") {
          d.preference = static_cast<int>(rr.integer("preference", 0, 65535, true).value_or(0));
          d.value = ascii::to_lower(rr.string("exchange", true).value_or(""));
        } else if (d.type == "A") {
          d.value = rr.string("address", true).value_or("");
        } else if (!d.type.empty()) {
          checker_.error(rr.member("type"), "DNS record: type must be \"MX\" or \"A\"");
        }
        rr.finish();
        s.dns.push_back(std::move(d));
      }
    }
    r.finish();
  }

  void read_link(Scenario& s, const nlohmann::json& v, const std::string& ptr) {
    ObjectReader r(checker_, v, ptr, "link");
    LinkSpec l;
    l.pos = checker_.pos(ptr);
    const auto between = r.strings("between", true);
    if (between.size() == 2) {
      l.a = ascii::to_lower(between[0]);
      l.b = ascii::to_lower(between[1]);
      check_host(s, r.member("between"), l.a, "link");
      check_host(s, r.member("between"), l.b, "link");
    } else if (r.has("between")) {
      checker_.error(r.member("between"), "link: \"between\" must name exactly two hosts");
    }
    l.latency = r.duration("latency", true).value_or(0);
    r.finish();
    s.links.push_back(std::move(l));
  }

  // A fault's members, read with the scenario's positions for errors.
  class FileFaultFields : public FaultFields {
   public:
    FileFaultFields(Loader& loader, const Scenario& s, ObjectReader& r) : loader_(loader), s_(s), r_(r) {}
    std::optional<std::string> text(const char* member, bool required) override { return r_.string(member, required); }
    std::optional<std::int64_t> integer(const char* member, std::int64_t min, std::int64_t max, bool required) override {
      return r_.integer(member, min, max, required);
    }
    std::optional<SimTime> duration(const char* member) override { return r_.duration(member); }
    bool known_host(const std::string& name, const char* member) override {
      return loader_.check_host(s_, r_.member(member), name, "fault");
    }
    void error(const char* member, const std::string& why) override {
      loader_.checker_.error(r_.member(member), "fault: " + why);
    }

   private:
    Loader& loader_;
    const Scenario& s_;
    ObjectReader& r_;
  };

  void read_fault(Scenario& s, const nlohmann::json& v, const std::string& ptr) {
    ObjectReader r(checker_, v, ptr, "fault");
    FaultSpec f;
    f.pos = checker_.pos(ptr);
    const std::string type = r.string("type", true).value_or("");
    if (const FaultKind* kind = fault_kind_by_type(type)) {
      FileFaultFields fields(*this, s, r);
      mailsim::read_fault(*kind, kind->target, fields, f);
    } else if (!type.empty()) {
      checker_.error(r.member("type"), "fault: unknown type \"" + type + "\" (types: " + fault_names(false) + ")");
    }
    r.finish();
    s.faults.push_back(std::move(f));
  }

  // The message description must build (fields, attachment and .eml files) before the run.
  void check_message(const ClientAction& a, const std::string& pointer) {
    ComposeInput in;
    in.description = &a.message;
    in.envelope_from = a.mail_from;
    in.envelope_to = a.rcpt_to;
    in.sender_host = a.host;
    in.base_dir = std::filesystem::path(checker_.file()).parent_path().string();
    for (const auto& error : compose_message(in).errors) checker_.error(pointer, error);
  }

  void read_client(Scenario& s, const nlohmann::json& v, const std::string& ptr) {
    ObjectReader r(checker_, v, ptr, "client action");
    ClientAction a;
    a.pos = checker_.pos(ptr);
    a.at = r.duration("at").value_or(0);
    const std::optional<std::string> host_name = r.string("host", true);
    a.host = ascii::to_lower(host_name.value_or(""));
    const HostSpec* host = nullptr;
    if (!a.host.empty() && check_host(s, r.member("host"), a.host, "client action")) host = s.find_host(a.host);
    a.count = static_cast<int>(r.integer("count", 1, 1'000'000).value_or(1));
    a.interval = r.duration("interval").value_or(0);
    const auto* send = r.object("send");
    const auto* raw = r.object("raw");
    const auto* etrn = r.object("etrn");
    const int retrievals = (r.has("pop3") ? 1 : 0) + (r.has("imap") ? 1 : 0);
    if ((r.has("send") ? 1 : 0) + (r.has("raw") ? 1 : 0) + (r.has("etrn") ? 1 : 0) + retrievals != 1)
      checker_.error(ptr, "client action: give exactly one of \"send\", \"raw\", \"etrn\", \"pop3\" or \"imap\"");
    for (const auto kind : {ClientAction::Kind::Pop3, ClientAction::Kind::Imap}) {  // issue 5: load_retrieval.cpp
      const char* key = kind == ClientAction::Kind::Pop3 ? "pop3" : "imap";
      if (!r.object(key)) continue;
      const std::string server = read_retrieval_client(checker_, r, kind, a);
      const std::string where = r.member(key) + "/server";
      if (!server.empty() && check_host(s, where, server, key)) check_retrieval_server(checker_, where, *s.find_host(server), kind);
    }
    if (etrn) {  // ETRN (RFC 1985): a raw session EHLO, ETRN domain, QUIT
      ObjectReader er(checker_, *etrn, r.member("etrn"), "etrn");
      a.kind = ClientAction::Kind::Raw;
      a.via = ascii::to_lower(er.string("server", true).value_or(""));
      if (!a.via.empty()) check_host(s, er.member("server"), a.via, "etrn");
      a.lines = {"EHLO " + a.host, "ETRN " + er.string("domain", true).value_or(""), "QUIT"};
      er.finish();
    }
    if (send) {
      ObjectReader sr(checker_, *send, r.member("send"), "send");
      a.kind = ClientAction::Kind::Send;
      a.mail_from = sr.string("from", true).value_or("");
      a.rcpt_to = sr.strings("to", true);
      a.via = ascii::to_lower(sr.string("via").value_or(""));
      a.port = static_cast<std::uint16_t>(sr.integer("port", 1, 65535).value_or(0));
      if (const auto* m = sr.object("message")) {
        std::vector<std::string> errors;
        a.message = read_message_description(*m, errors);
        for (const auto& error : errors) checker_.error(sr.member("message"), error);
        if (errors.empty()) check_message(a, sr.member("message"));
      }
      read_send_options(a, sr);
      if (!a.via.empty()) check_host(s, sr.member("via"), a.via, "send");
      else if (host && !host->has(Role::Mta) && !host->has(Role::Msa))
        checker_.error(sr.pointer(), "send: host " + a.host + " has no MTA of its own: say which server to submit to with \"via\"");
      sr.finish();
    } else if (raw) {
      ObjectReader rr(checker_, *raw, r.member("raw"), "raw");
      a.kind = ClientAction::Kind::Raw;
      a.via = ascii::to_lower(rr.string("server", true).value_or(""));
      if (!a.via.empty()) check_host(s, rr.member("server"), a.via, "raw");
      a.port = static_cast<std::uint16_t>(rr.integer("port", 1, 65535).value_or(0));
      a.lines = rr.strings("lines", true);
      rr.finish();
    }
    r.finish();
    s.clients.push_back(std::move(a));
  }

  void read_send_options(ClientAction& a, ObjectReader& sr) {
    if (const auto* auth = sr.object("auth")) {
      ObjectReader ar(checker_, *auth, sr.member("auth"), "auth");
      a.auth_user = ar.string("user", true).value_or("");
      a.auth_password = ar.string("password", true).value_or("");
      a.auth_mechanism = ar.string("mechanism").value_or("");
      const std::string m = ascii::to_upper(a.auth_mechanism);
      if (!m.empty() && m != "PLAIN" && m != "LOGIN" && m != "CRAM-MD5")
        checker_.error(ar.member("mechanism"), "auth: mechanism must be PLAIN, LOGIN or CRAM-MD5");
      ar.finish();
    }
    a.starttls = sr.boolean("starttls").value_or(false);
    a.pipelining = sr.boolean("pipelining").value_or(true);
    a.bdat = sr.boolean("bdat").value_or(true);
    a.binary = sr.boolean("binarymime").value_or(false);
    a.chunk_size = static_cast<std::size_t>(sr.integer("chunk_size", 1, 100'000'000).value_or(0));
    if (const auto* dsn = sr.object("dsn")) {
      ObjectReader dr(checker_, *dsn, sr.member("dsn"), "dsn");
      a.dsn_ret = dr.string("ret").value_or("");
      if (!a.dsn_ret.empty() && a.dsn_ret != "FULL" && a.dsn_ret != "HDRS")
        checker_.error(dr.member("ret"), "dsn: ret must be \"FULL\" or \"HDRS\"");
      a.dsn_envid = dr.string("envid").value_or("");
      a.dsn_notify = dr.strings("notify");
      a.dsn_orcpt = dr.strings("orcpt");
      dr.finish();
    }
  }

  void read_expect(Scenario& s, const nlohmann::json& v, const std::string& ptr) {
    using Kind = Expectation::Kind;
    ObjectReader r(checker_, v, ptr, "expectation");
    Expectation e;
    e.pos = checker_.pos(ptr);
    static const std::pair<const char*, Kind> kKinds[] = {
        {"delivered", Kind::delivered},     {"reply", Kind::reply},         {"accepted", Kind::accepted},
        {"queued", Kind::queued},           {"dialogue", Kind::dialogue},   {"connect_failed", Kind::connect_failed},
        {"bounced", Kind::bounced},         {"relayed", Kind::relayed},     {"balance", Kind::balance},
        {"server_line", Kind::server_line}, {"round_trips", Kind::round_trips}};
    int kinds = 0;
    for (const auto& [k, kind] : kKinds)
      if (r.has(k)) {
        ++kinds;
        e.kind = kind;
      }
    if (kinds != 1) {
      checker_.error(ptr, "expectation: give exactly one of delivered, reply, accepted, queued, dialogue, round_trips, connect_failed, bounced, relayed, balance, server_line");
    }
    e.count = r.integer("count", 0, 10'000'000).value_or(-1);
    const auto host = [&](ObjectReader& reader, const char* key, const char* what, bool required = false) {
      const auto h = reader.string(key, required);
      if (!h) return std::string();
      const std::string name = ascii::to_lower(*h);
      check_host(s, reader.member(key), name, what);
      return name;
    };
    if (r.has("delivered")) {
      e.subject = r.string("delivered").value_or("");
      e.folder = r.string("folder").value_or("INBOX");
      const auto flag = r.string("flag");  // count only the messages with this flag
      e.flag = flag.value_or("");
      if (flag && !system_flag(*flag))
        checker_.error(r.member("flag"), "expectation: flag must be \\Seen, \\Answered, \\Flagged, \\Deleted or \\Draft");
    } else if (r.has("server_line")) {  // a server line starting with this text (POP3 +OK/-ERR, IMAP)
      e.subject = r.string("server_line").value_or("");
      e.from = host(r, "from", "expectation");
      e.to = host(r, "to", "expectation");
    } else if (r.has("reply")) {
      e.reply = static_cast<int>(r.integer("reply", 200, 599).value_or(0));
      e.from = host(r, "from", "expectation");
      e.to = host(r, "to", "expectation");
    } else if (r.has("dialogue")) {
      if (const auto* d = r.object("dialogue")) {
        ObjectReader dr(checker_, *d, r.member("dialogue"), "dialogue");
        e.client = host(dr, "client", "dialogue", true);
        e.server = host(dr, "server", "dialogue", true);
        if (const auto* commands = dr.array("commands")) {
          e.commands.emplace();
          for (const auto& c : *commands)
            if (c.is_string()) e.commands->push_back(c.get<std::string>());
            else checker_.error(dr.member("commands"), "dialogue: commands must be a list of strings such as [\"EHLO\", \"QUIT\"]");
        }
        if (const auto* codes = dr.array("replies")) {
          e.replies.emplace();
          for (const auto& c : *codes)
            if (c.is_number_integer()) e.replies->push_back(c.get<int>());
            else checker_.error(dr.member("replies"), "dialogue: replies must be reply codes such as 250");
        }
        dr.finish();
      }
    } else if (r.has("round_trips")) {  // how many times the client waited for the server (PIPELINING saves some)
      e.count = r.integer("round_trips", 1, 10'000).value_or(1);
      e.client = host(r, "client", "round_trips", true);
      e.server = host(r, "server", "round_trips", true);
    } else if (r.has("bounced")) {
      e.count = r.integer("bounced", 0, 10'000'000).value_or(0);
    } else if (r.has("balance")) {
      r.boolean("balance");
    } else {
      for (const char* k : {"accepted", "queued", "connect_failed", "relayed"})
        if (r.has(k)) e.subject = host(r, k, "expectation");
    }
    r.finish();
    s.expectations.push_back(std::move(e));
  }

  const JsonSource& source_;
  ScenarioChecker checker_;
};

}  // namespace

LoadResult load_scenario_text(const std::string& text, const std::string& file_name) {
  LoadResult result;
  JsonSyntaxError syntax;
  auto source = parse_json_source(text, syntax);
  if (!source) {
    result.errors.push_back(ScenarioError{SourcePos{file_name, syntax.pos.line, syntax.pos.col}, syntax.message});
    return result;
  }
  Loader loader(*source, file_name, result.errors);
  Scenario s = loader.load();
  if (result.errors.empty()) {
    find_contradictions(s, ScenarioChecker(*source, file_name, result.errors), result.warnings);
    result.scenario = std::move(s);
  }
  return result;
}

LoadResult load_scenario_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    LoadResult result;
    result.errors.push_back(ScenarioError{SourcePos{path, 0, 0}, "cannot read the file (does it exist?)"});
    return result;
  }
  std::ostringstream text;
  text << file.rdbuf();
  return load_scenario_text(text.str(), path);
}

}  // namespace mailsim
