// RFC 5321 path grammar (see smtp_path.hpp), checked left to right:
//   Path = "<" [ A-d-l ":" ] Mailbox ">"          A-d-l = At-domain *( "," At-domain )
//   Mailbox = Local-part "@" ( Domain / address-literal )
//   Local-part = Dot-string / Quoted-string        Domain = sub-domain *("." sub-domain)
#include "message/smtp_path.hpp"

#include "message/text_util.hpp"

namespace mailsim::message {

namespace {

bool is_let_dig(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Reads a Domain at s[pos]; returns its length (0 if none). sub-domain = Let-dig [Ldh-str].
std::size_t domain_length(std::string_view s, std::size_t pos) {
  std::size_t i = pos;
  while (true) {
    if (i >= s.size() || !is_let_dig(s[i])) return 0;
    std::size_t label_end = i;
    while (label_end < s.size() && (is_let_dig(s[label_end]) || s[label_end] == '-')) ++label_end;
    if (s[label_end - 1] == '-') return 0;
    i = label_end;
    if (i < s.size() && s[i] == '.') ++i;
    else return i - pos;
  }
}

// IPv6-addr of RFC 5321 §4.1.3: eight hex groups, "::" standing for one or more zero
// groups, and an optional trailing IPv4 address counting as two groups.
bool is_ipv6(std::string_view s) {
  const std::size_t gap = s.find("::");
  if (gap != std::string_view::npos && s.find("::", gap + 1) != std::string_view::npos) return false;
  int groups = 0;
  const auto count = [&](std::string_view part, bool last) {
    if (part.empty()) return true;
    while (true) {
      const std::size_t colon = part.find(':');
      const std::string_view group = part.substr(0, colon);
      if (colon == std::string_view::npos && last && group.find('.') != std::string_view::npos) {
        if (!is_ipv4_address(group)) return false;
        groups += 2;
        return true;
      }
      if (group.empty() || group.size() > 4) return false;
      for (const char c : group)
        if (hex_value(c) < 0) return false;
      ++groups;
      if (colon == std::string_view::npos) return true;
      part.remove_prefix(colon + 1);
    }
  };
  if (gap == std::string_view::npos) return count(s, true) && groups == 8;
  return count(s.substr(0, gap), false) && count(s.substr(gap + 2), true) && groups <= 7;
}

struct Reader {
  std::string_view s;
  std::size_t pos = 0;
  PathParse& out;
  bool fail(std::string what, int code = 501) {
    out.ok = false;
    out.error = std::move(what);
    out.reply_code = code;
    return false;
  }
};

}  // namespace

std::string SmtpPath::mailbox() const {
  if (null_path) return "";
  if (postmaster) return "postmaster";
  bool dot_string = !local_part.empty() && local_part.front() != '.' && local_part.back() != '.';
  for (std::size_t i = 0; i < local_part.size() && dot_string; ++i)
    dot_string = is_atext(static_cast<unsigned char>(local_part[i])) || (local_part[i] == '.' && local_part[i + 1] != '.');
  if (dot_string) return local_part + "@" + domain;
  std::string quoted = "\"";
  for (const char c : local_part) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"@" + domain;
}

std::size_t domain_or_literal_length(std::string_view text, std::string& error) {
  if (!text.empty() && text[0] == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) {
      error = "unterminated address literal (missing ']') (RFC 5321 §4.1.3)";
      return 0;
    }
    const std::string_view inside = text.substr(1, close - 1);
    if (!is_ipv4_address(inside) && !(istarts_with(inside, "IPv6:") && is_ipv6(inside.substr(5)))) {
      error = "bad address literal [" + std::string(inside) + "]: expected an IPv4 address or IPv6:... (RFC 5321 §4.1.3)";
      return 0;
    }
    return close + 1;
  }
  const std::size_t len = domain_length(text, 0);
  if (len == 0) error = "bad or missing domain (RFC 5321 §4.1.2)";
  return len;
}

PathParse parse_smtp_path(std::string_view text, PathRole role, const Limits& limits) {
  PathParse out;
  Reader r{text, 0, out};
  while (r.pos < text.size() && text[r.pos] == ' ') ++r.pos;
  if (r.pos >= text.size() || text[r.pos] != '<') {
    r.fail("the address must be written between '<' and '>' (RFC 5321 §4.1.2)");
    return out;
  }
  const std::size_t open = r.pos++;
  const auto finish = [&](std::size_t close) {
    if (close - open + 1 > limits.max_path) {
      r.fail("path too long: " + std::to_string(close - open + 1) + " octets, at most " +
             std::to_string(limits.max_path) + " (RFC 5321 §4.5.3.1.3)");
      return out;
    }
    std::size_t p = close + 1;
    while (p < text.size() && text[p] == ' ') ++p;
    out.parameters = text.substr(p);
    out.ok = true;
    return out;
  };
  for (const unsigned char c : text)
    if (c >= 0x80) {
      r.fail("non-ASCII address: needs the SMTPUTF8 extension (RFC 6531 §3.3)", 553);
      return out;
    }
  // "<>" and "<postmaster>"
  if (text.substr(r.pos, 1) == ">") {
    if (role == PathRole::forward) {
      r.fail("the null path <> is not a valid recipient (RFC 5321 §4.1.1.3)");
      return out;
    }
    out.path.null_path = true;
    return finish(r.pos);
  }
  if (role == PathRole::forward && iequals(text.substr(r.pos, 11), "postmaster>")) {
    out.path.postmaster = true;
    return finish(r.pos + 10);
  }
  // A-d-l ":"
  if (r.pos < text.size() && text[r.pos] == '@') {
    while (true) {
      ++r.pos;  // '@'
      const std::size_t len = domain_length(text, r.pos);
      if (len == 0) {
        r.fail("bad domain in the source route (RFC 5321 §4.1.2)");
        return out;
      }
      out.path.ignored_route.emplace_back(text.substr(r.pos, len));
      r.pos += len;
      if (r.pos < text.size() && text[r.pos] == ',' && r.pos + 1 < text.size() && text[r.pos + 1] == '@') {
        ++r.pos;
        continue;
      }
      if (r.pos >= text.size() || text[r.pos] != ':') {
        r.fail("expected ':' after the source route (RFC 5321 §4.1.2)");
        return out;
      }
      ++r.pos;
      break;
    }
  }
  // Local-part
  const std::size_t local_start = r.pos;
  if (r.pos < text.size() && text[r.pos] == '"') {
    ++r.pos;
    while (true) {
      if (r.pos >= text.size()) {
        r.fail("unterminated quoted local part (RFC 5321 §4.1.2)");
        return out;
      }
      const char c = text[r.pos++];
      if (c == '"') break;
      if (c == '\\') {
        if (r.pos >= text.size() || text[r.pos] < 32 || text[r.pos] > 126) {
          r.fail("bad quoted pair in the local part (RFC 5321 §4.1.2)");
          return out;
        }
        out.path.local_part += text[r.pos++];
      } else if (c < 32 || c > 126) {
        r.fail("control character in the quoted local part (RFC 5321 §4.1.2)");
        return out;
      } else {
        out.path.local_part += c;
      }
    }
  } else {
    bool expect_atom = true;
    while (r.pos < text.size()) {
      const char c = text[r.pos];
      if (is_atext(static_cast<unsigned char>(c))) expect_atom = false;
      else if (c == '.' && !expect_atom) expect_atom = true;
      else break;
      out.path.local_part += c;
      ++r.pos;
    }
    if (expect_atom) {
      r.fail(out.path.local_part.empty() ? "missing local part before '@' (RFC 5321 §4.1.2)"
                                         : "bad dot in the local part (RFC 5321 §4.1.2)");
      return out;
    }
  }
  const std::size_t local_octets = r.pos - local_start;
  if (local_octets > limits.max_local_part) {
    r.fail("local part too long: " + std::to_string(local_octets) + " octets, at most " +
           std::to_string(limits.max_local_part) + " (RFC 5321 §4.5.3.1.1)");
    return out;
  }
  if (r.pos >= text.size() || text[r.pos] != '@') {
    r.fail("expected '@' and a domain after the local part (RFC 5321 §4.1.2)");
    return out;
  }
  ++r.pos;
  // Domain / address-literal
  std::string error;
  const std::size_t len = domain_or_literal_length(text.substr(r.pos), error);
  if (len == 0) {
    r.fail(error);
    return out;
  }
  out.path.domain = std::string(text.substr(r.pos, len));
  out.path.address_literal = text[r.pos] == '[';
  r.pos += len;
  if (out.path.domain.size() > limits.max_domain) {
    r.fail("domain too long: " + std::to_string(out.path.domain.size()) + " octets, at most " +
           std::to_string(limits.max_domain) + " (RFC 5321 §4.5.3.1.2)");
    return out;
  }
  if (r.pos >= text.size() || text[r.pos] != '>') {
    r.fail("expected '>' at the end of the address (RFC 5321 §4.1.2)");
    return out;
  }
  return finish(r.pos);
}

}  // namespace mailsim::message
