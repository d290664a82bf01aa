// Mail store: folder hierarchy operations, UID bookkeeping, change versions, and the
// export to Maildir / mbox read back by Python's mailbox module (tests/scripts).
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "store/calendar.hpp"
#include "store/export.hpp"

using namespace mailsim;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<const std::string> text(const std::string& s) { return std::make_shared<const std::string>(s); }

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  std::array<char, 512> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) out += buf.data();
  pclose(p);
  return out;
}

Mailstore sample(MailboxFormat format) {
  Mailstore store(format);
  store.set_epoch(1704067200);
  store.add_user("ann");
  store.deliver("ann", "INBOX", text("Return-Path: <bob@example.net>\r\nSubject: one\r\n\r\nFrom the start\r\n>From quoted\r\n"), 1, 0);
  store.deliver("ann", "INBOX", text("Subject: two\r\n\r\nsecond\r\n"), 2, kHour);
  store.deliver("ann", "Archives/2024", text("Subject: old\r\n\r\narchived\r\n"), 3, kHour);
  Folder& inbox = *store.find("ann")->folder("INBOX");
  inbox.messages[0].flags = kFlagSeen | kFlagFlagged;
  store.find("ann")->folder("Archives/2024")->messages[0].flags = kFlagSeen | kFlagAnswered | kFlagDeleted;
  return store;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("mailsim-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

}  // namespace

TEST_CASE("mailstore: folders are created, renamed with inferiors and deleted") {
  Mailstore store;
  Mailbox& box = store.add_user("ann");
  CHECK(box.create_folder("Work/2024"));
  CHECK(box.folder("Work") != nullptr);  // the parent was created too
  CHECK_FALSE(box.create_folder("Work"));
  CHECK_FALSE(box.create_folder("bad//name"));
  CHECK_FALSE(box.create_folder("a*"));
  CHECK(box.folder("inbox") == box.folder("INBOX"));
  const auto uv = box.folder("Work/2024")->uid_validity;
  CHECK(box.rename_folder("Work", "Jobs"));
  CHECK(box.folder("Jobs/2024") != nullptr);
  CHECK(box.folder("Jobs/2024")->uid_validity == uv);
  CHECK(box.folder("Work/2024") == nullptr);
  CHECK_FALSE(box.rename_folder("Jobs", "Jobs/x"));
  CHECK_FALSE(box.delete_folder("INBOX"));
  CHECK(box.delete_folder("Jobs/2024"));
  CHECK(box.create_folder("Jobs/2024"));
  CHECK(box.folder("Jobs/2024")->uid_validity != uv);  // a new mailbox of the same name
  store.deliver("ann", "INBOX", text("Subject: x\r\n\r\n"), 1, 0);
  CHECK(box.rename_folder("INBOX", "Old"));  // RFC 3501 §6.3.5: INBOX is emptied, not renamed
  CHECK(box.folder("INBOX")->messages.empty());
  CHECK(box.folder("Old")->messages.size() == 1);
}

TEST_CASE("mailstore: UIDs, versions, expunge, remove, quota") {
  Mailstore store;
  store.deliver("ann", "INBOX", text("a"), 1, 0);
  store.deliver("ann", "INBOX", text("bb"), 2, 0);
  store.deliver("ann", "INBOX", text("ccc"), 3, 0);
  Mailbox& box = *store.find("ann");
  Folder& inbox = *box.folder("INBOX");
  CHECK(inbox.uid_next == 4);
  const auto v = inbox.version;
  inbox.messages[1].flags |= kFlagDeleted;
  CHECK(inbox.expunge() == std::vector<std::uint32_t>{2});
  CHECK(inbox.version > v);
  CHECK(inbox.find_uid(2) == nullptr);
  CHECK(inbox.find_uid(3)->size() == 3);
  CHECK(inbox.remove({1, 99}) == 1);
  CHECK(inbox.messages.size() == 1);
  box.quota_bytes = 5;
  CHECK_FALSE(box.over_quota(2));
  CHECK(box.over_quota(3));
  CHECK(store.deliver("ann", "bad//name", text("x"), 4, 0) == 4);  // unusable name: kept in INBOX
}

TEST_CASE("mailstore: calendar conversions") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2024, 3, 1) == 19783);
  const CivilTime c = civil_from_unix(1709251199);  // 2024-02-29 23:59:59, a Thursday
  CHECK(c.year == 2024);
  CHECK(c.month == 2);
  CHECK(c.day == 29);
  CHECK(c.hour == 23);
  CHECK(c.weekday == 4);
  CHECK(month_from_abbrev("feb") == 2);
}

TEST_CASE("mailstore: Maildir export read back by Python's mailbox module") {
  Mailstore store = sample(MailboxFormat::Maildir);
  const fs::path dir = fresh_dir("maildir");
  const ExportResult r = export_mailstore(store, dir);
  CHECK(r.ok);
  CHECK(r.messages == 3);
  CHECK(r.folders == 3);  // INBOX, Archives, Archives/2024
  CHECK(fs::exists(dir / "ann" / "cur" / "1704067200.M1V1.mailsim:2,FS"));
  CHECK(fs::exists(dir / "ann" / "new" / "1704070800.M2V1.mailsim"));
  CHECK(fs::exists(dir / "ann" / ".Archives.2024" / "maildirfolder"));
  const std::string script = std::string(MAILSIM_SOURCE_DIR) + "/tests/scripts/read_mailboxes.py";
  if (std::system("python3 -c 'import mailbox' >/dev/null 2>&1") != 0) {
    WARN_MESSAGE(false, "python3 not available: read-back skipped");
  } else {
    CHECK(run("python3 " + script + " maildir " + (dir / "ann").string()) ==
          "INBOX | one | FS | From the start\n"
          "INBOX | two |  | second\n"
          "Archives.2024 | old | RST | archived\n");
  }
  fs::remove_all(dir);
}

TEST_CASE("mailstore: mbox export (mboxrd) read back by Python's mailbox module") {
  Mailstore store = sample(MailboxFormat::Mbox);
  const fs::path dir = fresh_dir("mbox");
  const ExportResult r = export_mailstore(store, dir);
  CHECK(r.ok);
  CHECK(r.messages == 3);
  std::ifstream in(dir / "ann" / "INBOX");
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() ==
        "From bob@example.net Mon Jan  1 00:00:00 2024\nReturn-Path: <bob@example.net>\nSubject: one\nStatus: RO\n"
        "X-Status: F\n\n>From the start\n>>From quoted\n\n"
        "From MAILER-DAEMON Mon Jan  1 01:00:00 2024\nSubject: two\n\nsecond\n\n");
  const std::string script = std::string(MAILSIM_SOURCE_DIR) + "/tests/scripts/read_mailboxes.py";
  if (std::system("python3 -c 'import mailbox' >/dev/null 2>&1") != 0) {
    WARN_MESSAGE(false, "python3 not available: read-back skipped");
  } else {
    CHECK(run("python3 " + script + " mbox " + (dir / "ann").string()) ==
          "Archives.2024 | old | ADOR | archived\n"
          "INBOX | one | FOR | >From the start\n"
          "INBOX | two |  | second\n");
  }
  fs::remove_all(dir);
}
