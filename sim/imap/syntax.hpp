// Theory of operation: IMAP4rev1 lexical syntax (RFC 3501 §4 and §9), both directions.
//
// Reader walks one complete command as the session assembled it: the command line with
// every synchronising literal kept in place as "{n}\r\n" followed by its n octets, so a
// literal can stand wherever a string can. Each read_* function consumes what it
// recognises and returns nullopt (leaving an error message) on a syntax error; the
// session turns that into a tagged BAD. SequenceSet is the sequence-set grammar with '*'
// resolved against the largest number in use. The format_* functions build response
// tokens: quoted strings or literals, NIL, flag lists and RFC 3501 date-times.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.hpp"
#include "core/time.hpp"

namespace mailsim::imap {

class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}
  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[pos_]; }
  bool accept(char c);                 // consumes c if it is next
  bool accept_word(std::string_view w);  // case-insensitive, must end at SP, ')' or the end
  bool sp() { return accept(' '); }
  std::optional<std::string> atom(char stop = '\0');  // ATOM-CHAR+ (also ending at `stop`)
  std::optional<std::string> astring();  // atom (']' allowed) / quoted / literal
  std::optional<std::string> string();   // quoted / literal
  std::optional<std::string> list_mailbox();  // list-char+ (with % and *) / string
  std::optional<std::string> flag();     // "\Seen" or a keyword atom
  std::optional<std::vector<std::string>> flag_list();  // "(" [flag *(SP flag)] ")"
  std::optional<std::uint32_t> number();
  std::optional<std::uint32_t> nz_number();
  std::string rest();  // everything not consumed yet
  std::size_t position() const { return pos_; }

 private:
  std::optional<std::string> quoted();
  std::optional<std::string> literal();
  std::string_view s_;
  std::size_t pos_ = 0;
};

// sequence-set: "1:3,5,7:*". Ranges are kept as written; contains() resolves '*'.
class SequenceSet {
 public:
  static std::optional<SequenceSet> parse(Reader& r);
  bool contains(std::uint32_t n, std::uint32_t largest) const;
  bool uses_star() const;

 private:
  static constexpr std::uint32_t kStar = 0;  // '*' (0 is never a valid number)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges_;
};

bool is_atom_char(char c);
using ascii::to_upper;  // ASCII: command names, response tokens (core/ascii.hpp)
// The synchronising literal announced at the end of a line: "... {n}" -> n.
std::optional<std::size_t> trailing_literal(std::string_view line);
std::string format_string(std::string_view s);   // quoted, or a literal when it must be
std::string format_nstring(const std::optional<std::string>& s);
std::string format_astring(std::string_view s);  // bare atom when possible (mailbox names)
// RFC 3501 date-time "17-Jul-1996 02:44:25 +0000" (UTC), quoted.
std::string format_date_time(std::int64_t epoch, SimTime t);
// date "1-Feb-1994" (or quoted) -> days since 1970-01-01.
std::optional<std::int64_t> read_date(Reader& r);
// APPEND date-time -> SimTime relative to epoch.
std::optional<SimTime> read_date_time(Reader& r, std::int64_t epoch);

}  // namespace mailsim::imap
