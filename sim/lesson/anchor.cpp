// Anchors (queries over trace events) and predictions (answers computed from the anchored
// event, from the address parsers or from the MIME parser, then compared with a student's).
#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <tuple>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "explain/notes.hpp"
#include "lesson/lesson.hpp"
#include "message/address.hpp"
#include "message/eml.hpp"
#include "message/inspect.hpp"
#include "message/mime.hpp"
#include "message/smtp_path.hpp"
#include "core/ascii.hpp"

namespace mailsim::lesson {

namespace {

std::string trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}
std::string first_word(std::string_view s) {
  const std::string t = trim(s);
  return t.substr(0, t.find(' '));
}

const char* const kKinds[] = {"host-down", "host-up",  "connect",   "accepted",         "refused",  "timeout",
                              "closed",    "line",     "dns-query", "dns-answer",       "message-accepted",
                              "queued",    "decision", "relayed",   "delivered",        "bounced",  "headers",
                              "expect",    "note",     "mailbox",   "command",          "reply"};

// Commands and replies paired, computed once per trace: each command's verb, and for each
// reply the command it answers (lines say themselves what they are: TraceEvent::role).
struct Pairing {
  bool command = false;
  bool reply = false;
  std::string verb;  // command: its verb; reply: the verb of the command answered ("" for a greeting)
  std::size_t answers = SIZE_MAX;  // reply: the index of the command line it answers
};

// Replies are matched to commands in order (SMTP PIPELINING, RFC 2920, sends several
// commands before the first reply), IMAP ones by tag. The reply to the end of the message
// text (the lone "." after DATA's 354) answers the pseudo-command ".".
std::vector<Pairing> pair_lines(const Trace& trace) {
  struct ConnState {
    std::deque<std::tuple<std::string, std::size_t>> pending;  // commands waiting for a reply: verb, index
    std::map<std::string, std::pair<std::string, std::size_t>> tags;  // IMAP: tag -> verb, index
    int rcpt_ok = 0;           // LMTP: recipients accepted in this transaction
  };
  std::map<std::uint32_t, ConnState> conns;
  std::vector<Pairing> pairs(trace.size());
  for (const auto& e : trace.events()) {
    if (e.kind != TraceKind::Line) continue;
    ConnState& c = conns[e.conn];
    Pairing& r = pairs[e.index];
    const std::string t = trim(e.text);
    if (e.role == LineRole::End && e.dir == Direction::ClientToServer) {
      c.pending.emplace_back(".", e.index);
    } else if (e.role == LineRole::Command) {
      r.command = true;
      if (e.proto == Protocol::Imap) {
        const std::size_t sp = t.find(' ');
        r.verb = ascii::to_upper(sp == std::string::npos ? t : first_word(t.substr(sp + 1)));
        if (r.verb == "UID") {  // "a1 UID FETCH ...": name the command after UID
          const std::size_t sp2 = t.find(' ', sp + 1);
          if (sp2 != std::string::npos) r.verb = "UID " + ascii::to_upper(first_word(t.substr(sp2 + 1)));
        }
        c.tags[t.substr(0, sp)] = {r.verb, e.index};
      } else {
        r.verb = ascii::to_upper(first_word(t));
        c.pending.emplace_back(r.verb, e.index);
      }
    } else if (e.role == LineRole::Reply) {
      r.reply = true;
      if (e.proto == Protocol::Imap) {
        auto it = c.tags.find(t.substr(0, t.find(' ')));
        if (it != c.tags.end()) std::tie(r.verb, r.answers) = it->second;
      } else if (!c.pending.empty()) {
        std::tie(r.verb, r.answers) = c.pending.front();
        c.pending.pop_front();
      }
      // LMTP (RFC 2033 §4.2): after the final dot, one reply per accepted recipient, all
      // answering the same ".".
      if (r.verb == "MAIL" || r.verb == "RSET") c.rcpt_ok = 0;
      if (r.verb == "RCPT" && e.code >= 200 && e.code < 300) ++c.rcpt_ok;
      if (r.verb == "." && e.proto == Protocol::Lmtp) {
        for (int k = 1; k < c.rcpt_ok; ++k) c.pending.emplace_front(".", r.answers);
        c.rcpt_ok = 0;
      }
    }
  }
  return pairs;
}

bool matches(const AnchorQuery& q, const TraceEvent& e, const Trace& trace, const Pairing& role) {
  if (!q.kind.empty()) {
    if (q.kind == "command") {
      if (!role.command) return false;
    } else if (q.kind == "reply") {
      if (!role.reply) return false;
    } else if (trace_kind_name(e.kind) != q.kind) {
      return false;
    }
  }
  if (!q.host.empty() && trace.name(e.host) != q.host) return false;
  if (!q.peer.empty() && trace.name(e.peer) != q.peer) return false;
  if (!q.command.empty() && (!(role.command || role.reply) || role.verb != q.command)) return false;
  if (q.code != 0 && (e.kind != TraceKind::Line || e.code != q.code)) return false;  // a reply code
  if (q.port != 0 && e.port != q.port) return false;
  if (!q.proto.empty() && protocol_name(e.proto) != q.proto) return false;
  if (!q.message.empty() && (e.message == 0 || message_label(e.message) != q.message)) return false;
  if (!q.state.empty() && ascii::to_lower(trace.state_name(e.state)) != q.state) return false;
  if (!q.text.empty() && ascii::to_lower(e.text).find(q.text) == std::string::npos) return false;
  return true;
}

std::vector<std::size_t> match_with(const AnchorQuery& q, const Trace& trace, const std::vector<Pairing>& roles) {
  std::size_t start = 0;
  if (q.after) {
    auto before = match_with(*q.after, trace, roles);
    const int n = q.after->nth;
    if (before.empty() || (n > 0 && static_cast<std::size_t>(n) > before.size())) return {};
    start = (n < 0 ? before.back() : before[static_cast<std::size_t>(n - 1)]) + 1;
  }
  std::vector<std::size_t> out;
  for (std::size_t i = start; i < trace.size(); ++i)
    if (matches(q, trace[i], trace, roles[i])) out.push_back(i);
  return out;
}

std::string yes_no(bool b) { return b ? "yes" : "no"; }

// Fields of a Headers event: how many named `name`, and the first one's value.
std::pair<int, std::string> header_fields(std::string_view block, const std::string& name) {
  int count = 0;
  std::string first;
  std::size_t start = 0;
  bool in_wanted = false;
  while (start < block.size()) {
    std::size_t end = block.find('\n', start);
    if (end == std::string::npos) end = block.size();
    std::string line(block.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;  // end of the header block
    if (line[0] == ' ' || line[0] == '\t') {
      if (in_wanted && count == 1) first += " " + trim(line);
    } else {
      const std::size_t colon = line.find(':');
      in_wanted = colon != std::string::npos && ascii::to_lower(trim(line.substr(0, colon))) == ascii::to_lower(name);
      if (in_wanted && ++count == 1) first = trim(line.substr(colon + 1));
    }
    start = end + 1;
  }
  return {count, first};
}

Answer fail(std::string why) {
  Answer a;
  a.error = std::move(why);
  return a;
}
Answer ok(std::string value) {
  Answer a;
  a.ok = true;
  a.value = std::move(value);
  return a;
}

Answer address_answer(const Step& step) {
  const Prediction& p = *step.predict;
  using namespace mailsim::message;
  if (step.address_kind == "path") {
    const std::string text = step.address;
    const PathParse parsed = parse_smtp_path(text, PathRole::forward);
    if (p.field == "valid") return ok(yes_no(parsed.ok));
    if (!parsed.ok) return fail("the path is not valid (" + parsed.error + "): only `valid` can be asked");
    if (p.field == "mailbox") return ok(parsed.path.mailbox());
    if (p.field == "local_part") return ok(parsed.path.local_part);
    if (p.field == "domain") return ok(parsed.path.domain);
    if (p.field == "route") {
      std::string r;
      for (const auto& h : parsed.path.ignored_route) r += (r.empty() ? "" : ",") + h;
      return ok(r.empty() ? "none" : r);
    }
    return fail("field \"" + p.field + "\" cannot be asked about an SMTP path");
  }
  const AddressParse parsed = parse_address(step.address);
  if (p.field == "valid") return ok(yes_no(parsed.ok));
  if (!parsed.ok || parsed.addresses.empty() || parsed.addresses[0].mailboxes.empty())
    return fail("the address is not a valid mailbox (" + parsed.error + "): only `valid` can be asked");
  const message::Mailbox& m = parsed.addresses[0].mailboxes[0];
  if (p.field == "mailbox") return ok(m.addr_spec());
  if (p.field == "local_part") return ok(m.local_part);
  if (p.field == "domain") return ok(m.domain);
  if (p.field == "display_name") return ok(m.display_name.empty() ? "none" : m.display_name);
  if (p.field == "route") {
    std::string r;
    for (const auto& h : m.route) r += (r.empty() ? "" : ",") + h;
    return ok(r.empty() ? "none" : r);
  }
  if (p.field == "same") {
    const AddressParse other = parse_address(p.name);
    if (!other.ok || other.addresses.empty() || other.addresses[0].mailboxes.empty())
      return fail("`same` needs a valid address in `name`");
    return ok(yes_no(same_mailbox(m, other.addresses[0].mailboxes[0])));
  }
  return fail("field \"" + p.field + "\" cannot be asked about an address");
}

Answer message_answer(const Step& step) {
  using namespace mailsim::message;
  const Prediction& p = *step.predict;
  std::string error;
  auto bytes = read_file_bytes(step.message_file, &error);
  if (!bytes) return fail("cannot read " + step.message_file + ": " + error);
  const Message msg = Message::parse(std::move(*bytes));
  const MessageSummary summary = summarize(msg);
  if (p.field == "parts") return ok(std::to_string(summary.parts.size()));
  if (p.field == "diagnostics") return ok(std::to_string(summary.diagnostics.size()));
  if (p.field == "header") {
    for (const auto& [name, value] : summary.headers)
      if (ascii::to_lower(name) == ascii::to_lower(p.name)) return ok(value);
    return fail("the message has no " + p.name + " field");
  }
  for (const auto& part : summary.parts) {
    if (part.path != p.part) continue;
    if (p.field == "type") return ok(part.media_type);
    if (p.field == "encoding") return ok(part.encoding);
    if (p.field == "charset") return ok(part.charset.empty() ? "none" : part.charset);
    return fail("field \"" + p.field + "\" cannot be asked about a message");
  }
  return fail("the message has no part \"" + p.part + "\"");
}

}  // namespace

std::optional<AnchorQuery> parse_anchor(const nlohmann::json& spec, std::string* error) {
  auto fail_with = [&](const std::string& why) -> std::optional<AnchorQuery> {
    if (error) *error = why;
    return std::nullopt;
  };
  if (!spec.is_object()) return fail_with("an anchor is written {kind: ..., host: ..., ...}");
  AnchorQuery q;
  for (const auto& item : spec.items()) {
    // Named references, not a structured binding: clang 14 (Debian 12) cannot capture a binding in a lambda.
    const std::string& key = item.key();
    const nlohmann::json& v = item.value();
    auto text = [&]() -> std::optional<std::string> {
      if (v.is_string()) return v.get<std::string>();
      if (v.is_number_integer()) return v.dump();
      return std::nullopt;
    };
    if (key == "after") {
      std::string why;
      auto inner = parse_anchor(v, &why);
      if (!inner) return fail_with("after: " + why);
      q.after = std::make_shared<AnchorQuery>(std::move(*inner));
      continue;
    }
    if (key == "code" || key == "port") {
      if (!v.is_number_integer()) return fail_with(key + " takes a number");
      (key == "code" ? q.code : q.port) = v.get<int>();
      continue;
    }
    if (key == "nth") {
      if (v.is_string() && v.get<std::string>() == "last") q.nth = -1;
      else if (v.is_number_integer() && v.get<int>() >= 1) q.nth = v.get<int>();
      else return fail_with("nth takes 1, 2, ... or last");
      continue;
    }
    auto t = text();
    if (!t) return fail_with(key + " takes a text");
    if (key == "kind") {
      q.kind = ascii::to_lower(*t);
      if (std::find(std::begin(kKinds), std::end(kKinds), q.kind) == std::end(kKinds)) {
        std::string all;
        for (const char* k : kKinds) all += (all.empty() ? "" : ", ") + std::string(k);
        return fail_with("unknown kind \"" + *t + "\" (kinds: " + all + ")");
      }
    } else if (key == "host" || key == "from") q.host = ascii::to_lower(*t);
    else if (key == "peer" || key == "to") q.peer = ascii::to_lower(*t);
    else if (key == "command") q.command = ascii::to_upper(*t);
    else if (key == "proto") q.proto = ascii::to_lower(*t);
    else if (key == "text") q.text = ascii::to_lower(*t);
    else if (key == "message") q.message = ascii::to_upper(*t);
    else if (key == "state") q.state = ascii::to_lower(*t);
    else return fail_with("unknown key \"" + key + "\" (keys: kind, host/from, peer/to, command, code, proto, port, text, message, state, nth, after)");
  }
  return q;
}

std::string AnchorQuery::describe() const {
  std::string out = kind.empty() ? "event" : kind;
  if (!command.empty()) out += (kind == "reply" ? " to " : " ") + command;
  if (code) out += " " + std::to_string(code);
  if (!host.empty()) out += " from " + host;
  if (!peer.empty()) out += " to " + peer;
  if (!proto.empty()) out += " (" + proto + ")";
  if (port) out += " port " + std::to_string(port);
  if (!message.empty()) out += " " + message;
  if (!state.empty()) out += " state " + state;
  if (!text.empty()) out += " containing \"" + text + "\"";
  if (nth != 1) out += nth < 0 ? ", the last" : ", number " + std::to_string(nth);
  if (after) out += ", after " + after->describe();
  return out;
}

std::vector<std::size_t> match_events(const AnchorQuery& query, const Trace& trace) {
  return match_with(query, trace, pair_lines(trace));
}

std::optional<std::size_t> find_anchor(const AnchorQuery& query, const Trace& trace) {
  const auto all = match_events(query, trace);
  if (all.empty()) return std::nullopt;
  if (query.nth < 0) return all.back();
  if (static_cast<std::size_t>(query.nth) > all.size()) return std::nullopt;
  return all[static_cast<std::size_t>(query.nth - 1)];
}

std::optional<std::size_t> question_position(const Step& step, const Trace& trace) {
  if (!step.anchor) return std::nullopt;
  auto at = find_anchor(*step.anchor, trace);
  if (!at) return std::nullopt;
  if (step.predict && step.predict->field != "reply" && *at > 0) return *at - 1;
  return at;
}

namespace {
// The reply that answers the command at `at`; for another event, the next reply on its connection.
std::optional<std::size_t> reply_after(const Trace& trace, std::size_t at) {
  const auto roles = pair_lines(trace);
  const TraceEvent& e = trace[at];
  const bool command = roles[at].command || (e.role == LineRole::End && e.dir == Direction::ClientToServer);
  for (std::size_t i = at + 1; i < trace.size(); ++i) {
    const TraceEvent& r = trace[i];
    if (r.conn != e.conn || r.kind != TraceKind::Line || !roles[i].reply) continue;
    if (command && roles[i].answers != at) continue;
    return i;
  }
  return std::nullopt;
}
}  // namespace

std::optional<std::size_t> answer_position(const Step& step, const Trace& trace) {
  if (!step.anchor) return std::nullopt;
  const auto at = find_anchor(*step.anchor, trace);
  if (at && step.predict && step.predict->field == "reply") return reply_after(trace, *at);
  return at;
}

Answer expected_answer(const Step& step, const Trace* trace) {
  if (!step.predict) return fail("this step asks no question");
  const Prediction& p = *step.predict;
  if (!step.address.empty()) return address_answer(step);
  if (!step.message_file.empty()) return message_answer(step);
  if (!trace) return fail("no simulation to compute the answer from");
  if (!step.anchor) return fail("a prediction about the simulation needs an anchor");
  if (p.field == "count") return ok(std::to_string(match_events(*step.anchor, *trace).size()));
  const auto at = find_anchor(*step.anchor, *trace);
  if (!at) return fail("the anchor (" + step.anchor->describe() + ") matches no event");
  const TraceEvent& e = (*trace)[*at];
  if (p.field == "code")
    return e.kind == TraceKind::Line && e.code ? ok(std::to_string(e.code)) : fail("the anchored event has no reply code");
  if (p.field == "host") return ok(trace->name(e.host));
  if (p.field == "peer") return e.peer != kNoHost ? ok(trace->name(e.peer)) : fail("the anchored event has no peer");
  if (p.field == "command") return e.kind == TraceKind::Line ? ok(ascii::to_upper(first_word(e.text))) : fail("the anchored event is not a line");
  if (p.field == "message") return e.message ? ok(message_label(e.message)) : fail("the anchored event names no message");
  if (p.field == "state")
    return e.state != kNoState ? ok(trace->state_name(e.state)) : fail("the anchored event has no state");
  if (p.field == "port") return e.port ? ok(std::to_string(e.port)) : fail("the anchored event has no port");
  if (p.field == "kind") return ok(std::string(trace_kind_name(e.kind)));
  if (p.field == "text") return ok(std::string(e.text));
  if (p.field == "word") {  // the n-th word of the event's text (`part: "2"`): "+OK 3 1002" -> "3"
    const std::string& n_text = p.part.empty() ? std::string("1") : p.part;
    if (!std::all_of(n_text.begin(), n_text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
        n_text.size() > 3 || std::stoi(n_text) < 1)
      return fail("`word` takes the word's number in `part` (1 = the first)");
    const int n = std::stoi(n_text);
    std::size_t i = 0;
    for (int k = 1;; ++k) {
      while (i < e.text.size() && std::isspace(static_cast<unsigned char>(e.text[i]))) ++i;
      if (i >= e.text.size()) return fail("the anchored event's text has fewer than " + n_text + " words");
      std::size_t j = i;
      while (j < e.text.size() && !std::isspace(static_cast<unsigned char>(e.text[j]))) ++j;
      if (k == n) return ok(std::string(e.text.substr(i, j - i)));
      i = j;
    }
  }
  if (p.field == "header-count" || p.field == "header") {
    if (e.kind != TraceKind::Headers) return fail("the anchored event is not a headers event");
    const auto [count, first] = header_fields(e.text, p.name);
    if (p.field == "header-count") return ok(std::to_string(count));
    return count ? ok(first) : fail("the header block has no " + p.name + " field");
  }
  if (p.field == "reply") {
    const auto i = reply_after(*trace, *at);
    if (!i) return fail("no reply follows the anchored event on its connection");
    const TraceEvent& r = (*trace)[*i];
    if (r.proto == Protocol::Pop3) return ok(first_word(r.text));
    if (r.proto == Protocol::Imap) {
      const std::string t = trim(r.text);
      return ok(ascii::to_upper(first_word(t.substr(t.find(' ') == std::string::npos ? t.size() : t.find(' ') + 1))));
    }
    return ok(std::to_string(r.code));
  }
  return fail("field \"" + p.field + "\" cannot be asked about a trace event");
}

namespace {
// "Réponse" -> "reponse": the accented Latin letters of French (UTF-8 C3 xx, and œ) folded to
// their base letter, so that a missing or different accent is not held against the student.
std::string fold_accents(std::string_view s) {
  static const char kBase[] = "AAAAAAACEEEEIIII" "DNOOOOO*OUUUUYTs" "aaaaaaaceeeeiiii" "dnooooo/ouuuuyty";
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == 0xC3 && next >= 0x80 && next <= 0xBF) {
      out += kBase[next - 0x80];
      ++i;
    } else if (c == 0xC5 && (next == 0x92 || next == 0x93)) {
      out += next == 0x92 ? "OE" : "oe";
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}
}  // namespace

bool answers_match(const Prediction& prediction, std::string_view expected, std::string_view student) {
  auto norm = [](std::string_view s) {
    std::string t = ascii::to_lower(fold_accents(trim(s)));
    while (t.size() >= 2 && ((t.front() == '<' && t.back() == '>') || (t.front() == '"' && t.back() == '"') ||
                             (t.front() == '\'' && t.back() == '\'')))
      t = trim(t.substr(1, t.size() - 2));
    while (!t.empty() && t.back() == '.') t.pop_back();
    return t;
  };
  const std::string e = norm(expected), s = norm(student);
  if (e.empty()) return false;
  const std::string& f = prediction.field;
  if (f == "valid" || f == "same") {
    auto truth = [](const std::string& x) -> int {
      if (x == "yes" || x == "oui" || x == "true" || x == "y" || x == "o" || x == "1" || x == "valid" || x == "valide") return 1;
      if (x == "no" || x == "non" || x == "false" || x == "n" || x == "0" || x == "invalid" || x == "invalide") return 0;
      return -1;
    };
    return truth(e) >= 0 && truth(e) == truth(s);
  }
  // A number: compare the student's leading number ("250 OK" is 250).
  if (std::all_of(e.begin(), e.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    std::size_t n = 0;
    while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n]))) ++n;
    return n > 0 && s.substr(0, n) == e;
  }
  if (f == "reply") {  // POP3 "+OK"/"-ERR", IMAP "OK"/"NO"/"BAD": the sign may be left out
    auto unsigned_word = [](std::string x) {
      if (!x.empty() && (x[0] == '+' || x[0] == '-')) x.erase(0, 1);
      return first_word(x);
    };
    return unsigned_word(e) == unsigned_word(s);
  }
  if (f == "command") return first_word(e) == first_word(s);
  return e == s;
}

