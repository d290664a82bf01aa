// RFC 5322 §3.4 address parser (see address.hpp): recursive descent over the text,
// one function per grammar rule, with the obsolete forms of §4.4 accepted and noted.
// A mailbox is tried as [display-name] "<" ... ">" or group first; if what follows the
// phrase is neither "<" nor ":", the parser backs up and reads an addr-spec.
#include "message/address.hpp"

#include "message/encoded_word.hpp"
#include "message/text_util.hpp"

namespace mailsim::message {

namespace {

// atext, plus UTF-8 octets (RFC 6532 §3.2) so that internationalized addresses are read.
bool is_atext_or_utf8(unsigned char c) { return c >= 0x80 || is_atext(c); }

bool is_dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i + 1] == '.') return false;
    } else if (!is_atext_or_utf8(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

class Parser {
 public:
  Parser(std::string_view text, const Limits& limits, AddressParse& out) : s_(text), limits_(limits), out_(out) {}

  bool address(Address& address, bool allow_group);
  bool at_end() {
    skip_cfws();
    return pos_ >= s_.size();
  }
  bool eat(char c) {
    skip_cfws();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  char peek() {
    skip_cfws();
    return pos_ < s_.size() ? s_[pos_] : '\0';
  }
  bool fail(const std::string& what) {
    error_ = what + " at offset " + std::to_string(pos_);
    return false;
  }
  const std::string& error() const { return error_; }
  void note(std::string text, const char* reference, bool problem = false) {
    for (const auto& n : out_.notes)
      if (n.text == text) return;
    out_.notes.push_back({std::move(text), reference, problem});
  }

 private:
  bool skip_cfws();  // false on an unterminated comment
  bool comment();
  bool quoted_string(std::string& value);
  bool atom(std::string& value);
  bool phrase(std::string& value);
  bool local_part(std::string& value);
  bool domain(Mailbox& mailbox);
  bool addr_spec(Mailbox& mailbox);
  bool angle_addr(Mailbox& mailbox);
  bool obs_route(Mailbox& mailbox);
  bool mailbox(Mailbox& mailbox);
  void explain(const Mailbox& mailbox, bool quoted);

  std::string_view s_;
  const Limits& limits_;
  AddressParse& out_;
  std::size_t pos_ = 0;
  std::string error_;
  bool comment_error_ = false;
};

bool Parser::skip_cfws() {
  while (pos_ < s_.size()) {
    const char c = s_[pos_];
    if (is_wsp(c) || c == '\r' || c == '\n') {
      ++pos_;
    } else if (c == '(') {
      if (!comment()) return false;
    } else {
      break;
    }
  }
  return true;
}

bool Parser::comment() {
  const std::size_t start = pos_;
  int depth = 0;
  while (pos_ < s_.size()) {
    const char c = s_[pos_++];
    if (c == '\\' && pos_ < s_.size()) ++pos_;
    else if (c == '(') ++depth;
    else if (c == ')' && --depth == 0) {
      note("the comment " + std::string(s_.substr(start, pos_ - start)) + " is ignored", "RFC 5322 §3.2.2");
      return true;
    }
  }
  pos_ = start;
  comment_error_ = true;
  fail("unterminated comment (missing ')')");
  pos_ = s_.size();  // nothing after an unterminated comment can be read
  return false;
}

bool Parser::quoted_string(std::string& value) {
  const std::size_t start = pos_++;
  while (pos_ < s_.size()) {
    const char c = s_[pos_++];
    if (c == '"') return true;
    if (c == '\\' && pos_ < s_.size()) {
      const char quoted = s_[pos_++];
      // "\" CR or LF is obsolete (obs-qp, §4.1) and unfolds like a bare one: a line break
      // in a value would break the header field or SMTP command it is written back into.
      if (quoted != '\r' && quoted != '\n') value += quoted;
      else note("a line break quoted with '\\' is obsolete and dropped", "RFC 5322 §4.1", true);
    } else if (c != '\r' && c != '\n') {
      value += c;  // FWS inside quotes unfolds
    }
  }
  pos_ = start;
  return fail("unterminated quoted string (missing '\"')");
}

bool Parser::atom(std::string& value) {
  const std::size_t start = pos_;
  while (pos_ < s_.size() && is_atext_or_utf8(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  value.append(s_.substr(start, pos_ - start));
  return pos_ > start;
}

bool Parser::phrase(std::string& value) {
  bool any = false;
  while (true) {
    const std::size_t before = pos_;
    if (!skip_cfws()) return false;
    if (pos_ >= s_.size()) break;
    const bool spaced = pos_ > before && any;
    std::string word;
    if (s_[pos_] == '"') {
      if (!quoted_string(word)) return false;
    } else if (s_[pos_] == '.' && any) {  // obs-phrase (§4.1): "J. Doe"
      word = ".";
      ++pos_;
    } else if (!atom(word)) {
      break;
    }
    if (spaced) value += ' ';
    value += word;
    any = true;
  }
  return true;
}

bool Parser::local_part(std::string& value) {
  bool expect_word = true;
  bool obsolete_spacing = false;
  std::size_t words = 0, quoted_words = 0;
  while (true) {
    const std::size_t before = pos_;
    if (!skip_cfws()) return false;
    if (pos_ >= s_.size()) break;
    // CFWS around the whole local part is allowed (dot-atom = [CFWS] dot-atom-text [CFWS],
    // RFC 5322 §3.2.3, §3.4.1); between its words (around a dot) it is obsolete (§4.4).
    if (pos_ > before && words > 0 && (expect_word || s_[pos_] == '.')) obsolete_spacing = true;
    if (expect_word) {
      if (s_[pos_] == '"') {
        if (!quoted_string(value)) return false;
        ++quoted_words;
      } else if (!atom(value)) {
        return fail(words == 0 ? "expected a local part" : "empty word between dots in the local part");
      }
      ++words;
      expect_word = false;
    } else if (s_[pos_] == '.') {
      value += '.';
      ++pos_;
      expect_word = true;
    } else {
      break;
    }
  }
  if (expect_word) return fail(words == 0 ? "expected a local part" : "the local part ends with a dot");
  if (quoted_words > 0 && (words > 1))
    note("a local part mixing quoted and unquoted words is obsolete syntax", "RFC 5322 §4.4", true);
  if (obsolete_spacing) note("spaces or comments between the words of a local part are obsolete syntax", "RFC 5322 §4.4", true);
  return true;
}

bool Parser::domain(Mailbox& mailbox) {
  if (!skip_cfws()) return false;
  if (pos_ < s_.size() && s_[pos_] == '[') {
    const std::size_t close = s_.find(']', pos_);
    if (close == std::string_view::npos) return fail("unterminated domain literal (missing ']')");
    mailbox.domain = std::string(s_.substr(pos_, close - pos_ + 1));
    mailbox.domain_literal = true;
    pos_ = close + 1;
    const std::string_view inside = std::string_view(mailbox.domain).substr(1, mailbox.domain.size() - 2);
    if (is_ipv4_address(inside))
      note("the domain " + mailbox.domain + " is an address literal: mail goes straight to that IPv4 host, no MX lookup",
           "RFC 5321 §4.1.3, §5.1");
    else if (istarts_with(inside, "IPv6:"))
      note("the domain " + mailbox.domain + " is an IPv6 address literal", "RFC 5321 §4.1.3");
    else
      note("the domain literal " + mailbox.domain + " is not an IPv4 or IPv6 address", "RFC 5321 §4.1.3", true);
    return true;
  }
  std::string name;
  bool expect_label = true;
  while (true) {
    if (!skip_cfws()) return false;
    if (pos_ >= s_.size()) break;
    if (expect_label) {
      if (!atom(name)) return fail(name.empty() ? "expected a domain after '@'" : "empty label in the domain");
      expect_label = false;
    } else if (s_[pos_] == '.') {
      name += '.';
      ++pos_;
      expect_label = true;
    } else {
      break;
    }
  }
  if (expect_label) return fail(name.empty() ? "expected a domain after '@'" : "the domain ends with a dot");
  mailbox.domain = name;
  if (is_ipv4_address(name))
    note("'" + name + "' looks like an IP address, but without brackets it is read as a domain name; "
         "an address literal is written [" + name + "]", "RFC 5321 §4.1.3", true);
  if (name.size() > limits_.max_domain)
    note("the domain has " + std::to_string(name.size()) + " octets, more than the " +
             std::to_string(limits_.max_domain) + " allowed", "RFC 5321 §4.5.3.1.2", true);
  return true;
}

bool Parser::addr_spec(Mailbox& mailbox) {
  if (!skip_cfws()) return false;
  const bool quoted = pos_ < s_.size() && s_[pos_] == '"';
  if (!local_part(mailbox.local_part)) return false;
  if (!eat('@')) return fail("expected '@' after the local part");
  if (!domain(mailbox)) return false;
  explain(mailbox, quoted);
  return true;
}

void Parser::explain(const Mailbox& mailbox, bool quoted) {
  const std::string spec = mailbox.addr_spec();
  const std::size_t local_octets = spec.rfind('@');
  if (quoted && is_dot_atom(mailbox.local_part))
    note("the quotes are not part of the address: \"" + mailbox.local_part + "\"@" + mailbox.domain +
             " is the same mailbox as " + spec, "RFC 5322 §3.4.1, RFC 5321 §4.1.2");
  else if (quoted)
    note("the local part \"" + mailbox.local_part + "\" needs its quotes (it is not a dot-atom)", "RFC 5322 §3.4.1");
  if (local_octets > limits_.max_local_part)
    note("the local part has " + std::to_string(local_octets) + " octets, more than the " +
             std::to_string(limits_.max_local_part) + " SMTP allows", "RFC 5321 §4.5.3.1.1", true);
  if (!is_ascii(mailbox.local_part))
    note("a non-ASCII local part needs SMTPUTF8 to be sent", "RFC 6531, RFC 6532", true);
  note("the local part is case-sensitive (only the receiving host may ignore case); the domain is not",
       "RFC 5321 §2.4");
}

bool Parser::obs_route(Mailbox& mailbox) {
  // obs-route = obs-domain-list ":" ; obs-domain-list = *(CFWS / ",") "@" domain *("," [CFWS] ["@" domain])
  bool missing_at = false;
  while (true) {
    if (eat(',')) continue;
    if (peek() == ':') break;
    if (!eat('@')) missing_at = true;
    Mailbox hop;
    if (!domain(hop)) return false;
    mailbox.route.push_back(hop.domain);
    if (!eat(',')) break;
  }
  if (!eat(':')) return fail("expected ':' after the source route");
  std::string hops;
  for (const auto& hop : mailbox.route) hops += (hops.empty() ? "@" : ",@") + hop;
  note("the source route " + hops + ": is obsolete; it is ignored and the mail goes to the final address",
       "RFC 5322 §4.4, RFC 5321 §3.6.1 and App. C", true);
  if (missing_at) note("each hop of a source route starts with '@'", "RFC 5322 §4.4", true);
  return true;
}

bool Parser::angle_addr(Mailbox& mailbox) {
  if (!eat('<')) return fail("expected '<'");
  skip_cfws();
  // A route starts with '@'; the course's loose form "<ibp.fr, @uvsq.fr: a@b>" omits the first one.
  const std::size_t colon = s_.find(':', pos_), close = s_.find('>', pos_);
  const std::size_t comma = s_.find(',', pos_), at = s_.find('@', pos_);
  const bool starts_with_at = pos_ < s_.size() && s_[pos_] == '@';
  const bool loose_route = pos_ < s_.size() && s_[pos_] != '"' && comma < colon && comma < at && colon < close;
  const bool has_route = starts_with_at || loose_route;
  if (has_route && !obs_route(mailbox)) return false;
  if (!addr_spec(mailbox)) return false;
  if (!eat('>')) return fail("expected '>' after the address");
  return true;
}

bool Parser::mailbox(Mailbox& mailbox) {
  const std::size_t start = pos_;
  const std::size_t notes = out_.notes.size();
  std::string display;
  if (phrase(display) && peek() == '<') {
    if (!angle_addr(mailbox)) return false;
    mailbox.display_name = decode_header_text(display);
    if (!display.empty())
      note("\"" + mailbox.display_name + "\" is a display name for people; the address is the part between < and >",
           "RFC 5322 §3.4");
    return true;
  }
  if (comment_error_) return false;
  pos_ = start;
  out_.notes.resize(notes);
  return addr_spec(mailbox);
}

bool Parser::address(Address& address, bool allow_group) {
  const std::size_t start = pos_;
  const std::size_t notes = out_.notes.size();
  std::string display;
  if (allow_group && phrase(display) && !display.empty() && peek() == ':') {
    eat(':');
    address.is_group = true;
    address.group_name = decode_header_text(display);
    while (peek() != ';') {
      if (eat(',')) continue;  // obs-mbox-list allows empty elements
      if (pos_ >= s_.size()) return fail("expected ';' to end the group");
      Mailbox m;
      if (!mailbox(m)) return false;
      address.mailboxes.push_back(std::move(m));
      if (peek() != ';' && !eat(',')) return fail("expected ',' or ';' in the group");
    }
    eat(';');
    note("\"" + address.group_name + "\" is a group of " + std::to_string(address.mailboxes.size()) +
             " mailbox(es)" + (address.mailboxes.empty() ? ": an empty group names no visible recipient" : ""),
         "RFC 5322 §3.4");
    return true;
  }
  if (comment_error_) return false;
  pos_ = start;
  out_.notes.resize(notes);
  Mailbox m;
  if (!mailbox(m)) return false;
  address.mailboxes.push_back(std::move(m));
  return true;
}

AddressParse parse(std::string_view text, const Limits& limits, bool single) {
  AddressParse out;
  Parser parser(text, limits, out);
  while (!parser.at_end()) {
    if (parser.eat(',')) {
      if (single) {
        out.error = "only one address is allowed here";
        return out;
      }
      continue;  // obs-addr-list allows empty elements
    }
    Address address;
    if (!parser.address(address, true)) {
      out.error = parser.error();
      return out;
    }
    out.addresses.push_back(std::move(address));
    if (single && !parser.at_end()) {
      parser.fail("unexpected text after the address");
      out.error = parser.error();
      return out;
    }
    if (!parser.at_end() && !parser.eat(',')) {
      parser.fail("expected ',' between addresses");
      out.error = parser.error();
      return out;
    }
  }
  if (single && out.addresses.empty()) {
    out.error = "expected an address";
    return out;
  }
  out.ok = true;
  return out;
}

}  // namespace

std::string Mailbox::addr_spec() const {
  std::string spec;
  spec.reserve(local_part.size() + domain.size() + 3);
  if (is_dot_atom(local_part)) {
    spec.append(local_part);
  } else {
    spec.push_back('"');
    for (const char c : local_part) {
      if (c == '"' || c == '\\') spec.push_back('\\');
      spec.push_back(c);
    }
    spec.push_back('"');
  }
  spec.push_back('@');
  spec.append(domain);
  return spec;
}

bool same_mailbox(const Mailbox& a, const Mailbox& b) {
  return a.local_part == b.local_part && iequals(a.domain, b.domain);
}

bool AddressParse::has_problems() const {
  if (!ok) return true;
  for (const auto& n : notes)
    if (n.problem) return true;
  return false;
}

AddressParse parse_address_list(std::string_view text, const Limits& limits) { return parse(text, limits, false); }
AddressParse parse_address(std::string_view text, const Limits& limits) { return parse(text, limits, true); }

}  // namespace mailsim::message
