// "Try it" steps: changes applied to the loaded Scenario model, the changed scenario run
// again, and its expected outcome checked by the scenario expectation checker
// (sim/world/expect.*). Also the LessonRunner cache of scenario runs.
#include <algorithm>
#include <cctype>

#include "lesson/lesson.hpp"
#include "scenario/faults.hpp"
#include "scenario/reader.hpp"
#include "store/mailstore.hpp"
#include "core/ascii.hpp"

namespace mailsim::lesson {

namespace {


// Reads the members of one change, reporting wrong types and unknown members.
class Edit {
 public:
  Edit(const nlohmann::json& j, std::string what, std::vector<std::string>& errors)
      : j_(j), what_(std::move(what)), errors_(errors) {}
  bool has(const char* k) const { return j_.contains(k); }
  std::optional<std::string> str(const char* k, bool required = false) {
    asked_.push_back(k);
    if (!j_.contains(k)) {
      if (required) error(std::string("\"") + k + "\" is missing");
      return std::nullopt;
    }
    if (!j_[k].is_string()) {
      error(std::string("\"") + k + "\" takes a text");
      return std::nullopt;
    }
    return j_[k].get<std::string>();
  }
  std::optional<std::string> host(const Scenario& s, const char* k, bool required = false) {
    auto h = str(k, required);
    if (!h) return std::nullopt;
    *h = ascii::to_lower(*h);
    if (!s.find_host(*h)) {
      error("no host named " + *h + " in the scenario");
      return std::nullopt;
    }
    return h;
  }
  std::optional<SimTime> duration(const char* k) {
    auto t = str(k);
    if (!t) return std::nullopt;
    auto d = parse_duration(*t);
    if (!d) error(std::string("\"") + k + "\" takes a duration such as 10s, 20m, 1h");
    return d;
  }
  std::optional<std::int64_t> integer(const char* k, std::int64_t min, std::int64_t max) {
    asked_.push_back(k);
    if (!j_.contains(k)) return std::nullopt;
    if (!j_[k].is_number_integer() || j_[k].get<std::int64_t>() < min || j_[k].get<std::int64_t>() > max) {
      error(std::string("\"") + k + "\" takes a number from " + std::to_string(min) + " to " + std::to_string(max));
      return std::nullopt;
    }
    return j_[k].get<std::int64_t>();
  }
  std::optional<bool> boolean(const char* k) {
    asked_.push_back(k);
    if (!j_.contains(k)) return std::nullopt;
    if (!j_[k].is_boolean()) {
      error(std::string("\"") + k + "\" takes true or false");
      return std::nullopt;
    }
    return j_[k].get<bool>();
  }
  std::optional<std::vector<std::string>> strings(const char* k) {
    asked_.push_back(k);
    if (!j_.contains(k)) return std::nullopt;
    const auto& v = j_[k];
    if (v.is_string()) return std::vector<std::string>{v.get<std::string>()};
    std::vector<std::string> out;
    if (v.is_array())
      for (const auto& x : v)
        if (x.is_string()) out.push_back(x.get<std::string>());
    if (!v.is_array() || out.size() != v.size()) {
      error(std::string("\"") + k + "\" takes a text or a list of texts");
      return std::nullopt;
    }
    return out;
  }
  void finish() {
    for (const auto& [k, v] : j_.items())
      if (std::find(asked_.begin(), asked_.end(), k) == asked_.end()) error("unknown member \"" + k + "\"");
  }
  void error(const std::string& why) { errors_.push_back(what_ + ": " + why); }

 private:
  const nlohmann::json& j_;
  std::string what_;
  std::vector<std::string>& errors_;
  std::vector<std::string> asked_;
};

// A fault change's members (scenario/faults.hpp), read through the change's Edit.
class ChangeFaultFields : public FaultFields {
 public:
  ChangeFaultFields(Edit& e, const Scenario& s) : e_(e), s_(s) {}
  std::optional<std::string> text(const char* member, bool required) override { return e_.str(member, required); }
  std::optional<std::int64_t> integer(const char* member, std::int64_t min, std::int64_t max, bool required) override {
    if (required && !e_.has(member)) e_.error(std::string("\"") + member + "\" is missing");
    return e_.integer(member, min, max);
  }
  std::optional<SimTime> duration(const char* member) override { return e_.duration(member); }
  bool known_host(const std::string& name, const char*) override {
    if (s_.find_host(name)) return true;
    e_.error("no host named " + name + " in the scenario");
    return false;
  }
  void error(const char*, const std::string& why) override { e_.error(why); }

