// Theory of operation: line framing for the line protocols (SMTP, LMTP, POP3) and for the
// network's trace of every send.
//
// Bytes go in with feed(); next() hands out each complete line without its CR LF (a view
// that lives until keep_rest()), take() raw octets instead (a BDAT chunk); keep_rest()
// ends the reading of a feed and keeps the unfinished tail for the next one. Lines are
// read in place from the bytes fed when no unfinished line waits, the common case, so
// nothing is copied. What a reader sees does not depend on how TCP cut the bytes.
//
// The long-line policy, one for every reader: a line longer than the limit given to next()
// (octets, CR LF included) comes out once, flagged too_long, with the text at hand; the
// rest of its bytes up to its LF are dropped, however they arrive. The reader answers it
// once (500 5.5.2 in SMTP, -ERR in POP3).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim {

class LineFramer {
 public:
  static constexpr std::size_t kNoLimit = SIZE_MAX;
  struct Line {
    std::string_view text;  // without CR LF
    bool too_long = false;  // longer than the limit: cut, the rest of it dropped
    bool began_earlier = false;  // its first bytes came in an earlier feed
    std::size_t offset = 0;  // where it starts in the bytes of the last feed (0 if it began earlier)
  };

  void feed(std::string_view bytes);
  // The next complete line, or a too-long one; nullopt when more bytes are needed.
  std::optional<Line> next(std::size_t limit = kNoLimit);
  // Up to `n` raw octets of what was fed (fewer if fewer are there).
  std::string_view take(std::uint64_t n);
  // Ends the reading of the last feed, before its bytes go away: what is left (an
  // unfinished line) is kept for the next feed.
  void keep_rest();
  // Forgets what is pending (the end of a session, a STARTTLS restart).
  void clear();
  // Octets fed and not handed out yet.
  std::size_t pending() const { return bytes_.size() - pos_; }
  // The unfinished line kept by keep_rest() (the trace shows it when the sender closes).
  std::string_view kept() const { return buffer_; }

 private:
  std::string buffer_;       // an unfinished line from earlier feeds, then the new bytes
  std::string_view bytes_;   // what is read now: the fed bytes, or buffer_
  std::size_t pos_ = 0;      // bytes_ before pos_ has been handed out
  std::size_t carried_ = 0;  // how many bytes of buffer_ came from earlier feeds
  bool dropping_ = false;    // dropping the rest of a too-long line up to its LF
};

}  // namespace mailsim
