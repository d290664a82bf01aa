#include "world/expect.hpp"

#include <algorithm>

#include "mail/node.hpp"
#include "world/world.hpp"
#include "core/ascii.hpp"

namespace mailsim {

namespace {


std::string verb_of(std::string_view line) {
  return ascii::to_upper(line.substr(0, line.find(' ')));
}

// "a 250 reply" (at least one), "no 250 reply" (count 0), "2 250 replies": an expectation of
// none must not read as if the thing happened.
std::string how_many(std::int64_t count, const std::string& one, const std::string& many) {
  if (count < 0) return "a " + one;
  if (count == 0) return "no " + one;
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

template <typename T>
std::string join(const std::vector<T>& items) {
  std::string out;
  for (const auto& x : items) {
    if (!out.empty()) out += ' ';
    if constexpr (std::is_same_v<T, std::string>) out += x;
    else out += std::to_string(x);
  }
  return out;
}

class Checker {
 public:
  Checker(const Scenario& s, World& w) : scenario_(s), world_(w), trace_(w.trace()) {}

  ExpectationResult check(const Expectation& e) {
    using Kind = Expectation::Kind;
    ExpectationResult r;
    r.pos = e.pos;
    switch (e.kind) {
      case Kind::delivered: delivered(r, e.subject, e.folder, e.flag, e.count); break;
      case Kind::server_line: server_line(r, e.subject, e.from, e.to, e.count); break;
      case Kind::reply: reply(r, e.reply, e.from, e.to, e.count); break;
      case Kind::accepted: host_event(r, TraceKind::MessageAccepted, "accepted a message", e.subject, e.count); break;
      case Kind::relayed: host_event(r, TraceKind::Relayed, "relayed a message", e.subject, e.count); break;
      case Kind::connect_failed: connect_failed(r, e.subject, e.count); break;
      case Kind::queued: queued(r, e.subject, e.count); break;
      case Kind::bounced: bounced(r, e.count); break;
      case Kind::dialogue: dialogue(r, e); break;
      case Kind::round_trips: round_trips(r, e); break;
      case Kind::balance: balance(r); break;
    }
    return r;
  }

 private:
  static void verdict(ExpectationResult& r, std::int64_t found, std::int64_t wanted, const std::string& what) {
    r.passed = wanted < 0 ? found > 0 : found == wanted;
    if (!r.passed) r.detail = "found " + std::to_string(found) + " " + what;
  }

  void delivered(ExpectationResult& r, const std::string& address, const std::string& folder, const std::string& flag,
                 std::int64_t count) {
    r.description = "mailbox " + address + " (" + folder + ") holds " + (count < 0 ? "a message" : std::to_string(count) + " message(s)") +
                    (flag.empty() ? "" : " with " + flag);
    const std::uint8_t bit = flag.empty() ? 0 : system_flag(flag).value_or(0);
    const std::size_t at = address.rfind('@');
    const std::string user = address.substr(0, at);
    const std::string domain = at == std::string::npos ? "" : ascii::to_lower(address.substr(at + 1));
    for (const auto& h : scenario_.hosts) {
      if (!h.has(Role::Mda) || std::find(h.domains.begin(), h.domains.end(), domain) == h.domains.end()) continue;
      const Mailstore* store = world_.mailstore(h.name);
      const Mailbox* box = store ? store->find(user) : nullptr;
      auto f = box ? box->folders.find(folder) : decltype(box->folders.end()){};
      const std::int64_t n = box && f != box->folders.end()
                                 ? static_cast<std::int64_t>(bit ? f->second.count_flag(bit) : f->second.messages.size())
                                 : 0;
      verdict(r, n, count, "message(s) on " + h.name);
      return;
    }
    r.passed = false;
    r.detail = "no MDA host holds the domain " + domain;
  }

  void reply(ExpectationResult& r, int code, const std::string& from, const std::string& to, std::int64_t count) {
    r.description = how_many(count, std::to_string(code) + " reply", std::to_string(code) + " replies") + (from.empty() ? "" : " from " + from) +
                    (to.empty() ? "" : " to " + to);
    std::int64_t n = 0;
    for (const auto& e : trace_.events())
      if (e.kind == TraceKind::Line && e.role == LineRole::Reply && e.code == code &&
          (from.empty() || trace_.name(e.host) == from) && (to.empty() || trace_.name(e.peer) == to))
        ++n;
    verdict(r, n, count, "such replies");
  }

  // Any server line (POP3 "+OK"/"-ERR", IMAP "* 2 EXPUNGE"...) that starts with `prefix`.
  void server_line(ExpectationResult& r, const std::string& prefix, const std::string& from, const std::string& to, std::int64_t count) {
    r.description = how_many(count, "server line", "server lines") + " \"" + prefix + "...\"" + (from.empty() ? "" : " from " + from) +
                    (to.empty() ? "" : " to " + to);
    std::int64_t n = 0;
    for (const auto& e : trace_.events())
      if (e.kind == TraceKind::Line && e.dir == Direction::ServerToClient && e.text.rfind(prefix, 0) == 0 &&
          (from.empty() || trace_.name(e.host) == from) && (to.empty() || trace_.name(e.peer) == to))
        ++n;
    verdict(r, n, count, "such lines");
  }

  void host_event(ExpectationResult& r, TraceKind kind, const std::string& what, const std::string& host, std::int64_t count) {
    r.description = host + " " + what + (count < 0 ? "" : " " + std::to_string(count) + " time(s)");
    std::int64_t n = 0;
    for (const auto& e : trace_.events())
      if (e.kind == kind && trace_.name(e.host) == host) ++n;
    verdict(r, n, count, "time(s)");
  }

  void connect_failed(ExpectationResult& r, const std::string& host, std::int64_t count) {
    r.description = "a connection to " + host + " fails (refused or timed out)";
    std::int64_t n = 0;
    for (const auto& e : trace_.events())
      if ((e.kind == TraceKind::ConnectRefused || e.kind == TraceKind::ConnectTimeout) && trace_.name(e.peer) == host) ++n;
    verdict(r, n, count, "failed connection(s)");
  }

  void queued(ExpectationResult& r, const std::string& host, std::int64_t count) {
    r.description = "at the end, " + host + "'s queue holds " + (count < 0 ? "messages" : std::to_string(count) + " message(s)");
    const auto node = world_.nodes().find(world_.network().find_host(host));
    const std::int64_t n = node != world_.nodes().end() ? static_cast<std::int64_t>(node->second->queue().size()) : 0;
    verdict(r, n, count, "message(s) in the queue");
  }

  void bounced(ExpectationResult& r, std::int64_t count) {
    r.description = std::to_string(count) + " recipient(s) bounced";
    std::int64_t n = 0;
    for (const auto& e : trace_.events()) n += e.kind == TraceKind::Bounced ? 1 : 0;
    verdict(r, n, count, "bounce(s)");
  }

  // The first connection from CLIENT accepted by SERVER, or 0.
  std::uint32_t first_session(const std::string& client, const std::string& server) const {
    for (const auto& e : trace_.events())
      if (e.kind == TraceKind::ConnectAccepted && trace_.name(e.host) == server && trace_.name(e.peer) == client) return e.conn;
    return 0;
  }

  void dialogue(ExpectationResult& r, const Expectation& d) {
    const std::string& client = d.client;
    const std::string& server = d.server;
    r.description = "the dialogue from " + client + " to " + server;
    const std::uint32_t conn = first_session(client, server);
    if (conn == 0) {
      r.passed = false;
      r.detail = "no connection from " + client + " to " + server + " was accepted";
      return;
    }
    std::vector<std::string> commands;
    std::vector<int> codes;
    for (const auto& e : trace_.events()) {
      if (e.conn != conn || e.kind != TraceKind::Line) continue;
      if (e.role == LineRole::Reply) codes.push_back(e.code);
      else if (e.role == LineRole::Command) commands.push_back(verb_of(e.text));
    }
    r.passed = true;
    if (d.commands) {
      std::vector<std::string> upper_wanted;
      for (const auto& w : *d.commands) upper_wanted.push_back(verb_of(w));
      if (upper_wanted != commands) {
        r.passed = false;
        r.detail = "commands were: " + join(commands) + "; ";
      }
      r.description += ": commands " + join(upper_wanted);
    }
    if (d.replies) {
      const auto& wanted = *d.replies;
      if (wanted != codes) {
        r.passed = false;
        r.detail += "replies were: " + join(codes);
      }
      r.description += ", replies " + join(wanted);
    }
  }

  // A round trip is one turn of the client: the lines it sends before it waits for a reply.
  // Without PIPELINING each command is a turn of its own; with it, MAIL, the RCPTs and DATA
  // (or BDAT) go in one (RFC 2920), and the message text and its final dot in another.
  void round_trips(ExpectationResult& r, const Expectation& d) {
    r.description = std::to_string(d.count) + " round trip(s) from " + d.client + " to " + d.server + " in their first session";
    const std::uint32_t conn = first_session(d.client, d.server);
    if (conn == 0) {
      r.passed = false;
      r.detail = "no connection from " + d.client + " to " + d.server + " was accepted";
      return;
    }
    std::int64_t turns = 0;
    bool client_spoke_last = false;
    for (const auto& e : trace_.events()) {
      if (e.conn != conn || e.kind != TraceKind::Line) continue;
      const bool from_client = e.dir == Direction::ClientToServer;
      if (from_client && !client_spoke_last) ++turns;
      client_spoke_last = from_client;
    }
    r.passed = turns == d.count;
    if (!r.passed) r.detail = "found " + std::to_string(turns) + " round trip(s)";
  }

  void balance(ExpectationResult& r) {
    const MessageBalance b = balance_from_trace(trace_);
    r.description = "every accepted message is delivered, bounced or still queued";
    r.passed = b.holds();
    if (!r.passed)
      r.detail = std::to_string(b.accepted) + " accepted, " + std::to_string(b.delivered) + " delivered, " +
                 std::to_string(b.bounced) + " bounced, " + std::to_string(b.queued) + " queued";
  }

  const Scenario& scenario_;
  World& world_;
  const Trace& trace_;
};

}  // namespace

std::vector<ExpectationResult> check_expectations(const Scenario& scenario, World& world) {
  Checker checker(scenario, world);
  std::vector<ExpectationResult> results;
  for (const auto& e : scenario.expectations) results.push_back(checker.check(e));
  return results;
}

}  // namespace mailsim
