// The trace's storage: events in segments, texts in an arena, views that stay valid.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/trace.hpp"

using namespace mailsim;

namespace {

// The text of event i: lengths vary from empty to several arena blocks' worth.
std::string text_of(std::size_t i) {
  if (i % 97 == 0) return {};
  if (i % 1000 == 1) return std::string(100000 + i, static_cast<char>('a' + i % 26));  // a long header block
  return "line " + std::to_string(i) + std::string(i % 40, '.');
}

}  // namespace

TEST_CASE("trace: events and texts survive growth across segments and arena blocks") {
  Trace trace;
  const HostRef host = trace.intern("mx.example");
  const std::size_t n = 3 * TraceEvents::kSegmentSize + 17;  // into a fourth segment
  std::vector<const TraceEvent*> first_refs;
  std::vector<const char*> first_texts;
  for (std::size_t i = 0; i < n; ++i) {
    TraceEvent e;
    e.time = static_cast<SimTime>(i);
    e.kind = TraceKind::Line;
    e.host = host;
    const std::string text = text_of(i);  // dies after the append: the trace keeps a copy
    const TraceEvent& stored = trace.append(e, text);
    if (i < 100) {
      first_refs.push_back(&stored);
      first_texts.push_back(stored.text.data());
    }
  }
  REQUIRE(trace.size() == n);
  for (std::size_t i = 0; i < n; ++i) {
    const TraceEvent& e = trace[i];
    REQUIRE(e.index == i);
    REQUIRE(e.time == static_cast<SimTime>(i));
    REQUIRE(e.text == text_of(i));
  }
  // Nothing moved while the trace grew.
  for (std::size_t i = 0; i < first_refs.size(); ++i) {
    CHECK(first_refs[i] == &trace[i]);
    CHECK(first_texts[i] == trace[i].text.data());
  }
  // Iteration and random access agree, and the events are sorted by time for binary search.
  const auto& events = trace.events();
  CHECK(static_cast<std::size_t>(events.end() - events.begin()) == n);
  CHECK(std::is_sorted(events.begin(), events.end(), [](const TraceEvent& a, const TraceEvent& b) { return a.time < b.time; }));
  const auto at = std::lower_bound(events.begin(), events.end(), SimTime{5000},
                                   [](const TraceEvent& e, SimTime t) { return e.time < t; });
  CHECK(at->index == 5000);
  std::size_t counted = 0;
  for (const TraceEvent& e : events) counted += e.text.empty() ? 0 : 1;
  CHECK(counted == n - (n + 96) / 97);
}

TEST_CASE("trace: a header block that gained fields at the top shares its tail with the block before") {
  Trace trace;
  const HostRef mx = trace.intern("mx.example");
  auto append = [&](TraceKind kind, std::uint32_t message, const std::string& text) -> const TraceEvent& {
    TraceEvent e;
    e.kind = kind;
    e.host = mx;
    e.message = message;
    return trace.append(e, text);
  };
  const std::string received = "Received: from a.example by mx.example with ESMTP id M1\r\n";
  const std::string original = "From: anne@a.example\r\nSubject: hello\r\n";
  const TraceEvent& accepted = append(TraceKind::Headers, 1, received + original);
  append(TraceKind::Line, 1, "250 2.0.0 M1 Message accepted for delivery");  // other texts in between
  const TraceEvent& delivered = append(TraceKind::Headers, 1, "Return-Path: <anne@a.example>\r\n" + received + original);
  CHECK(accepted.text == received + original);
  CHECK(delivered.text == "Return-Path: <anne@a.example>\r\n" + received + original);
  CHECK(delivered.text.data() + (delivered.text.size() - accepted.text.size()) == accepted.text.data());

  // Another message's block in between: nothing to share, each is whole and intact.
  const TraceEvent& other = append(TraceKind::Headers, 2, "Received: by b.example\r\n" + original);
  const TraceEvent& unrelated = append(TraceKind::Headers, 1, "X-Other: 1\r\n" + received + original);
  CHECK(other.text == "Received: by b.example\r\n" + original);
  CHECK(unrelated.text == "X-Other: 1\r\n" + received + original);
  CHECK(unrelated.text.data() + unrelated.text.size() != delivered.text.data() + delivered.text.size());
  CHECK(accepted.text == received + original);  // the shared tail was not overwritten
}

