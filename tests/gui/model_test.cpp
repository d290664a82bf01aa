// The GUI's model without any drawing: trace indexes, the time cursor, the row filter,
// and the explanation catalogue shared with the CLI.
#include <doctest/doctest.h>

#include "explain/catalog.hpp"
#include "fixture.hpp"
#include "model/event_filter.hpp"
#include "model/timeline.hpp"
#include "model/trace_index.hpp"

using namespace mailsim;
using namespace mailsim::gui;

TEST_CASE("trace index: nodes, links, connections and extensions") {
  test::SmallWorld w;
  TraceIndex index(w.trace, w.scenario);
  REQUIRE(index.nodes().size() == 4);
  CHECK(index.nodes()[3].name == "dns");
  CHECK(index.nodes()[3].is_dns);
  CHECK(index.links().size() == 3);
  REQUIRE(index.connection(1) != nullptr);
  CHECK(index.connection(1)->events.size() == 9);
  CHECK(index.nodes()[1].extensions == std::vector<std::string>{"PIPELINING", "8BITMIME"});
  CHECK(index.nodes()[1].ports == std::vector<std::uint16_t>{587});
  CHECK(index.event_link(15) == index.connection(2)->link);
}

TEST_CASE("trace index: state after event N, whichever way we got there") {
  test::SmallWorld w;
  TraceIndex index(w.trace, w.scenario);
  const Node& mta = index.nodes()[1];
  const Node& mx = index.nodes()[2];
  CHECK(mx.up.value_at(11) == 1);
  CHECK(mx.up.value_at(12) == 0);
  CHECK(mx.up.value_at(14) == 1);
  CHECK(mta.queue.value_at(8) == 0);
  CHECK(mta.queue.value_at(9) == 1);
  CHECK(mta.queue.value_at(17) == 0);
  CHECK(mx.mailbox.value_at(18) == 0);  // delivered, and in the store one event later
  CHECK(mx.mailbox.value_at(19) == 1);
  REQUIRE(index.queue_entries(1).size() == 1);
  CHECK(index.queue_entries(1)[0].queued.size() == 1);
  CHECK(reply_class(w.trace[15]) == 5);
  CHECK(index.message_events(1).size() == 5);
}

TEST_CASE("timeline: step sizes forward and back") {
  test::SmallWorld w;
  TraceIndex index(w.trace, w.scenario);
  Timeline tl(&index);
  tl.step(+1, StepSize::Reply);
  CHECK(tl.pos() == 1);  // the connect attempt
  tl.step(+1, StepSize::Reply);
  CHECK(tl.pos() == 2);  // the greeting
  tl.step(+1, StepSize::Reply);
  CHECK(tl.pos() == 6);  // EHLO and its three-line reply
  tl.step(-1, StepSize::Reply);
  CHECK(tl.pos() == 2);
  tl.seek(0);
  tl.step(+1, StepSize::Hop);
  CHECK(tl.pos() == 9);
  tl.step(+1, StepSize::Hop);
  CHECK(tl.pos() == 13);
  tl.step(-1, StepSize::Hop);
  CHECK(tl.pos() == 9);
  tl.step(-1, StepSize::Event);
  CHECK(tl.pos() == 8);
  tl.seek(1000);
  CHECK(tl.pos() == index.size());
}

TEST_CASE("timeline: playing and scrubbing follow simulated time") {
  test::SmallWorld w;
  TraceIndex index(w.trace, w.scenario);
  Timeline tl(&index);
  tl.speed = 1.0;
  tl.play(true);
  tl.tick(10e-6);
  CHECK(tl.pos() == 2);
  tl.seek_time(95);
  CHECK(tl.pos() == 12);
  tl.play(true);
  for (int i = 0; i < 100 && tl.playing(); ++i) tl.tick(1e-4);
  CHECK(tl.pos() == index.size());
  CHECK_FALSE(tl.playing());
}

