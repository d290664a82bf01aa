#include "imap/fetch.hpp"

#include <algorithm>

#include "message/text_util.hpp"

namespace mailsim::imap {

using message::iequals;

namespace {

std::optional<std::vector<std::string>> header_list(Reader& r) {
  if (!r.accept('(')) return std::nullopt;
  std::vector<std::string> names;
  do {
    auto n = r.astring();
    if (!n) return std::nullopt;
    names.push_back(*n);
  } while (r.sp());
  if (!r.accept(')')) return std::nullopt;
  return names;
}

// After "BODY[" / "BODY.PEEK[": section-spec "]" ["<" origin "." length ">"]
bool parse_section(Reader& r, FetchItem& item) {
  bool dot = false;
  while (r.peek() >= '0' && r.peek() <= '9') {
    auto n = r.nz_number();
    if (!n) return false;
    item.part.push_back(*n);
    if (!(dot = r.accept('.'))) break;
  }
  if (dot || (item.part.empty() && r.peek() != ']')) {
    auto word = r.atom();  // "HEADER.FIELDS.NOT" and the like: stops at SP and ']'
    if (!word) return false;
    item.spec = to_upper(*word);
    if (item.spec == "HEADER.FIELDS" || item.spec == "HEADER.FIELDS.NOT") {
      auto names = (r.sp() ? header_list(r) : std::nullopt);
      if (!names) return false;
      item.fields = *names;
    } else if (item.spec != "HEADER" && item.spec != "TEXT" && !(item.spec == "MIME" && !item.part.empty())) {
      return false;
    }
  }
  if (!r.accept(']')) return false;
  if (r.accept('<')) {
    auto origin = r.number();
    if (!origin || !r.accept('.')) return false;
    auto length = r.nz_number();
    if (!length || !r.accept('>')) return false;
    item.partial = {*origin, *length};
  }
  return true;
}

std::optional<FetchItem> parse_item(Reader& r) {
  using K = FetchItem::Kind;
  FetchItem item;
  // Longest names first: accept_word requires the word to end here.
  static const std::pair<const char*, K> simple[] = {
      {"FLAGS", K::Flags},           {"INTERNALDATE", K::InternalDate}, {"RFC822.SIZE", K::Rfc822Size},
      {"RFC822.HEADER", K::Rfc822Header}, {"RFC822.TEXT", K::Rfc822Text}, {"RFC822", K::Rfc822},
      {"ENVELOPE", K::Envelope},     {"BODYSTRUCTURE", K::BodyStructure}, {"UID", K::Uid},
      {"BODY", K::Body},
  };
  for (const auto& [name, kind] : simple)
    if (r.accept_word(name)) {
      item.kind = kind;
      return item;
    }
  // BODY[ or BODY.PEEK[ : accept_word does not apply (no delimiter after the name).
  auto name = r.atom('[');
  if (!name || !r.accept('[')) return std::nullopt;
  if (iequals(*name, "BODY.PEEK")) {
    item.peek = true;
  } else if (!iequals(*name, "BODY")) {
    return std::nullopt;
  }
  item.kind = K::Section;
  if (!parse_section(r, item)) return std::nullopt;
  return item;
}

std::string section_label(const FetchItem& item) {
  std::string s = "BODY[";
  for (std::size_t i = 0; i < item.part.size(); ++i) s += (i ? "." : "") + std::to_string(item.part[i]);
  if (!item.spec.empty()) s += (item.part.empty() ? "" : ".") + item.spec;
  if (!item.fields.empty()) {
    s += " (";
    for (std::size_t i = 0; i < item.fields.size(); ++i) s += (i ? " " : "") + format_astring(to_upper(item.fields[i]));
    s += ")";
  }
  s += "]";
  if (item.partial) s += "<" + std::to_string(item.partial->first) + ">";
  return s;
}

// Header lines (with their folding) whose names are in / not in `names`, then CRLF.
std::string header_fields(std::string_view header, const std::vector<std::string>& names, bool exclude) {
  std::string out;
  bool keep = false;
  std::size_t pos = 0;
  while (pos < header.size()) {
    const auto lf = header.find('\n', pos);
    const std::size_t end = lf == std::string_view::npos ? header.size() : lf + 1;
    std::string_view line = header.substr(pos, end - pos);
    pos = end;
    if (line == "\r\n" || line == "\n") break;
    if (!message::is_wsp(line.front())) {
      const std::string_view name = message::trim(line.substr(0, line.find(':')));
      const bool listed = std::any_of(names.begin(), names.end(), [&](const std::string& n) { return iequals(n, name); });
      keep = listed != exclude;
    }
    if (keep) out += line;
  }
  return out + "\r\n";
}

std::string section_text(const FetchItem& item, const MessageView& view) {
  const Part* p = view.part(item.part);
  if (!p) return {};
  if (item.spec.empty()) return std::string(item.part.empty() ? view.data() : view.body(*p));
  if (item.spec == "MIME") return std::string(view.header(*p));
  // HEADER / TEXT of a numbered part are those of its encapsulated message.
  if (!item.part.empty()) {
    if (!p->is_message() || p->children.empty()) return {};
    p = &p->children.front();
  }
  if (item.spec == "TEXT") return std::string(view.body(*p));
  if (item.spec == "HEADER") return std::string(view.header(*p));
  return header_fields(view.header(*p), item.fields, item.spec == "HEADER.FIELDS.NOT");
}

// ---- ENVELOPE addresses (RFC 3501 §7.4.2): (name adl mailbox host), groups as markers ----

std::string unquote(std::string_view s) {
  s = message::trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\\' && i + 2 < s.size()) ++i;
      out.push_back(s[i]);
    }
    return out;
  }
  return std::string(s);
}

