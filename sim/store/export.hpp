// Theory of operation: writing a host's mail store to disk as real mailboxes.
//
// export_mailstore() writes one entry per user under `dir`, in the store's format:
//  - Maildir: DIR/<user>/ is the Maildir of INBOX (tmp/ new/ cur/); every other folder is
//    a Maildir++ subfolder DIR/<user>/.<name> with '/' turned into '.' ("Archives/2024"
//    -> ".Archives.2024") and a `maildirfolder` marker. A message no session has seen yet
//    (\Recent) goes to new/ without an info suffix; the others go to cur/ with ":2,"
//    and their flags in ASCII order (D draft, F flagged, R replied, S seen, T trashed).
//    File names are deterministic: "<internal date>.M<uid>V<uidvalidity>.mailsim".
//  - mbox: DIR/<user>/INBOX and one file per folder (same '.' flattening); each message
//    starts with "From <Return-Path or MAILER-DAEMON> <asctime date>", body lines that
//    match ^>*From  get one more '>' (mboxrd), flags go into Status: / X-Status: fields.
// Line ends are written as LF, as local mailbox files conventionally use. Keywords are not
// exported (Maildir has no standard place for them). Nothing is written outside `dir`.
#pragma once
#include <filesystem>
#include <string>

#include "store/mailstore.hpp"

namespace mailsim {

struct ExportResult {
  bool ok = true;
  std::string error;          // the first failure, if any
  std::size_t messages = 0;   // messages written
  std::size_t folders = 0;    // folders written
};

ExportResult export_mailstore(const Mailstore& store, const std::filesystem::path& dir);

}  // namespace mailsim
