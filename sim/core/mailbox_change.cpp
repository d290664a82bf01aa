#include "core/mailbox_change.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

namespace mailsim {
namespace {

void append_astring(std::string& out, std::string_view s) {
  if (!s.empty() && s.find_first_of(" \"\\") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

// Reads one space-separated token; a quoted string is unquoted and may be empty. False at
// the end of the text or on a broken quote.
bool next_token(std::string_view& text, std::string& token) {
  token.clear();
  if (text.empty()) return false;
  if (text.front() != '"') {
    const std::size_t sp = text.find(' ');
    token = text.substr(0, sp);
    text.remove_prefix(sp == std::string_view::npos ? text.size() : sp + 1);
    return !token.empty();
  }
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      token += text[++i];
    } else if (text[i] == '"') {
      if (i + 1 < text.size() && text[i + 1] != ' ') return false;
      text.remove_prefix(std::min(text.size(), i + 2));
      return true;
    } else {
      token += text[i];
    }
  }
  return false;
}

}  // namespace

std::string format_mailbox_change(const MailboxChange& change) {
  std::string out;
  append_astring(out, change.user);
  out += ' ';
  append_astring(out, change.folder);
  out += ' ';
  out += std::to_string(change.uid);
  switch (change.kind) {
    case MailboxChange::Kind::Added:
      out += " new";
      for (const auto& f : change.set) out += ' ' + f;
      break;
    case MailboxChange::Kind::Flags:
      for (const auto& f : change.set) out += " +" + f;
      for (const auto& f : change.cleared) out += " -" + f;
      break;
    case MailboxChange::Kind::Removed:
      out += " removed";
      break;
  }
  return out;
}

std::optional<MailboxChange> parse_mailbox_change(std::string_view text) {
  MailboxChange c;
  std::string uid, word;
  if (!next_token(text, c.user) || !next_token(text, c.folder) || !next_token(text, uid)) return std::nullopt;
  const auto [end, ec] = std::from_chars(uid.data(), uid.data() + uid.size(), c.uid);
  if (ec != std::errc() || end != uid.data() + uid.size()) return std::nullopt;
  if (!next_token(text, word)) return std::nullopt;
  if (word == "new" || word == "removed") {
    c.kind = word == "new" ? MailboxChange::Kind::Added : MailboxChange::Kind::Removed;
    while (next_token(text, word)) c.set.push_back(word);
    if (c.kind == MailboxChange::Kind::Removed && !c.set.empty()) return std::nullopt;
    return c;
  }
  do {
    if (word.size() < 2 || (word[0] != '+' && word[0] != '-')) return std::nullopt;
    (word[0] == '+' ? c.set : c.cleared).push_back(word.substr(1));
  } while (next_token(text, word));
  return c;
}

nlohmann::json mailbox_change_json(const MailboxChange& change) {
  static constexpr const char* kChange[] = {"new", "flags", "removed"};
  nlohmann::json j;
  j["user"] = change.user;
  j["folder"] = change.folder;
  j["uid"] = change.uid;
  j["change"] = kChange[static_cast<int>(change.kind)];
  j["set"] = change.set;
  j["cleared"] = change.cleared;
  return j;
}

}  // namespace mailsim
