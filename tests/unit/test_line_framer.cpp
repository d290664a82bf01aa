// The line framer shared by the SMTP and POP3 engines and the network's trace: lines,
// raw octets and the long-line policy, whatever way TCP cut the bytes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "net/line_framer.hpp"
#include "test_pop3_imap_pump.hpp"

using namespace mailsim;

namespace {

struct Read {
  std::vector<std::string> lines;  // "!" in front: given out as too long
  std::string kept;
  bool operator==(const Read&) const = default;
};

// Reads `script` fed in pieces cut at `cuts`, with a limit of 20 octets a line.
Read read_cut(std::string_view script, const std::vector<std::size_t>& cuts) {
  LineFramer framer;
  Read out;
  std::size_t pos = 0;
  auto feed = [&](std::string_view piece) {
    const std::string copy(piece);  // the bytes go away after each feed, as a socket's do
    framer.feed(copy);
    while (const auto line = framer.next(20)) out.lines.push_back((line->too_long ? "!" : "") + std::string(line->text));
    framer.keep_rest();
  };
  for (std::size_t cut : cuts) {
    feed(script.substr(pos, cut - pos));
    pos = cut;
  }
  feed(script.substr(pos));
  out.kept = framer.kept();
  return out;
}

}  // namespace

TEST_CASE("line framer: the same lines, and one too-long report per long line, however the bytes are cut") {
  const std::string script = "EHLO a\r\nbare LF\n\r\n" + std::string(30, 'x') + "\r\nNOOP\r\n" + std::string(25, 'y') +
                             "\r\nexactly eighteen!!\r\nQUIT\r\nunfinished";
  const Read whole = read_cut(script, {});
  const std::vector<std::string> expected = {"EHLO a", "bare LF", "", "!" + std::string(30, 'x'), "NOOP",
                                             "!" + std::string(25, 'y'), "exactly eighteen!!", "QUIT"};
  CHECK(whole.lines == expected);
  CHECK(whole.kept == "unfinished");
  for (const auto& cuts : test::cuttings(script.size(), 11, 5)) {
    const Read r = read_cut(script, cuts);
    CHECK(r.lines.size() == expected.size());
    for (std::size_t i = 0; i < r.lines.size() && i < expected.size(); ++i) {
      // A long line comes out once the limit is passed: whole, or the 21 or more bytes at hand.
      if (expected[i].starts_with("!")) CHECK((r.lines[i].starts_with("!") && r.lines[i].size() >= 22));
      else CHECK(r.lines[i] == expected[i]);
    }
    CHECK(r.kept == "unfinished");
  }
}

TEST_CASE("line framer: a line that ends within the limit is not too long; one past it is") {
  LineFramer framer;
  const std::string bytes = std::string(18, 'a') + "\r\n" + std::string(19, 'b') + "\r\n";
  framer.feed(bytes);
  const auto fits = framer.next(20);
  REQUIRE(fits.has_value());
  CHECK_FALSE(fits->too_long);
  const auto over = framer.next(20);
  REQUIRE(over.has_value());
  CHECK(over->too_long);
  CHECK_FALSE(framer.next(20).has_value());
}

TEST_CASE("line framer: raw octets between lines (a BDAT chunk) are taken whatever they hold") {
  const std::string script = "BDAT 9\r\nab\r\n.\r\ncdQUIT\r\n";
  for (const auto& cuts : test::cuttings(script.size(), 3, 3)) {
    LineFramer framer;
    std::vector<std::string> lines;
    std::string chunk;
    std::uint64_t owed = 0;
    std::size_t pos = 0;
    auto feed = [&](std::string_view piece) {
      const std::string copy(piece);
      framer.feed(copy);
      for (;;) {
        if (owed > 0) {
          const std::string_view octets = framer.take(owed);
          chunk += octets;
          owed -= octets.size();
          if (owed > 0) break;
        }
        const auto line = framer.next();
        if (!line) break;
        lines.emplace_back(line->text);
        if (line->text.starts_with("BDAT ")) owed = 9;
      }
      framer.keep_rest();
    };
    for (std::size_t cut : cuts) {
      feed(std::string_view(script).substr(pos, cut - pos));
      pos = cut;
    }
    feed(std::string_view(script).substr(pos));
    CHECK(chunk == "ab\r\n.\r\ncd");
    CHECK(lines == std::vector<std::string>{"BDAT 9", "QUIT"});
  }
}

TEST_CASE("line framer: a line that began in an earlier feed says so, others say where they start") {
  LineFramer framer;
  framer.feed("HE");
  CHECK_FALSE(framer.next().has_value());
  framer.keep_rest();
  const std::string second = "LO\r\nQUIT\r\n";
  framer.feed(second);
  const auto first = framer.next();
  REQUIRE(first.has_value());
  CHECK(first->text == "HELO");
  CHECK(first->began_earlier);
  const auto quit = framer.next();
  REQUIRE(quit.has_value());
  CHECK(quit->text == "QUIT");
  CHECK_FALSE(quit->began_earlier);
  CHECK(quit->offset == 4);
  framer.keep_rest();
  CHECK(framer.kept().empty());
}
