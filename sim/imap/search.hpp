// Theory of operation: SEARCH criteria (RFC 3501 §6.4.4).
//
// parse_search() reads the search keys of SEARCH / UID SEARCH into a tree (the top level
// is an implicit AND, like a parenthesised list); matches() evaluates it for one message
// of the selected mailbox. String keys match case-insensitively as substrings of the
// unfolded header fields, the body bytes or both (TEXT); date keys compare the UTC
// calendar day of the internal date (SINCE / BEFORE / ON) or of the Date: field (SENT*).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "imap/message_view.hpp"
#include "imap/syntax.hpp"
#include "store/mailstore.hpp"

namespace mailsim::imap {

struct SearchKey {
  enum class Kind {
    And, Or, Not, All, SequenceSet, UidSet, FlagSet, FlagUnset, Keyword, Unkeyword, New, Old, Recent,
    Header, Body, Text, Before, On, Since, SentBefore, SentOn, SentSince, Larger, Smaller
  };
  Kind kind = Kind::All;
  std::vector<SearchKey> children;  // And / Or (2) / Not (1)
  std::optional<SequenceSet> set;
  std::uint8_t flag = 0;
  std::string field, value;  // Header: field name and value; Keyword; Body/Text: value
  std::int64_t number = 0;   // a day since 1970 for dates; octets for LARGER / SMALLER
};

std::optional<SearchKey> parse_search(Reader& r);

struct SearchTarget {
  const StoredMessage& message;
  const MessageView& view;
  std::uint32_t seq = 0;
  std::uint32_t max_seq = 0;
  std::uint32_t max_uid = 0;
  bool recent = false;  // \Recent for this session
  std::int64_t epoch = 0;
};
bool matches(const SearchKey& key, const SearchTarget& t);

}  // namespace mailsim::imap
