// RFC 5322 header checks (see message_checks.hpp). Each field name maps to a check in
// one table: how many times it may occur and how its body is validated.
#include "message/message_checks.hpp"

#include <string>

#include "message/address.hpp"
#include "message/text_util.hpp"

namespace mailsim::message {

namespace {

enum class Syntax { none, address_list, mailbox_list, mailbox, date, msg_id, msg_id_list, path };

struct FieldRule {
  std::string_view name;
  int min, max;  // occurrences; max -1 for unlimited (RFC 5322 §3.6 table)
  Syntax syntax;
};

constexpr FieldRule kFieldRules[] = {
    {"Date", 1, 1, Syntax::date},           {"From", 1, 1, Syntax::mailbox_list},
    {"Sender", 0, 1, Syntax::mailbox},      {"Reply-To", 0, 1, Syntax::address_list},
    {"To", 0, 1, Syntax::address_list},     {"Cc", 0, 1, Syntax::address_list},
    {"Bcc", 0, 1, Syntax::none},            {"Message-ID", 0, 1, Syntax::msg_id},
    {"In-Reply-To", 0, 1, Syntax::msg_id_list}, {"References", 0, 1, Syntax::msg_id_list},
    {"Subject", 0, 1, Syntax::none},        {"Return-Path", 0, -1, Syntax::path},
    {"Received", 0, -1, Syntax::none},      {"Resent-Date", 0, -1, Syntax::date},
    {"Resent-From", 0, -1, Syntax::mailbox_list},
};

std::string strip_comments(std::string_view v) {
  std::string out;
  int depth = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && depth > 0) ++i;
    else if (v[i] == '(') ++depth;
    else if (v[i] == ')' && depth > 0) --depth;
    else if (depth == 0) out += v[i];
  }
  return out;
}

bool all_digits(std::string_view s, std::size_t min, std::size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string check_syntax(Syntax syntax, std::string_view value) {
  switch (syntax) {
    case Syntax::none: return "";
    case Syntax::address_list:
    case Syntax::mailbox_list:
    case Syntax::mailbox: {
      const AddressParse p = syntax == Syntax::mailbox ? parse_address(value) : parse_address_list(value);
      if (!p.ok) return "not a valid address: " + p.error + " (RFC 5322 §3.4)";
      for (const auto& a : p.addresses)
        if (a.is_group && syntax != Syntax::address_list) return "a group is not allowed here (RFC 5322 §3.6.2)";
      for (const auto& n : p.notes)
        if (n.problem) return n.text + " (" + n.reference + ")";
      return "";
    }
    case Syntax::date: return is_valid_date_time(value) ? "" : "not a valid date-time (RFC 5322 §3.3)";
    case Syntax::msg_id: return is_valid_msg_id(trim(strip_comments(value))) ? "" : "not a valid msg-id <left@right> (RFC 5322 §3.6.4)";
    case Syntax::msg_id_list: {
      std::string_view rest = value;
      while (!trim(rest).empty()) {
        rest = trim(rest);
        const std::size_t close = rest.find('>');
        if (rest.front() != '<' || close == std::string_view::npos || !is_valid_msg_id(rest.substr(0, close + 1)))
          return "not a list of msg-id <left@right> (RFC 5322 §3.6.4)";
        rest.remove_prefix(close + 1);
      }
      return "";
    }
    case Syntax::path: {
      const std::string v(trim(strip_comments(value)));
      if (v == "<>") return "";
      if (v.size() < 2 || v.front() != '<' || v.back() != '>' || !parse_address(v).ok)
        return "not a return path <address> or <> (RFC 5322 §3.6.7)";
      return "";
    }
  }
  return "";
}

}  // namespace

bool is_valid_msg_id(std::string_view v) {
  if (v.size() < 5 || v.front() != '<' || v.back() != '>') return false;
  v = v.substr(1, v.size() - 2);
  const std::size_t at = v.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == v.size()) return false;
  for (const unsigned char c : v)
    if (c <= 32 || c >= 127 || c == '<' || c == '>') return false;
  return true;
}

