// Theory of operation: the mail stores, as the trace tells them.
//
// The trace writes every change to a mail store as a MailboxChanged event ("user folder
// uid new|+flag -flag|removed", core/mailbox_change.hpp). MailboxIndex reads those events
// once, in trace order, as TraceIndex reaches them (so it grows with a live trace), into
// one MailFolder per (host, user, folder): every message that was ever in it, with the
// event that brought it, the event that took it away and the events that changed its
// flags. Flag sets are interned, so a message's history is a few integers. "Which messages,
// with which flags, after event N" is then a filter over the folder's messages and a
// binary search in each one's history, and the folder's message and unseen counts are
// StepSeries: moving the cursor, either way, replays nothing.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/trace.hpp"
#include "model/step_series.hpp"

namespace mailsim::gui {

struct FlagChange {
  std::uint64_t event = 0;
  std::uint32_t flags = 0;  // a MailboxIndex flag set
};

struct StoredMail {
  std::uint32_t uid = 0;
  std::uint32_t message = 0;           // M<n>; 0 when a client appended it
  std::uint64_t added = 0;             // the event that brought it
  std::uint64_t removed = UINT64_MAX;  // the event that took it away
  std::uint32_t first_flags = 0;       // its flag set when it came
  std::vector<FlagChange> changes;     // later flag sets, in trace order
  // Once events [0, pos) have happened:
  bool present_at(std::uint64_t pos) const { return added < pos && removed >= pos; }
  std::uint32_t flags_at(std::uint64_t pos) const;
  bool touched_by(std::uint64_t event) const;  // added, changed or removed by that event
};

struct MailFolder {
  int node = -1;  // TraceIndex node of the host
  std::string host, user, folder;
  std::uint64_t first_event = 0;  // the folder is known from this event on
  std::vector<StoredMail> mails;  // in order of arrival
  StepSeries count, unseen;
};

struct FlagSet {
  std::vector<std::string> names;  // system flags in RFC order, then keywords
  std::string text;                // the names joined by spaces
  bool seen = false;
};

class MailboxIndex {
 public:
  MailboxIndex();
  // Indexes MailboxChanged event `event` of host `node`; returns how it changed the number
  // of messages held by the host (+1, -1 or 0). Events whose text does not parse are skipped.
  int add(std::uint64_t event, const TraceEvent& e, int node, const std::string& host);

  const std::vector<MailFolder>& folders() const { return folders_; }
  // Folder indices sorted by host, user, then folder name (INBOX first).
  const std::vector<int>& sorted() const { return sorted_; }
  const FlagSet& flag_set(std::uint32_t id) const { return sets_[id]; }
  // The folder a MailboxChanged event of host `node` is about, or -1.
  int folder_of(const TraceEvent& e, int node) const;

 private:
  using Key = std::tuple<int, std::string, std::string>;
  int folder_for(const Key& key, const std::string& host, std::uint64_t event);
  std::uint32_t intern(std::vector<std::string> names);

  std::vector<MailFolder> folders_;
  std::vector<int> sorted_;
  std::map<Key, int> folder_slot_;
  std::unordered_map<std::uint64_t, std::size_t> present_;  // (folder << 32 | uid) -> index in mails
  std::vector<FlagSet> sets_;
  std::map<std::vector<std::string>, std::uint32_t> set_ids_;
};

}  // namespace mailsim::gui