std::string strip_comments(std::string_view s) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      out.push_back(c);
      if (c == '\\' && i + 1 < s.size()) out.push_back(s[++i]);
      else if (c == '"') quoted = false;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (depth == 0) {
      if (c == '"') quoted = true;
      out.push_back(c);
    }
  }
  return std::string(message::trim(out));
}

std::string address(std::string_view text) {
  const std::string clean = strip_comments(text);
  std::string name, spec = clean;
  const auto lt = clean.rfind('<');
  if (lt != std::string::npos) {
    const auto gt = clean.find('>', lt);
    spec = clean.substr(lt + 1, gt == std::string::npos ? std::string::npos : gt - lt - 1);
    name = unquote(clean.substr(0, lt));
  }
  std::string adl;
  if (!spec.empty() && spec.front() == '@') {  // obsolete source route "@a,@b:user@host"
    const auto colon = spec.find(':');
    if (colon != std::string::npos) adl = spec.substr(0, colon), spec = spec.substr(colon + 1);
  }
  const auto at = spec.rfind('@');
  const std::string mailbox = unquote(spec.substr(0, at));
  const std::optional<std::string> host =
      at == std::string::npos ? std::nullopt : std::optional<std::string>(spec.substr(at + 1));
  auto opt = [](const std::string& s) { return s.empty() ? std::optional<std::string>() : std::optional<std::string>(s); };
  return "(" + format_nstring(opt(name)) + " " + format_nstring(opt(adl)) + " " + format_nstring(opt(mailbox)) + " " +
         format_nstring(host ? host : std::optional<std::string>("")) + ")";
}

std::string address_list(const std::optional<std::string>& value) {
  if (!value || message::trim(*value).empty()) return "NIL";
  std::string out;
  std::string current;
  int depth = 0;
  bool quoted = false, angle = false;
  auto flush = [&]() {
    if (!message::trim(current).empty()) out += address(current);
    current.clear();
  };
  const std::string& v = *value;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (quoted) {
      if (c == '\\' && i + 1 < v.size()) current.push_back(v[i++]);
      else if (c == '"') quoted = false;
    } else if (depth > 0) {
      if (c == '(') ++depth;
      if (c == ')') --depth;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == '<') {
      angle = true;
    } else if (c == '>') {
      angle = false;
    } else if (!angle && c == ',') {
      flush();
      continue;
    } else if (!angle && c == ':') {  // group start: (NIL NIL "name" NIL)
      out += "(NIL NIL " + format_string(unquote(strip_comments(current))) + " NIL)";
      current.clear();
      continue;
    } else if (!angle && c == ';') {  // group end
      flush();
      out += "(NIL NIL NIL NIL)";
      continue;
    }
    current.push_back(c);
  }
  flush();
  return out.empty() ? "NIL" : "(" + out + ")";
}

std::string params_list(const std::vector<std::pair<std::string, std::string>>& params) {
  if (params.empty()) return "NIL";
  std::string s = "(";
  for (std::size_t i = 0; i < params.size(); ++i)
    s += (i ? " " : "") + format_string(to_upper(params[i].first)) + " " + format_string(params[i].second);
  return s + ")";
}

std::string disposition(const Part& p) {
  if (!p.disposition) return "NIL";
  return "(" + format_string(to_upper(*p.disposition)) + " " + params_list(p.disposition_params) + ")";
}

std::size_t count_lines(std::string_view body) { return static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n')); }

}  // namespace