bool is_valid_date_time(std::string_view value) {
  static constexpr std::string_view kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string text = strip_comments(value);
  // Tokens separated by blanks; a day name ends with ','.
  std::vector<std::string_view> tokens;
  std::string_view rest = text;
  while (!(rest = trim(rest)).empty()) {
    std::size_t end = 0;
    while (end < rest.size() && !is_wsp(rest[end]) && rest[end] != ',') ++end;
    if (end < rest.size() && rest[end] == ',') ++end;
    tokens.push_back(rest.substr(0, end == 0 ? 1 : end));
    rest.remove_prefix(end == 0 ? 1 : end);
  }
  std::size_t i = 0;
  if (!tokens.empty() && tokens[0].size() == 4 && tokens[0].back() == ',') {
    bool day = false;
    for (const auto d : kDays) day = day || iequals(d, tokens[0].substr(0, 3));
    if (!day) return false;
    ++i;
  }
  if (tokens.size() != i + 5) return false;
  if (!all_digits(tokens[i], 1, 2)) return false;
  bool month = false;
  for (const auto m : kMonths) month = month || iequals(m, tokens[i + 1]);
  if (!month || !all_digits(tokens[i + 2], 2, 4)) return false;
  const std::string_view time = tokens[i + 3];
  if (!(time.size() == 5 || time.size() == 8) || !all_digits(time.substr(0, 2), 2, 2) || time[2] != ':' ||
      !all_digits(time.substr(3, 2), 2, 2) || (time.size() == 8 && (time[5] != ':' || !all_digits(time.substr(6), 2, 2))))
    return false;
  const std::string_view zone = tokens[i + 4];
  if ((zone[0] == '+' || zone[0] == '-') && all_digits(zone.substr(1), 4, 4)) return true;
  static constexpr std::string_view kObsZones[] = {"UT", "GMT", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"};
  for (const auto z : kObsZones)
    if (iequals(z, zone)) return true;
  return zone.size() == 1 && ((zone[0] | 0x20) >= 'a' && (zone[0] | 0x20) <= 'z' && (zone[0] | 0x20) != 'j');
}

void check_message_header(const HeaderSection& header, Diagnostics& diagnostics, std::string_view part_path,
                          bool encapsulated) {
  const std::size_t first_line = header.fields.empty() ? 0 : header.fields.front().line;
  if (encapsulated && !header.find("From") && !header.find("Subject") && !header.find("Date"))
    diagnostics.add(Severity::warning, location(part_path, first_line),
                    "an encapsulated message needs at least one of From, Subject or Date (RFC 2046 §5.2.1)");
  for (const auto& rule : kFieldRules) {
    const auto found = header.find_all(rule.name);
    if (!encapsulated && static_cast<int>(found.size()) < rule.min)
      diagnostics.add(Severity::error, location(part_path, first_line),
                      "missing required " + std::string(rule.name) + " field (RFC 5322 §3.6)");
    if (rule.max >= 0 && static_cast<int>(found.size()) > rule.max)
      diagnostics.add(Severity::warning, location(part_path, found[1]->line),
                      std::string(rule.name) + " appears " + std::to_string(found.size()) + " times, at most once allowed (RFC 5322 §3.6)");
    for (const HeaderField* f : found) {
      const std::string problem = check_syntax(rule.syntax, f->value);
      if (!problem.empty()) diagnostics.add(Severity::warning, location(part_path, f->line), std::string(rule.name) + ": " + problem);
    }
  }
  if (const HeaderField* from = header.find("From")) {
    const AddressParse p = parse_address_list(from->value);
    if (p.ok && (p.addresses.size() > 1 || (!p.addresses.empty() && p.addresses[0].mailboxes.size() > 1)) && !header.find("Sender"))
      diagnostics.add(Severity::warning, location(part_path, from->line), "From names several mailboxes but there is no Sender (RFC 5322 §3.6.2)");
  }
  for (const auto& f : header.fields)
    if (!is_ascii(f.value))
      diagnostics.add(Severity::warning, location(part_path, f.line),
                      f.name + " holds raw 8-bit octets: header text outside ASCII needs RFC 2047 encoded words "
                               "(or UTF-8 with SMTPUTF8, RFC 6532)");
  for (const auto& f : header.fields)
    if (istarts_with(f.name, "X-"))
      diagnostics.add(Severity::note, location(part_path, f.line),
                      f.name + " is a private, user-defined field (X- prefix; RFC 822 §4.7.5, discouraged by RFC 6648)");
}

}  // namespace mailsim::message
