// The event kernel: ordering by (time, insertion), cancellation, run_until, determinism.
#include <doctest/doctest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/kernel.hpp"

using namespace mailsim;

TEST_CASE("kernel runs events by time, then by insertion order") {
  Kernel k;
  std::vector<std::string> order;
  k.schedule_at(30, [&] { order.push_back("c"); });
  k.schedule_at(10, [&] { order.push_back("a1"); });
  k.schedule_at(20, [&] { order.push_back("b"); });
  k.schedule_at(10, [&] { order.push_back("a2"); });
  k.run();
  CHECK(order == std::vector<std::string>{"a1", "a2", "b", "c"});
  CHECK(k.now() == 30);
  CHECK(k.executed() == 4);
}

TEST_CASE("kernel cancellation removes only the cancelled event") {
  Kernel k;
  std::vector<int> ran;
  const EventId a = k.schedule_at(5, [&] { ran.push_back(1); });
  k.schedule_at(6, [&] { ran.push_back(2); });
  CHECK(k.pending() == 2);
  CHECK(k.cancel(a));
  CHECK_FALSE(k.cancel(a));  // twice is refused
  CHECK(k.pending() == 1);
  k.run();
  CHECK(ran == std::vector<int>{2});
  CHECK_FALSE(k.cancel(a));  // an old id stays harmless after its slot is reused
}

TEST_CASE("kernel run_until stops at the limit and moves the clock there") {
  Kernel k;
  int ran = 0;
  k.schedule_at(100, [&] { ++ran; });
  k.schedule_at(200, [&] { ++ran; });
  k.run_until(150);
  CHECK(ran == 1);
  CHECK(k.now() == 150);
  CHECK(k.next_time() == 200);
  k.run_until(200);
  CHECK(ran == 2);
}

TEST_CASE("kernel refuses to schedule in the past") {
  Kernel k;
  k.schedule_at(10, [] {});
  k.run();
  CHECK_THROWS_AS(k.schedule_at(5, [] {}), std::logic_error);
}

TEST_CASE("kernel events scheduled from events run in order") {
  Kernel k;
  std::vector<SimTime> times;
  k.schedule_at(1, [&] {
    times.push_back(k.now());
    k.schedule_in(0, [&] { times.push_back(k.now()); });
    k.schedule_in(5, [&] { times.push_back(k.now()); });
  });
  k.run();
  CHECK(times == std::vector<SimTime>{1, 1, 6});
}

TEST_CASE("kernel: events for the current time run after the earlier ones for that time, before later ones") {
  Kernel k;
  std::vector<std::string> order;
  EventId cancelled;
  k.schedule_at(10, [&] {
    order.push_back("a");
    k.schedule_in(0, [&] { order.push_back("now1"); });  // after b, scheduled before for 10
    cancelled = k.schedule_in(0, [&] { order.push_back("cancelled"); });
    k.schedule_in(0, [&] {
      order.push_back("now2");
      k.schedule_in(0, [&] { order.push_back("now3"); });
    });
    k.schedule_at(11, [&] { order.push_back("later"); });
  });
  k.schedule_at(10, [&] {
    order.push_back("b");
    CHECK(k.cancel(cancelled));
  });
  k.schedule_at(12, [&] { order.push_back("last"); });
  k.run_until(10);
  CHECK(order == std::vector<std::string>{"a", "b", "now1", "now2", "now3"});
  CHECK(k.pending() == 2);
  CHECK(k.next_time() == 11);
  k.run();
  CHECK(order == std::vector<std::string>{"a", "b", "now1", "now2", "now3", "later", "last"});
  // Scheduled from outside any event, at the clock's time: it runs at once in order too.
  k.schedule_at(k.now(), [&] { order.push_back("outside"); });
  CHECK(k.next_time() == 12);
  k.run();
  CHECK(order.back() == "outside");
}

TEST_CASE("random draws depend only on the seed") {
  Random a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.uniform(1, 1000);
    CHECK(x == b.uniform(1, 1000));
    CHECK(x >= 1);
    CHECK(x <= 1000);
    differs = differs || x != c.uniform(1, 1000);
  }
  CHECK(differs);
}

TEST_CASE("kernel closures: small ones and ones that own memory both run and are freed") {
  Kernel k;
  std::string seen;
  auto owned = std::make_shared<int>(7);
  std::weak_ptr<int> watch = owned;
  k.schedule_at(1, [&seen] { seen += "small;"; });
  k.schedule_at(2, [&seen, text = std::string(100, 'x'), owned] { seen += text.substr(0, 3) + std::to_string(*owned); });
  const EventId dropped = k.schedule_at(3, [owned] { (void)owned; });
  owned.reset();
  CHECK(k.cancel(dropped));
  k.run();
  CHECK(seen == "small;xxx7");
  CHECK(watch.expired());  // the closures' captures were released, cancelled one included
}
