#include "imap/search.hpp"

#include <algorithm>
#include <charconv>

#include "message/text_util.hpp"
#include "store/calendar.hpp"

namespace mailsim::imap {

namespace {

using K = SearchKey::Kind;

struct Named {
  const char* name;
  K kind;
  std::uint8_t flag;
};

// Keys without arguments.
const Named kBare[] = {
    {"ALL", K::All, 0},           {"ANSWERED", K::FlagSet, kFlagAnswered}, {"DELETED", K::FlagSet, kFlagDeleted},
    {"DRAFT", K::FlagSet, kFlagDraft}, {"FLAGGED", K::FlagSet, kFlagFlagged}, {"SEEN", K::FlagSet, kFlagSeen},
    {"UNANSWERED", K::FlagUnset, kFlagAnswered}, {"UNDELETED", K::FlagUnset, kFlagDeleted},
    {"UNDRAFT", K::FlagUnset, kFlagDraft},   {"UNFLAGGED", K::FlagUnset, kFlagFlagged},
    {"UNSEEN", K::FlagUnset, kFlagSeen},     {"NEW", K::New, 0},  {"OLD", K::Old, 0}, {"RECENT", K::Recent, 0},
};
// Keys taking one string, matched against a header field.
const char* const kHeaderKeys[] = {"BCC", "CC", "FROM", "SUBJECT", "TO"};
const Named kDateKeys[] = {{"BEFORE", K::Before, 0},         {"ON", K::On, 0},         {"SINCE", K::Since, 0},
                           {"SENTBEFORE", K::SentBefore, 0}, {"SENTON", K::SentOn, 0}, {"SENTSINCE", K::SentSince, 0}};
const std::pair<const char*, K> kStringKeys[] = {
    {"BODY", K::Body}, {"TEXT", K::Text}, {"KEYWORD", K::Keyword}, {"UNKEYWORD", K::Unkeyword}};
const std::pair<const char*, K> kSizeKeys[] = {{"LARGER", K::Larger}, {"SMALLER", K::Smaller}};

std::optional<SearchKey> parse_key(Reader& r, int depth);

std::optional<SearchKey> parse_list(Reader& r, int depth, bool parenthesised) {
  SearchKey all;
  all.kind = K::And;
  do {
    auto k = parse_key(r, depth + 1);
    if (!k) return std::nullopt;
    all.children.push_back(std::move(*k));
  } while (r.sp());
  if (parenthesised && !r.accept(')')) return std::nullopt;
  return all;
}

std::optional<SearchKey> parse_key(Reader& r, int depth) {
  if (depth > 32) return std::nullopt;
  SearchKey k;
  if (r.accept('(')) return parse_list(r, depth, true);
  if ((r.peek() >= '0' && r.peek() <= '9') || r.peek() == '*') {
    k.kind = K::SequenceSet;
    k.set = SequenceSet::parse(r);
    return k.set ? std::optional<SearchKey>(std::move(k)) : std::nullopt;
  }
  for (const Named& n : kBare)
    if (r.accept_word(n.name)) {
      k.kind = n.kind;
      k.flag = n.flag;
      return k;
    }
  for (const char* name : kHeaderKeys)
    if (r.accept_word(name)) {
      auto v = r.sp() ? r.astring() : std::nullopt;
      if (!v) return std::nullopt;
      k.kind = K::Header;
      k.field = name;
      k.value = *v;
      return k;
    }
  for (const Named& n : kDateKeys)
    if (r.accept_word(n.name)) {
      auto d = r.sp() ? read_date(r) : std::nullopt;
      if (!d) return std::nullopt;
      k.kind = n.kind;
      k.number = *d;
      return k;
    }
  for (const auto& [name, kind] : kStringKeys)
    if (r.accept_word(name)) {
      auto v = r.sp() ? r.astring() : std::nullopt;
      if (!v) return std::nullopt;
      k.kind = kind;
      k.value = *v;
      return k;
    }
  for (const auto& [name, kind] : kSizeKeys)
    if (r.accept_word(name)) {
      auto n = r.sp() ? r.number() : std::nullopt;
      if (!n) return std::nullopt;
      k.kind = kind;
      k.number = *n;
      return k;
    }
  if (r.accept_word("HEADER")) {
    auto f = r.sp() ? r.astring() : std::nullopt;
    auto v = f && r.sp() ? r.astring() : std::nullopt;
    if (!v) return std::nullopt;
    k.kind = K::Header;
    k.field = *f;
    k.value = *v;
    return k;
  }
  if (r.accept_word("NOT")) {
    auto sub = r.sp() ? parse_key(r, depth + 1) : std::nullopt;
    if (!sub) return std::nullopt;
    k.kind = K::Not;
    k.children.push_back(std::move(*sub));
    return k;
  }
  if (r.accept_word("OR")) {
    auto a = r.sp() ? parse_key(r, depth + 1) : std::nullopt;
    auto b = a && r.sp() ? parse_key(r, depth + 1) : std::nullopt;
    if (!b) return std::nullopt;
    k.kind = K::Or;
    k.children.push_back(std::move(*a));
    k.children.push_back(std::move(*b));
    return k;
  }
  if (r.accept_word("UID")) {
    k.kind = K::UidSet;
    k.set = r.sp() ? SequenceSet::parse(r) : std::nullopt;
    return k.set ? std::optional<SearchKey>(std::move(k)) : std::nullopt;
  }
  return std::nullopt;
}

bool contains_ci(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return ascii::lower(a) == ascii::lower(b); });
  return it != hay.end();
}