TEST_CASE("event filter: by node, by link, and the visible rows") {
  test::SmallWorld w;
  TraceIndex index(w.trace, w.scenario);
  EventFilter f;
  f.update(&index, 1, -1, -1);
  CHECK(f.count() == index.size());
  CHECK(f.visible(5) == 5);
  f.update(&index, 1, 2, -1);
  CHECK(f.count() == 7);
  CHECK(f.at(0) == 11);
  CHECK(f.visible(15) == 3);
  f.update(&index, 1, -1, index.connection(1)->link);
  CHECK(f.count() == 9);
}

TEST_CASE("explanation catalogue: commands, replies and statuses in both languages") {
  const auto* mail = explain::command(Protocol::Smtp, "mail FROM:<a@b>");
  REQUIRE(mail != nullptr);
  CHECK(mail->key == "MAIL");
  CHECK(mail->text(explain::Lang::Fr) != mail->text(explain::Lang::En));
  CHECK(explain::command(Protocol::Imap, "a1 LOGIN anne secret")->key == "LOGIN");
  CHECK(explain::command(Protocol::Pop3, "RETR 1")->key == "RETR");
  CHECK(explain::command(Protocol::Smtp, "FOO") == nullptr);
  CHECK(explain::reply(550)->key == "550");
  CHECK(explain::reply(599)->key == "5");
  CHECK(explain::reply(42) == nullptr);
  CHECK(explain::status(Protocol::Pop3, "-ERR no")->key == "-ERR");
  CHECK(explain::status(Protocol::Imap, "a1 NO [AUTHENTICATIONFAILED]")->key == "NO");
}

TEST_CASE("trace index: extended event by event, the same markers and layout as indexed at once") {
  test::SmallWorld w;
  const TraceIndex whole(w.trace, w.scenario);
  Trace grown;
  TraceIndex index(grown, w.scenario);
  for (TraceEvent e : w.trace.events()) {
    e.host = grown.intern(w.trace.name(e.host));
    if (e.peer != kNoHost) e.peer = grown.intern(w.trace.name(e.peer));
    grown.append(e, e.text);  // the text is still the one in w.trace
    index.extend();
  }
  for (int b = 0; b < TraceIndex::kMarkerBuckets; ++b) CHECK(index.marker_bucket(b) == whole.marker_bucket(b));
  REQUIRE(index.nodes().size() == whole.nodes().size());
  for (std::size_t i = 0; i < index.nodes().size(); ++i) {
    CHECK(index.nodes()[i].x == whole.nodes()[i].x);
    CHECK(index.nodes()[i].y == whole.nodes()[i].y);
  }
  // Bucket b covers [330 * b / 1024, ...): the host down at 90, the retry at 100, the 550 at
  // 310, the delivery at 330 (the end: the last bucket).
  CHECK((index.marker_bucket(90 * 1024 / 330) & kMarkFailure) != 0);
  CHECK((index.marker_bucket(100 * 1024 / 330) & kMarkRetry) != 0);
  CHECK((index.marker_bucket(310 * 1024 / 330) & kMarkFailure) != 0);
  CHECK((index.marker_bucket(TraceIndex::kMarkerBuckets - 1) & kMarkDelivery) != 0);
}

TEST_CASE("trace index: markers stay in place as the trace's end moves hours later") {
  test::SmallWorld w;  // its events end at 330 us
  Trace& t = w.trace;
  TraceIndex index(t, w.scenario);
  TraceEvent failure;
  failure.kind = TraceKind::HostDown;
  failure.host = t.intern("mx");
  failure.time = 5 * kHour;
  t.append(failure, {});
  failure.time = 10 * kHour;
  t.append(failure, {});
  index.extend();
  CHECK(index.end_time() == 10 * kHour);
  CHECK((index.marker_bucket(0) & kMarkDelivery) != 0);  // the first run, now in the first bucket
  CHECK(((index.marker_bucket(511) | index.marker_bucket(512)) & kMarkFailure) != 0);  // at most 1/8 bucket early
  CHECK((index.marker_bucket(TraceIndex::kMarkerBuckets - 1) & kMarkFailure) != 0);
}