PredictionResult reveal_answer(const Step& step, const Trace* trace, Lang lang) {
  PredictionResult r;
  const Answer a = expected_answer(step, trace);
  if (!a.ok) {
    r.error = a.error;
    return r;
  }
  r.expected = display_answer(a.value, lang);
  std::string text = step.answer.get(lang);
  for (std::size_t at; (at = text.find("{{answer}}")) != std::string::npos;) text.replace(at, 10, r.expected);
  r.explanation = std::move(text);
  return r;
}

PredictionResult evaluate_prediction(const Step& step, const Trace* trace, std::string_view student_answer, Lang lang) {
  PredictionResult r = reveal_answer(step, trace, lang);
  if (!r.error.empty()) return r;
  const auto& options = step.predict->options;
  const auto chosen = std::find_if(options.begin(), options.end(),
                                   [&](const std::string& o) { return answers_match(*step.predict, o, student_answer); });
  if (!options.empty() && chosen == options.end()) {
    r.refused = true;
    r.explanation.clear();  // neither right nor wrong: the answer stays hidden
    std::string list;
    for (const auto& o : options) list += (list.empty() ? "" : ", ") + display_answer(o, lang);
    r.feedback = lang == Lang::Fr ? "« " + std::string(trim(student_answer)) + " » n'est pas l'un des choix proposés (" + list + ") : choisissez-en un."
                                  : "\"" + std::string(trim(student_answer)) + "\" is not one of the choices (" + list + "): pick one of them.";
    return r;
  }
  r.correct = answers_match(*step.predict, r.expected, student_answer);
  if (!r.correct && chosen != options.end())
    if (auto f = step.feedback.find(*chosen); f != step.feedback.end()) r.feedback = f->second.get(lang);
  return r;
}