std::optional<std::vector<FetchItem>> parse_fetch_items(Reader& r) {
  using K = FetchItem::Kind;
  std::vector<FetchItem> items;
  auto add = [&items](std::initializer_list<K> kinds) {
    for (K k : kinds) items.push_back(FetchItem{k, false, {}, {}, {}, {}});
  };
  if (r.accept_word("ALL")) {
    add({K::Flags, K::InternalDate, K::Rfc822Size, K::Envelope});
  } else if (r.accept_word("FAST")) {
    add({K::Flags, K::InternalDate, K::Rfc822Size});
  } else if (r.accept_word("FULL")) {
    add({K::Flags, K::InternalDate, K::Rfc822Size, K::Envelope, K::Body});
  } else if (r.accept('(')) {
    do {
      auto item = parse_item(r);
      if (!item) return std::nullopt;
      items.push_back(*item);
    } while (r.sp());
    if (!r.accept(')')) return std::nullopt;
  } else {
    auto item = parse_item(r);
    if (!item) return std::nullopt;
    items.push_back(*item);
  }
  return items;
}

bool sets_seen(const FetchItem& item) {
  return (item.kind == FetchItem::Kind::Section && !item.peek) || item.kind == FetchItem::Kind::Rfc822 ||
         item.kind == FetchItem::Kind::Rfc822Text;
}

std::string format_flags(std::uint8_t flags, const std::vector<std::string>& keywords, bool recent) {
  std::string s = "(";
  auto add = [&s](std::string_view f) {
    if (s.size() > 1) s += ' ';
    s += f;
  };
  for (const auto& f : kSystemFlags)
    if (flags & f.bit) add(f.name);
  if (recent) add("\\Recent");
  for (const auto& k : keywords) add(k);
  return s + ")";
}

std::string envelope(const Part& m) {
  auto str = [&m](const char* name) { return format_nstring(m.field(name)); };
  const auto from = m.field("From");
  const auto sender = m.field("Sender") ? m.field("Sender") : from;
  const auto reply_to = m.field("Reply-To") ? m.field("Reply-To") : from;
  return "(" + str("Date") + " " + str("Subject") + " " + address_list(from) + " " + address_list(sender) + " " +
         address_list(reply_to) + " " + address_list(m.field("To")) + " " + address_list(m.field("Cc")) + " " +
         address_list(m.field("Bcc")) + " " + str("In-Reply-To") + " " + str("Message-ID") + ")";
}

std::string body_structure(const MessageView& v, const Part& p, bool ext) {
  if (p.is_multipart() && !p.children.empty()) {
    std::string s = "(";
    for (const Part& c : p.children) s += body_structure(v, c, ext);
    s += " " + format_string(to_upper(p.subtype));
    if (ext) s += " " + params_list(p.params) + " " + disposition(p) + " NIL NIL";
    return s + ")";
  }
  const std::string_view body = v.body(p);
  auto encoding = p.field("Content-Transfer-Encoding");
  std::string s = "(" + format_string(to_upper(p.type)) + " " + format_string(to_upper(p.subtype)) + " " +
                  params_list(p.params) + " " + format_nstring(p.field("Content-ID")) + " " +
                  format_nstring(p.field("Content-Description")) + " " +
                  format_string(encoding ? to_upper(*encoding) : "7BIT") + " " + std::to_string(body.size());
  if (p.is_message() && !p.children.empty()) {
    const Part& inner = p.children.front();
    s += " " + envelope(inner) + " " + body_structure(v, inner, ext) + " " + std::to_string(count_lines(body));
  } else if (p.type == "text") {
    s += " " + std::to_string(count_lines(body));
  }
  if (ext) s += " " + format_nstring(p.field("Content-MD5")) + " " + disposition(p) + " NIL NIL";
  return s + ")";
}

std::string render_fetch_item(const FetchItem& item, const FetchTarget& t) {
  using K = FetchItem::Kind;
  const MessageView& v = t.view;
  switch (item.kind) {
    case K::Flags: return "FLAGS " + t.flags;
    case K::InternalDate: return "INTERNALDATE " + format_date_time(t.epoch, t.message.internal_date);
    case K::Rfc822Size: return "RFC822.SIZE " + std::to_string(t.message.size());
    case K::Envelope: return "ENVELOPE " + envelope(v.root());
    case K::Body: return "BODY " + body_structure(v, v.root(), false);
    case K::BodyStructure: return "BODYSTRUCTURE " + body_structure(v, v.root(), true);
    case K::Uid: return "UID " + std::to_string(t.message.uid);
    case K::Rfc822: return "RFC822 " + format_string(v.data());
    case K::Rfc822Header: return "RFC822.HEADER " + format_string(v.header(v.root()));
    case K::Rfc822Text: return "RFC822.TEXT " + format_string(v.body(v.root()));
    case K::Section: break;
  }
  std::string text = section_text(item, v);
  if (item.partial) {
    const auto [origin, length] = *item.partial;
    text = origin >= text.size() ? std::string() : text.substr(origin, length);
  }
  return section_label(item) + " " + format_string(text);
}

}  // namespace mailsim::imap
