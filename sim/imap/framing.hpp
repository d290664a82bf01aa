// Theory of operation: IMAP's framing (RFC 3501 section 4.3). A line that ends in {n}
// announces n octets of literal; after them the same command (or response) goes on with
// the next line. The server reads commands and the client reads responses through a
// LiteralFramer: bytes go in with feed(); next_line() hands out each complete line (CR LF
// stripped) and, first, copies the literal octets the reader asked for with
// expect_literal() straight into the text it is assembling. What a reader sees does not
// depend on how TCP cut the bytes.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::imap {

class LiteralFramer {
 public:
  void feed(std::string_view bytes);
  // The octets of a literal owed before the next line; next_line() appends them to its
  // `assembled` argument as they arrive.
  void expect_literal(std::size_t octets) { literal_left_ = octets; }
  std::size_t literal_left() const { return literal_left_; }
  // The next complete line without its CR LF, once the literal owed has gone into
  // `assembled`; nullopt when more bytes are needed. The view lives until the next feed().
  std::optional<std::string_view> next_line(std::string& assembled);
  // Octets received and not handed out yet (an unfinished line or literal).
  std::size_t pending() const { return input_.size() - pos_; }
  // Forgets what is pending (an over-long line, the end of the session).
  void discard();

 private:
  std::string input_;
  std::size_t pos_ = 0;  // input_ before pos_ has been handed out
  std::size_t literal_left_ = 0;
};

}  // namespace mailsim::imap