 private:
  Edit& e_;
  const Scenario& s_;
};

HostSpec* find_host(Scenario& s, const std::string& name) {
  for (auto& h : s.hosts)
    if (h.name == name) return &h;
  return nullptr;
}

void apply_one(Scenario& s, const nlohmann::json& j, std::vector<std::string>& errors) {
  if (!j.is_object() || j.empty()) {
    errors.push_back("a change is written {host_down: HOST} (see lessons/README.md)");
    return;
  }
  // The change is named by its first key as written; JSON objects are sorted, so look for
  // the one member that names a change: a fault's (scenario/faults.hpp) or one of these.
  static const char* const kChanges[] = {"host_up", "drop_mx", "drop_a", "add_mx", "set_host",
                                         "set_client", "add_raw", "add_send", "time_limit"};
  std::string kind;
  for (const auto& [k, v] : j.items())
    if (fault_kind_by_change(k) || std::find(std::begin(kChanges), std::end(kChanges), k) != std::end(kChanges))
      kind = kind.empty() ? k : "(two changes in one: " + kind + " and " + k + ")";
  if (kind.empty()) kind = j.begin().key();
  Edit e(j, kind, errors);
  if (const FaultKind* fault = fault_kind_by_change(kind)) {
    ChangeFaultFields fields(e, s);
    FaultSpec f;
    read_fault(*fault, fault->change, fields, f);
    e.finish();
    s.faults.push_back(std::move(f));  // with an error in it, apply_edits gives the change up
  } else if (kind == "host_up") {
    auto h = e.host(s, "host_up", true);
    e.finish();
    if (!h) return;
    std::erase_if(s.faults, [&](const FaultSpec& f) { return f.kind == FaultSpec::Kind::HostDown && f.target == *h; });
  } else if (kind == "drop_mx" || kind == "drop_a") {
    auto name = e.str(kind.c_str(), true);
    auto exchange = kind == "drop_mx" ? e.str("exchange") : std::nullopt;
    e.finish();
    if (!name) return;
    const std::string type = kind == "drop_mx" ? "MX" : "A";
    const std::size_t before = s.dns.size();
    std::erase_if(s.dns, [&](const DnsRecordSpec& r) {
      return r.type == type && ascii::to_lower(r.name) == ascii::to_lower(*name) && (!exchange || ascii::to_lower(r.value) == ascii::to_lower(*exchange));
    });
    bool dropped = s.dns.size() != before;
    if (type == "A" && s.auto_a_records && s.find_host(ascii::to_lower(*name))) {
      // Automatic A records: make them explicit, all but this one.
      s.auto_a_records = false;
      for (const auto& h : s.hosts)
        if (h.name != ascii::to_lower(*name) &&
            std::none_of(s.dns.begin(), s.dns.end(), [&](const DnsRecordSpec& r) { return r.type == "A" && ascii::to_lower(r.name) == h.name; }))
          s.dns.push_back(DnsRecordSpec{h.name, "A", 0, h.address, {}});
      dropped = true;
    }
    if (!dropped) e.error("no such " + type + " record in the scenario");
  } else if (kind == "add_mx") {
    auto name = e.str("add_mx", true);
    auto exchange = e.str("exchange", true);
    auto pref = e.integer("preference", 0, 65535);
    e.finish();
    if (!name || !exchange) return;
    s.dns.push_back(DnsRecordSpec{ascii::to_lower(*name), "MX", static_cast<int>(pref.value_or(10)), ascii::to_lower(*exchange), {}});
  } else if (kind == "set_host") {
    auto name = e.host(s, "set_host", true);
    HostSpec tmp;
    HostSpec* h = name ? find_host(s, *name) : &tmp;
    if (auto v = e.boolean("esmtp")) h->esmtp = *v;
    if (auto v = e.duration("retry_interval")) h->retry_interval = *v;
    if (auto v = e.duration("queue_lifetime")) h->queue_lifetime = *v;
    if (auto v = e.strings("relay_clients")) h->relay_clients = *v;
    if (auto v = e.strings("users")) h->users = *v;
    if (auto v = e.str("smarthost")) h->smarthost = ascii::to_lower(*v);
    if (auto v = e.str("banner")) h->banner = *v;
    if (auto v = e.strings("extensions")) h->extensions = *v;
    if (auto v = e.strings("retrieval")) h->retrieval = *v;
    if (auto v = e.boolean("apop")) h->apop = *v;
    if (auto v = e.boolean("strict_syntax")) h->strict_syntax = *v;
    if (auto v = e.str("mailbox_format")) {
      if (*v == "mbox") h->mailbox_format = MailboxFormat::Mbox;
      else if (*v == "maildir") h->mailbox_format = MailboxFormat::Maildir;
      else e.error("\"mailbox_format\" is mbox or maildir");
    }
    e.finish();
  } else if (kind == "set_client") {
    auto n = e.integer("set_client", 1, static_cast<std::int64_t>(s.clients.size()));
    if (!j.contains("set_client")) e.error("\"set_client\" is missing");
    ClientAction tmp;
    ClientAction* c = n ? &s.clients[static_cast<std::size_t>(*n - 1)] : &tmp;
    if (auto v = e.strings("to")) c->rcpt_to = *v;
    if (auto v = e.str("from")) c->mail_from = *v;
    if (auto v = e.host(s, "via")) c->via = *v;
    if (auto v = e.integer("port", 1, 65535)) c->port = static_cast<std::uint16_t>(*v);
    if (auto v = e.duration("at")) c->at = *v;
    const bool retrieval = c->kind == ClientAction::Kind::Pop3 || c->kind == ClientAction::Kind::Imap;
    if (auto v = e.strings("lines")) {
      if (retrieval) {  // a POP3/IMAP session typed by hand: the new lines go out without pauses
        c->retrieval.mode = "raw";
        c->retrieval.lines = *v;
        c->retrieval.pauses.assign(v->size(), 0);
      } else {
        c->lines = *v;
      }
    }
    if (auto v = e.str("user")) c->retrieval.user = *v;
    if (auto v = e.str("password")) c->retrieval.password = *v;
    if (auto v = e.boolean("apop")) c->retrieval.apop = *v;
    if (auto v = e.integer("count", 1, 1000)) c->count = static_cast<int>(*v);
    e.finish();
  } else if (kind == "add_raw" || kind == "add_send") {
    // A new scripted client: raw command lines to a server, or a message to send.
    ClientAction c;
    auto h = e.host(s, kind.c_str(), true);
    c.at = e.duration("at").value_or(s.clients.empty() ? kSecond : s.clients.back().at + 10 * kSecond);
    if (auto v = e.integer("port", 1, 65535)) c.port = static_cast<std::uint16_t>(*v);
    if (kind == "add_raw") {
      c.kind = ClientAction::Kind::Raw;
      auto server = e.host(s, "server", true);
      auto lines = e.strings("lines");
      if (!lines) e.error("\"lines\" is missing");
      c.via = server.value_or("");
      c.lines = lines.value_or(std::vector<std::string>{});
    } else {
      c.kind = ClientAction::Kind::Send;
      auto from = e.str("from", true);
      auto to = e.strings("to");
      if (!to) e.error("\"to\" is missing");
      if (auto v = e.host(s, "via")) c.via = *v;
      c.mail_from = from.value_or("");
      c.rcpt_to = to.value_or(std::vector<std::string>{});
      c.message = MessageDescription{};
      if (auto v = e.str("subject")) c.message.spec.subject = *v;
      if (auto v = e.str("body")) c.message.spec.text = *v;
      if (h && c.via.empty())
        if (const HostSpec* hs = s.find_host(*h); hs && !hs->has(Role::Mta) && !hs->has(Role::Msa))
          e.error("host " + *h + " has no MTA of its own: say which server to submit to with \"via\"");
    }
    e.finish();
    if (!h) return;
    c.host = *h;
    s.clients.push_back(std::move(c));
  } else if (kind == "time_limit") {
    auto d = e.duration("time_limit");
    e.finish();
    if (d) s.time_limit = *d;
  } else {
    std::string all = fault_names(true);
    for (const char* k : kChanges) (all += ", ") += k;
    errors.push_back("unknown change \"" + kind + "\" (changes: " + all + ")");
  }
}

}  // namespace

// The expectation kinds and members of scenarios/README.md, checked and typed before a run
// so that a lesson's mistake is reported at its line instead of failing inside the checker.
Expectation read_expectation(const ExpectSpec& x, const Scenario& s, std::vector<std::string>& errors) {
  using Kind = Expectation::Kind;
  const nlohmann::json spec = nlohmann::json::parse(x.spec);
  Expectation e;
  e.pos = x.pos;
  static const std::pair<const char*, Kind> kKinds[] = {
      {"delivered", Kind::delivered}, {"reply", Kind::reply},     {"accepted", Kind::accepted},
      {"queued", Kind::queued},       {"dialogue", Kind::dialogue}, {"connect_failed", Kind::connect_failed},
      {"bounced", Kind::bounced},     {"relayed", Kind::relayed},   {"balance", Kind::balance},
      {"server_line", Kind::server_line}, {"round_trips", Kind::round_trips}};
  if (!spec.is_object()) {
    errors.push_back("an expectation is written {delivered: user@domain} (see scenarios/README.md)");
    return e;
  }
  int kinds = 0;
  for (const auto& [k, kind] : kKinds)
    if (spec.contains(k)) {
      ++kinds;
      e.kind = kind;
    }
  if (kinds != 1) {
    errors.push_back("give exactly one of delivered, reply, server_line, accepted, queued, dialogue, round_trips, connect_failed, bounced, relayed, balance");
    return e;
  }
  auto host = [&](const nlohmann::json& v, const char* what) {
    if (!v.is_string()) {
      errors.push_back(std::string(what) + " takes a host name");
      return std::string();
    }
    const std::string name = ascii::to_lower(v.get<std::string>());
    if (!s.find_host(name)) errors.push_back("no host named " + v.get<std::string>() + " in the scenario");
    return name;
  };
  auto text = [&](const nlohmann::json& v, const std::string& error) {
    if (v.is_string()) return v.get<std::string>();
    errors.push_back(error);
    return std::string();
  };
  for (const auto& [k, v] : spec.items()) {
    if (k == "count") {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 0) errors.push_back("count takes a whole number");
      else if (e.kind != Kind::bounced) e.count = v.get<std::int64_t>();
    } else if (k == "delivered" || k == "server_line") {
      e.subject = text(v, k + " takes a text");
    } else if (k == "folder" || k == "flag") {
      if (e.kind != Kind::delivered) errors.push_back(k + " goes with delivered");
      else if (k == "folder") e.folder = text(v, "folder takes a text");
      else if (!v.is_string() || !system_flag(v.get<std::string>())) errors.push_back("flag takes a flag such as \\Seen");
      else e.flag = v.get<std::string>();
    } else if (k == "reply") {
      if (!v.is_number_integer() || v.get<int>() < 200 || v.get<int>() > 599) errors.push_back("reply takes a code from 200 to 599");
      else e.reply = v.get<int>();
    } else if (k == "round_trips") {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 1) errors.push_back("round_trips takes a whole number from 1");
      else e.count = v.get<std::int64_t>();
    } else if (k == "client" || k == "server") {
      if (e.kind != Kind::round_trips) errors.push_back(k + " goes with round_trips (or inside dialogue)");
      else (k == "client" ? e.client : e.server) = host(v, k.c_str());
    } else if (k == "from" || k == "to") {
      if (e.kind != Kind::reply && e.kind != Kind::server_line) errors.push_back(k + " goes with reply or server_line");
      else (k == "from" ? e.from : e.to) = host(v, k.c_str());
    } else if (k == "accepted" || k == "queued" || k == "connect_failed" || k == "relayed") {
      e.subject = host(v, k.c_str());
    } else if (k == "bounced") {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 0) errors.push_back("bounced takes a whole number");
      else e.count = v.get<std::int64_t>();
    } else if (k == "balance") {
      if (!v.is_boolean()) errors.push_back("balance takes true");
    } else if (k == "dialogue") {
      if (!v.is_object() || !v.contains("client") || !v.contains("server")) {
        errors.push_back("dialogue takes {client: HOST, server: HOST, commands: [...], replies: [...]}");
        continue;
      }
      for (const auto& [dk, dv] : v.items()) {
        if (dk == "client" || dk == "server") {
          (dk == "client" ? e.client : e.server) = host(dv, dk.c_str());
        } else if (dk == "commands") {
          if (!dv.is_array() || !std::all_of(dv.begin(), dv.end(), [](const auto& c) { return c.is_string(); }))
            errors.push_back("commands takes a list of verbs");
          else e.commands = dv.get<std::vector<std::string>>();
        } else if (dk == "replies") {
          if (!dv.is_array() || !std::all_of(dv.begin(), dv.end(), [](const auto& c) { return c.is_number_integer(); }))
            errors.push_back("replies takes a list of reply codes");
          else e.replies = dv.get<std::vector<int>>();
        } else {
          errors.push_back("dialogue: unknown member \"" + dk + "\"");
        }
      }
    } else {
      errors.push_back("unknown member \"" + k + "\"");
    }
  }
  if (e.kind == Kind::round_trips && (e.client.empty() || e.server.empty()))
    errors.push_back("round_trips takes {round_trips: N, client: HOST, server: HOST}");
  return e;
}