std::string display_answer(std::string_view value, Lang lang) {
  if (lang != Lang::Fr) return std::string(value);
  if (value == "yes") return "oui";
  if (value == "no") return "non";
  return std::string(value);
}

std::string subject_summary(const Step& step, Lang lang) {
  using namespace mailsim::message;
  const bool fr = lang == Lang::Fr;
  const auto says = [lang](const std::string& text) { return explain::localize_note(text, lang); };
  if (!step.address.empty()) {
    std::string out;
    if (step.address_kind == "path") {
      const PathParse p = parse_smtp_path(step.address, PathRole::forward);
      out = (fr ? "chemin SMTP " : "SMTP path ") + step.address + (fr ? " : " : ": ");
      if (!p.ok) return out + (fr ? "refusé avec " : "rejected with ") + std::to_string(p.reply_code) + " (" + says(p.error) + ")";
      out += (fr ? "boîte " : "mailbox ") + p.path.mailbox();
      if (!p.path.ignored_route.empty()) {
        out += fr ? " ; route par la source ignorée :" : "; source route ignored:";
        for (const auto& h : p.path.ignored_route) out += " " + h;
      }
      return out;
    }
    const AddressParse p = parse_address(step.address);
    out = (fr ? "adresse " : "address ") + step.address + (fr ? " : " : ": ");
    if (!p.ok) return out + (fr ? "non valide (" : "not valid (") + says(p.error) + ")";
    for (const auto& a : p.addresses)
      for (const auto& m : a.mailboxes)
        out += (fr ? "boîte " : "mailbox ") + m.addr_spec() +
               (m.display_name.empty() ? "" : (fr ? ", nom affiché « " + m.display_name + " »" : ", display name \"" + m.display_name + "\""));
    for (const auto& n : p.notes) out += "\n  - " + says(n.text) + (n.reference.empty() ? "" : " (" + n.reference + ")");
    return out;
  }
  if (!step.message_file.empty()) {
    std::string error;
    auto bytes = read_file_bytes(step.message_file, &error);
    if (!bytes) return (fr ? "impossible de lire " : "cannot read ") + step.message_file + ": " + error;
    MessageSummary summary = summarize(Message::parse(std::move(*bytes)));
    for (auto& d : summary.diagnostics) d.what = says(d.what);
    std::string text = to_text(summary);
    if (fr)
      for (const auto& [en, french] : {std::pair<std::string, std::string>{"\nMIME tree:\n", "\nArbre MIME :\n"},
                                      {"\nDiagnostics: ", "\nDiagnostics : "}, {" decoded]", " décodés]"},
                                      {"  error (", "  erreur ("}, {"  warning (", "  avertissement ("}, {"  note (line ", "  note (ligne "},
                                      {"  erreur (line ", "  erreur (ligne "}, {"  avertissement (line ", "  avertissement (ligne "}})
        for (std::size_t at; (at = text.find(en)) != std::string::npos;) text.replace(at, en.size(), french);
    if (fr) {  // "  erreur (ligne 1): ..." -> "  erreur (ligne 1) : ...", as French writes a colon
      for (std::size_t at = 0; (at = text.find(" (ligne ", at)) != std::string::npos; ++at) {
        const std::size_t close = text.find("): ", at);
        if (close != std::string::npos && text.find('\n', at) > close) text.replace(close, 3, ") : ");
      }
    }
    return text;
  }
  return "";
}

}  // namespace mailsim::lesson
