// Theory of operation: what the panels share.
//
// Panels do not talk to each other: they read and write this Context, which the App
// owns. It holds the loaded document (or none), the time cursor, the selection (a host or
// a link filters the other panels; a connection and a message are picked for the
// transcript and the message inspector), the palette and fonts, and whether the cursor
// moved lately (so lists scroll to the current event only then).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/theme.hpp"
#include "model/document.hpp"
#include "model/event_filter.hpp"
#include "model/timeline.hpp"

namespace mailsim::gui {

class LiveSession;

struct Selection {
  int node = -1;              // filter: events involving this node
  int link = -1;              // filter: events on this link
  std::uint32_t conn = 0;     // transcript tab picked by the user (0: follow the current event)
  std::uint32_t message = 0;  // message picked by the user (0: follow the current event)
  std::uint32_t shown_conn = 0;  // the connection the transcript shows (it sets this as it draws)
  bool filtered() const { return node >= 0 || link >= 0; }
};

struct Context {
  const Document* doc = nullptr;
  const LiveSession* live = nullptr;  // live mode (--serve): serves the document, which grows
  std::uint64_t generation = 0;   // bumped each time a document is installed (caches key on it)
  Timeline timeline;
  Selection sel;
  Palette palette{};
  Fonts fonts;
  bool moved = false;             // the cursor moved during the last few frames
  EventFilter rows;               // events passing the filter (list and sequence diagram)
  std::vector<std::string> load_errors;
  std::string load_errors_text;  // the scenario text load_errors are about
  std::vector<std::string> load_warnings;  // the document loaded, but cannot work as written

  // Requests to the App, served after the frame (loading replaces the document).
  struct Requests {
    std::string open_path;
    bool apply_text = false;
    std::string text;
    std::unique_ptr<Scenario> what_if;
    bool undo = false;  // re-run the scenario before the last what-if
  } requests;
  std::optional<MessageBalance> compare_before;  // balance of the run before a what-if
  std::vector<std::string> recent_files;  // opened lately, the latest first (the settings keep them)
  bool record_progress = false;  // answers and activity scores go into the student's progress file
  std::vector<Scenario> undo;  // the scenarios before each what-if still applied, oldest first

  const TraceIndex* index() const { return doc ? &doc->index() : nullptr; }
  void set_filter(int node, int link) {
    sel.node = node;
    sel.link = link;
  }
};

}  // namespace mailsim::gui
