// The web edition's deep links (web/deep_link.hpp): what a course page's link opens, and
// the link "copy a link to this step" writes back.
#include <doctest/doctest.h>

#include "../../web/deep_link.hpp"

using namespace mailsim::web;

TEST_CASE("a deep link names a shipped scenario, a step, a language and a panel") {
  const DeepLink link = parse_query("?scenario=mx-fallback&step=12&lang=fr&view=sequence");
  CHECK(link.scenario == "mx-fallback");
  CHECK(scenario_path(link.scenario) == "scenarios/mx-fallback.json");
  REQUIRE(link.step);
  CHECK(*link.step == 12);
  CHECK(link.lang == "fr");
  CHECK(link.view == "sequence");
  CHECK(link.lesson.empty());
  CHECK(link.bench_frames == 0);
}

TEST_CASE("a deep link to a lesson's step, to a scenario's URL, and the bench") {
  const DeepLink lesson = parse_query("lesson=06-dns-mx&step=3");
  CHECK(lesson.lesson == "06-dns-mx");
  CHECK(lesson.step.value_or(0) == 3);
  const DeepLink url = parse_query("scenario=https%3A%2F%2Fcourse.example%2Fmine.json&test=1");
  CHECK(url.scenario == "https://course.example/mine.json");
  CHECK(url.test);
  CHECK(scenario_path("opened/mine.json") == "opened/mine.json");
  CHECK(parse_query("bench-frames=600&scenario=load-10k").bench_frames == 600);
  CHECK_FALSE(parse_query("scenario=basic-smtp").step);
}

TEST_CASE("copy a link: shipped scenarios by name, other files by path, read back the same") {
  CHECK(scenario_name("scenarios/basic-smtp.json") == "basic-smtp");
  CHECK(scenario_name("/scenarios/basic-smtp.json") == "basic-smtp");  // as lessons name them
  CHECK(scenario_name("opened/my file.json") == "opened/my file.json");
  DeepLink link;
  link.scenario = "opened/my file.json";
  link.step = 7;
  link.lang = "en";
  const std::string query = to_query(link);
  CHECK(query == "?scenario=opened/my%20file.json&step=7&lang=en");
  const DeepLink back = parse_query(query);
  CHECK(back.scenario == link.scenario);
  CHECK(back.step == link.step);
  DeepLink lesson;
  lesson.lesson = "06-dns-mx";
  lesson.step = 3;
  CHECK(to_query(lesson) == "?lesson=06-dns-mx&step=3");
  CHECK(to_query(DeepLink{}).empty());
}