TEST_CASE("trace: header blocks and lines filling blocks from both ends never overlap") {
  Trace trace;
  const HostRef mx = trace.intern("mx.example");
  std::vector<std::string> expected;
  std::string headers = "Subject: growing\r\n";
  for (std::size_t i = 0; i < 20000; ++i) {
    TraceEvent e;
    e.host = mx;
    std::string text;
    if (i % 3 == 0) {
      e.kind = TraceKind::Headers;
      // Mostly a block that grows at the top (shared), sometimes a new one, sometimes huge.
      if (i % 300 == 0) headers = "Subject: new " + std::to_string(i) + "\r\n";
      else if (i % 1001 == 0) headers = std::string(70000, 'h') + "\r\n" + headers;
      else headers = "Received: hop " + std::to_string(i) + "\r\n" + headers;
      text = headers;
    } else {
      e.kind = TraceKind::Line;
      text = text_of(i);
    }
    trace.append(e, text);
    expected.push_back(std::move(text));
  }
  for (std::size_t i = 0; i < expected.size(); ++i) REQUIRE(trace[i].text == expected[i]);
}

TEST_CASE("trace: a short text seen recently shares its bytes; every text reads back as appended") {
  Trace trace;
  const HostRef mx = trace.intern("mx.example");
  auto append = [&](const std::string& text) -> const TraceEvent& {
    TraceEvent e;
    e.kind = TraceKind::Line;
    e.host = mx;
    return trace.append(e, text);
  };
  const TraceEvent& first = append("250 2.1.0 Sender ok");
  append("RCPT TO:<paul@example.org>");
  const TraceEvent& again = append("250 2.1.0 Sender ok");
  CHECK(again.text == "250 2.1.0 Sender ok");
  CHECK(again.text.data() == first.text.data());
  const TraceEvent& other = append("250 2.1.0 Sender OK");  // differs by case: its own bytes
  CHECK(other.text == "250 2.1.0 Sender OK");
  CHECK(other.text.data() != first.text.data());
  CHECK(first.text == "250 2.1.0 Sender ok");
}

TEST_CASE("trace: printable escapes control characters and stray bytes, keeps UTF-8 text") {
  CHECK(printable("EHLO \x1b]0;title\x07") == "EHLO \\x1b]0;title\\x07");
  CHECK(printable(std::string("a\0b\x7f", 4)) == "a\\x00b\\x7f");
  CHECK(printable("\r\n\t") == "\\r\\n\\t");
  CHECK(printable("modèle €") == "modèle €");
  CHECK(printable("\xc2\x9b" "2J") == "\\xc2\\x9b2J");  // C1 CSI
  CHECK(printable("caf\xe9 \xc3") == "caf\\xe9 \\xc3");  // Latin-1 byte, truncated sequence
  CHECK(printable("\\Seen") == "\\Seen");
}

TEST_CASE("trace: an event's recipients read back in order, and the JSON trace lists them") {
  Trace trace;
  TraceEvent e;
  e.kind = TraceKind::MessageAccepted;
  e.host = trace.intern("mx.example");
  e.message = 3;
  const std::vector<std::string_view> two{"paul@uvsq.fr", "\"jean dupont\"@jussieu.fr"};
  const TraceEvent& accepted = trace.append(e, "from <anne@cnam.fr> to ...", two);
  e.kind = TraceKind::Decision;
  const TraceEvent& decision = trace.append(e, "a decision about no one in particular");
  e.kind = TraceKind::Delivered;
  const std::string_view one[] = {"paul@uvsq.fr"};
  const TraceEvent& delivered = trace.append(e, "paul INBOX", one);
  CHECK(trace.recipients(accepted) == two);
  CHECK(trace.recipients(decision).empty());
  CHECK(trace.recipients(delivered) == std::vector<std::string_view>{"paul@uvsq.fr"});
  CHECK(trace.to_json(accepted).at("rcpt") == nlohmann::json::array({"paul@uvsq.fr", "\"jean dupont\"@jussieu.fr"}));
  CHECK_FALSE(trace.to_json(decision).contains("rcpt"));
  CHECK(trace.format_line(delivered) == trace.line_prefix(delivered) + "delivered M3: paul INBOX");  // the text line stays as it was
}
