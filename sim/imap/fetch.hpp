// Theory of operation: FETCH data items (RFC 3501 §6.4.5 and §7.4.2).
//
// parse_fetch_items() reads the argument of FETCH / UID FETCH (one item, a parenthesised
// list, or the macros ALL / FAST / FULL) into FetchItem values. render_fetch_item() turns
// one item into its response text for one message: FLAGS, INTERNALDATE, RFC822.SIZE,
// ENVELOPE, BODY / BODYSTRUCTURE from the MessageView skeleton, and BODY[section]<partial>
// as a substring of the stored bytes (quoted or as a literal, see syntax.hpp). Whether an
// item sets \Seen is answered by sets_seen(); the session applies it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "imap/message_view.hpp"
#include "imap/syntax.hpp"
#include "store/mailstore.hpp"

namespace mailsim::imap {

struct FetchItem {
  enum class Kind {
    Flags, InternalDate, Rfc822Size, Envelope, Body, BodyStructure, Uid, Section, Rfc822, Rfc822Header, Rfc822Text
  };
  Kind kind = Kind::Flags;
  // Kind::Section: BODY[<part>.<spec> (<fields>)]<origin.length>, or BODY.PEEK[...]
  bool peek = false;
  std::vector<std::uint32_t> part;
  std::string spec;  // "", "HEADER", "HEADER.FIELDS", "HEADER.FIELDS.NOT", "TEXT", "MIME"
  std::vector<std::string> fields;
  std::optional<std::pair<std::uint32_t, std::uint32_t>> partial;  // origin, length
};

std::optional<std::vector<FetchItem>> parse_fetch_items(Reader& r);
bool sets_seen(const FetchItem& item);

// "(\Seen \Recent $Label)"
std::string format_flags(std::uint8_t flags, const std::vector<std::string>& keywords, bool recent);

struct FetchTarget {
  const StoredMessage& message;
  const MessageView& view;
  std::string flags;  // as format_flags() gives them for this session
  std::int64_t epoch = 0;
};
std::string render_fetch_item(const FetchItem& item, const FetchTarget& target);

std::string envelope(const Part& message_part);
std::string body_structure(const MessageView& view, const Part& part, bool extensible);

}  // namespace mailsim::imap
