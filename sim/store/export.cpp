#include "store/export.hpp"

#include <algorithm>
#include <fstream>
#include <system_error>

#include "core/ascii.hpp"
#include "store/calendar.hpp"

namespace mailsim {

namespace fs = std::filesystem;

namespace {

std::string flattened(const std::string& folder) {
  std::string s = folder;
  std::replace(s.begin(), s.end(), kFolderDelimiter, '.');
  return s;
}

// CRLF -> LF for local mailbox files.
std::string local_line_ends(const std::string& data) {
  std::string out;
  out.reserve(data.size());
  for (std::size_t i = 0; i < data.size(); ++i)
    if (!(data[i] == '\r' && i + 1 < data.size() && data[i + 1] == '\n')) out.push_back(data[i]);
  return out;
}

bool write_file(const fs::path& path, const std::string& content, ExportResult& r) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) {
    r.ok = false;
    if (r.error.empty()) r.error = "cannot write " + path.string();
  }
  return bool(out);
}

bool make_dirs(const fs::path& path, ExportResult& r) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) {
    r.ok = false;
    if (r.error.empty()) r.error = "cannot create " + path.string() + ": " + ec.message();
  }
  return !ec;
}

std::string maildir_info(std::uint8_t flags) {
  std::string info = ":2,";
  if (flags & kFlagDraft) info += 'D';
  if (flags & kFlagFlagged) info += 'F';
  if (flags & kFlagAnswered) info += 'R';
  if (flags & kFlagSeen) info += 'S';
  if (flags & kFlagDeleted) info += 'T';
  return info;
}

void export_maildir(const Mailbox& box, const fs::path& root, std::int64_t epoch, ExportResult& r) {
  for (const auto& [name, folder] : box.folders) {
    const fs::path dir = name == "INBOX" ? root : root / ("." + flattened(name));
    if (!make_dirs(dir / "tmp", r) || !make_dirs(dir / "new", r) || !make_dirs(dir / "cur", r)) return;
    if (name != "INBOX") write_file(dir / "maildirfolder", "", r);
    ++r.folders;
    for (const StoredMessage& m : folder.messages) {
      const std::string base = std::to_string(unix_seconds(epoch, m.internal_date)) + ".M" + std::to_string(m.uid) +
                               "V" + std::to_string(folder.uid_validity) + ".mailsim";
      const bool fresh = (m.flags & kFlagRecent) != 0;
      const fs::path file = fresh ? dir / "new" / base : dir / "cur" / (base + maildir_info(m.flags));
      if (write_file(file, local_line_ends(*m.data), r)) ++r.messages;
    }
  }
}

std::string mbox_entry(const StoredMessage& m, std::int64_t epoch) {
  std::string text = local_line_ends(*m.data);
  std::size_t header_end = text.find("\n\n");
  header_end = header_end == std::string::npos ? text.size() : header_end + 1;
  std::string sender = "MAILER-DAEMON";
  for (std::size_t pos = 0; pos < header_end;) {  // Return-Path: <a@b> gives the envelope sender
    const auto lf = text.find('\n', pos);
    const std::string line = text.substr(pos, (lf == std::string::npos ? text.size() : lf) - pos);
    if (line.size() > 12 && ascii::istarts_with(line, "return-path:")) {
      std::string v = line.substr(12);
      std::erase_if(v, [](char c) { return c == '<' || c == '>' || c == ' ' || c == '\t'; });
      if (!v.empty()) sender = v;
      break;
    }
    pos = lf == std::string::npos ? text.size() : lf + 1;
  }
  std::string status = (m.flags & kFlagSeen) ? "R" : "";
  if (!(m.flags & kFlagRecent)) status += 'O';
  std::string xstatus;
  if (m.flags & kFlagAnswered) xstatus += 'A';
  if (m.flags & kFlagFlagged) xstatus += 'F';
  if (m.flags & kFlagDeleted) xstatus += 'D';
  if (m.flags & kFlagDraft) xstatus += 'T';
  std::string fields;
  if (!status.empty()) fields += "Status: " + status + "\n";
  if (!xstatus.empty()) fields += "X-Status: " + xstatus + "\n";
  text.insert(header_end, fields);
  const CivilTime c = civil_from_unix(unix_seconds(epoch, m.internal_date));
  char date[40];
  std::snprintf(date, sizeof date, "%s %s %2d %02d:%02d:%02d %d", weekday_abbrev(c.weekday), month_abbrev(c.month),
                c.day, c.hour, c.minute, c.second, c.year);
  std::string out = "From " + sender + " " + date + "\n";
  for (std::size_t pos = 0; pos < text.size();) {
    const auto lf = text.find('\n', pos);
    const std::size_t end = lf == std::string::npos ? text.size() : lf + 1;
    std::size_t gt = pos;
    while (gt < end && text[gt] == '>') ++gt;
    if (text.compare(gt, 5, "From ") == 0) out += '>';  // mboxrd quoting
    out.append(text, pos, end - pos);
    pos = end;
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out + "\n";
}

void export_mbox(const Mailbox& box, const fs::path& root, std::int64_t epoch, ExportResult& r) {
  if (!make_dirs(root, r)) return;
  for (const auto& [name, folder] : box.folders) {
    std::string content;
    for (const StoredMessage& m : folder.messages) content += mbox_entry(m, epoch);
    if (write_file(root / flattened(name), content, r)) r.messages += folder.messages.size(), ++r.folders;
  }
}

}  // namespace

ExportResult export_mailstore(const Mailstore& store, const fs::path& dir) {
  ExportResult r;
  for (const auto& [user, box] : store.mailboxes()) {
    if (user.empty() || user.find('/') != std::string::npos || user == "." || user == "..") {
      r.ok = false;
      if (r.error.empty()) r.error = "user name not usable as a directory: " + user;
      continue;
    }
    if (store.format() == MailboxFormat::Maildir) export_maildir(box, dir / user, store.epoch(), r);
    else export_mbox(box, dir / user, store.epoch(), r);
  }
  return r;
}

}  // namespace mailsim