std::optional<Scenario> apply_edits(const Scenario& base, const std::vector<std::string>& edits,
                                    std::vector<std::string>& errors) {
  Scenario s = base;
  const std::size_t before = errors.size();
  for (const auto& e : edits) {
    const nlohmann::json change = nlohmann::json::parse(e, nullptr, /*allow_exceptions=*/false);
    if (change.is_discarded()) errors.push_back("a change that is not JSON: " + e);
    else apply_one(s, change, errors);
  }
  if (errors.size() != before) return std::nullopt;
  return s;
}

bool TryResult::passed() const {
  if (!errors.empty() || !sim || results.empty()) return false;
  return std::all_of(results.begin(), results.end(), [](const ExpectationResult& r) { return r.passed; });
}

TryResult run_try(const Step& step, const Scenario& base) {
  TryResult out;
  out.changed = apply_edits(base, step.edits, out.errors);
  if (!out.changed) return out;
  std::vector<std::string> why;
  std::vector<Expectation> expectations;
  for (const auto& x : step.expect) expectations.push_back(read_expectation(x, *out.changed, why));
  for (auto& w : why) out.errors.push_back("expect: " + w);
  if (!out.errors.empty()) return out;
  out.changed->expectations = std::move(expectations);
  out.sim = std::make_unique<Simulation>(*out.changed);
  out.sim->run();
  out.results = out.sim->check_expectations();
  return out;
}

