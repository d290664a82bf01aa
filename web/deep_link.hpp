// Theory of operation: the web edition's deep links.
//
// The page's query string says what opens, for slides and course pages:
//   ?scenario=mx-fallback&step=12&lang=fr&view=sequence   a shipped scenario, 12 events in
//   ?lesson=06-dns-mx&step=3                               a lesson at its 3rd step
//   ?scenario=/opened/mine.json                             a file the page fetched (from
//                                                           ?scenario=URL) or the user opened
//   ?bench-frames=600                                       the frame bench (bench/web_bench.py)
// parse_query() reads one (percent-decoding), to_query() writes one back for "copy a link
// to this step". A shipped scenario is named by its file name without .json; anything
// with a '/' or a '.' is a path in the page's file system.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace mailsim::web {

struct DeepLink {
  std::string scenario;             // a shipped scenario's name or a path ("" = none)
  std::optional<std::size_t> step;  // scenario: events in; lesson: 1-based step
  std::string lang;                 // "en", "fr" or "" (the saved or the browser's)
  std::string view;                 // a panel to bring up ("sequence", "dns", ...)
  std::string lesson;               // a lesson's id ("06-dns-mx")
  int bench_frames = 0;
  bool test = false;                // the page is driven by the browser test (web/browser_check.py)
};

DeepLink parse_query(const std::string& query);  // with or without the leading '?'
std::string to_query(const DeepLink& link);      // "?scenario=...&step=..." ("" if empty)

// The file a DeepLink::scenario names: "scenarios/NAME.json" for a shipped one.
std::string scenario_path(const std::string& scenario);
// The reverse: a shipped scenario's name for its path ("scenarios/NAME.json" or, as lessons
// name them, "/scenarios/NAME.json"), else the path itself.
std::string scenario_name(const std::string& path);

}  // namespace mailsim::web