// Day number of an RFC 5322 Date: field ("Tue, 1 Jul 2003 10:52:37 +0200"), in its own zone.
std::optional<std::int64_t> sent_day(const Part& m) {
  auto date = m.field("Date");
  if (!date) return std::nullopt;
  std::string_view d = *date;
  if (auto comma = d.find(','); comma != std::string_view::npos) d.remove_prefix(comma + 1);
  d = message::trim(d);
  int day = 0, year = 0;
  auto [p, ec] = std::from_chars(d.data(), d.data() + d.size(), day);
  if (ec != std::errc()) return std::nullopt;
  std::string_view rest = message::trim(d.substr(static_cast<std::size_t>(p - d.data())));
  const auto month = month_from_abbrev(rest.substr(0, 3));
  rest = message::trim(rest.substr(std::min<std::size_t>(3, rest.size())));
  auto [q, ec2] = std::from_chars(rest.data(), rest.data() + rest.size(), year);
  (void)q;
  if (!month || ec2 != std::errc()) return std::nullopt;
  return days_from_civil(year, *month, day);
}

}  // namespace

std::optional<SearchKey> parse_search(Reader& r) { return parse_list(r, 0, false); }

bool matches(const SearchKey& k, const SearchTarget& t) {
  const StoredMessage& m = t.message;
  const Part& root = t.view.root();
  const std::int64_t day = unix_seconds(t.epoch, m.internal_date) / 86400;
  switch (k.kind) {
    case K::And:
      return std::all_of(k.children.begin(), k.children.end(), [&t](const SearchKey& c) { return matches(c, t); });
    case K::Or: return matches(k.children[0], t) || matches(k.children[1], t);
    case K::Not: return !matches(k.children[0], t);
    case K::All: return true;
    case K::SequenceSet: return k.set->contains(t.seq, t.max_seq);
    case K::UidSet: return k.set->contains(m.uid, t.max_uid);
    case K::FlagSet: return (m.flags & k.flag) != 0;
    case K::FlagUnset: return (m.flags & k.flag) == 0;
    case K::Keyword:
    case K::Unkeyword: {
      const bool has = std::any_of(m.keywords.begin(), m.keywords.end(),
                                   [&k](const std::string& w) { return message::iequals(w, k.value); });
      return has == (k.kind == K::Keyword);
    }
    case K::New: return t.recent && !(m.flags & kFlagSeen);
    case K::Old: return !t.recent;
    case K::Recent: return t.recent;
    case K::Header: {
      for (const auto& v : root.all_fields(k.field))
        if (contains_ci(v, k.value)) return true;
      return false;
    }
    case K::Body: return contains_ci(t.view.body(root), k.value);
    case K::Text: return contains_ci(t.view.data(), k.value);
    case K::Before: return day < k.number;
    case K::On: return day == k.number;
    case K::Since: return day >= k.number;
    case K::SentBefore: case K::SentOn: case K::SentSince: {
      const auto sent = sent_day(root);
      if (!sent) return false;
      return k.kind == K::SentBefore ? *sent < k.number : k.kind == K::SentOn ? *sent == k.number : *sent >= k.number;
    }
    case K::Larger: return m.size() > static_cast<std::uint64_t>(k.number);
    case K::Smaller: return m.size() < static_cast<std::uint64_t>(k.number);
  }
  return false;
}

}  // namespace mailsim::imap