LessonRunner::Entry& LessonRunner::get(const std::string& file) {
  auto it = cache_.find(file);
  if (it != cache_.end()) return it->second;
  Entry& e = cache_[file];
  LoadResult loaded = load_scenario_file(file);
  if (!loaded.scenario) {
    e.error = loaded.errors.empty() ? "cannot load " + file : loaded.errors.front().format();
    return e;
  }
  e.scenario = std::move(loaded.scenario);
  e.sim = std::make_unique<Simulation>(*e.scenario);
  e.sim->run();
  return e;
}

const Simulation* LessonRunner::simulation(const std::string& scenario_file, std::string* error) {
  Entry& e = get(scenario_file);
  if (error) *error = e.error;
  return e.sim.get();
}

const Scenario* LessonRunner::scenario(const std::string& scenario_file, std::string* error) {
  Entry& e = get(scenario_file);
  if (error) *error = e.error;
  return e.scenario ? &*e.scenario : nullptr;
}

const TryResult* LessonRunner::try_result(const Step& step, std::string* error) {
  if (step.kind != StepKind::Try) return nullptr;
  auto it = tries_.find(&step);
  if (it == tries_.end()) {
    auto result = std::make_unique<TryResult>();
    const Scenario* base = scenario(step.scenario, error);
    if (!base) return nullptr;
    *result = run_try(step, *base);
    it = tries_.emplace(&step, std::move(result)).first;
  }
  if (error) {
    error->clear();
    for (const auto& e : it->second->errors) *error += (error->empty() ? "" : "; ") + e;
  }
  return it->second.get();
}

const Simulation* LessonRunner::simulation_for(const Step& step, std::string* error) {
  if (step.scenario.empty()) return nullptr;
  if (step.kind == StepKind::Try) {
    const TryResult* t = try_result(step, error);
    return t ? t->sim.get() : nullptr;
  }
  return simulation(step.scenario, error);
}

}  // namespace mailsim::lesson
