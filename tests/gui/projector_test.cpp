// The window at a projector (issue 17), driven headless: the sequence diagram folds the
// hosts outside the current exchange so that any number of hosts fits the pane, and the
// menu bar shows the scenario's title in the window's language.
#include <doctest/doctest.h>
#include <imgui_internal.h>

#include <string>

#include "fixture.hpp"
#include "panels/sequence_panel.hpp"

using namespace mailsim;
using namespace mailsim::gui;

using test::Loaded;

TEST_CASE("projector: the sequence diagram folds the hosts outside the current exchange when they do not fit") {
  struct Case {
    ImVec2 display;
    float scale;
    bool folds;
  };
  for (const Case c : {Case{ImVec2(1920, 1080), 1.0f, false}, Case{ImVec2(1280, 800), 2.5f, true}, Case{ImVec2(1920, 1080), 2.5f, true}}) {
    Loaded t("mx-fallback.json");
    ImGui::GetIO().DisplaySize = c.display;
    t.app.set_font_size(17 * c.scale);
    const TraceIndex& index = t.app.context().doc->index();
    // An SMTP line of the last hop (soleil.uvsq.fr to shiva.jussieu.fr).
    std::size_t line = index.size();
    for (std::size_t i = index.size(); i-- > 0 && line == index.size();)
      if (index.event(i).kind == TraceKind::Line && index.event(i).conn) line = i;
    REQUIRE(line < index.size());
    t.tl().seek(line + 1);
    REQUIRE(t.app.show("sequence"));
    t.ui.frame(t.app, 4);
    CAPTURE(c.display.x);
    CAPTURE(c.scale);
    const auto& panel = static_cast<const SequencePanel&>(*t.app.find_panel("sequence"));
    const auto& lanes = panel.lanes();
    REQUIRE_FALSE(lanes.empty());
    std::size_t hosts = 0, folded = 0;
    for (const auto& lane : lanes) {
      hosts += lane.nodes.size();
      folded += lane.folded ? lane.nodes.size() : 0;
    }
    CHECK(hosts == index.nodes().size());  // every host has a lane, its own or a folded one
    CHECK((folded > 0) == c.folds);
    // The current event's two ends keep lanes of their own, in view (sideways too).
    const ImGuiWindow* seq = test::window_in("###inspectors", "##seq");
    REQUIRE(seq != nullptr);
    const TraceEvent& e = index.event(line);
    for (const int node : {index.node_of(e.host), index.node_of(e.peer)}) {
      REQUIRE(node >= 0);
      const auto lane = std::find_if(lanes.begin(), lanes.end(), [&](const auto& l) {
        return std::find(l.nodes.begin(), l.nodes.end(), node) != l.nodes.end();
      });
      REQUIRE(lane != lanes.end());
      CHECK_FALSE(lane->folded);
      const float centre = panel.time_width() + lane->left + lane->width / 2 - seq->Scroll.x;
      CHECK(centre >= panel.time_width());
      CHECK(centre <= seq->Size.x);
    }
  }
}

TEST_CASE("projector: the menu bar shows the scenario's title in the window's language") {
  Loaded t("mx-fallback.json");
  const Scenario& s = t.app.context().doc->scenario();
  REQUIRE_FALSE(s.title_fr.empty());
  REQUIRE(s.title_fr != s.title);
  std::string text = t.ui.frame_text(t.app);
  INFO(text);
  CHECK(text.find(s.title) != std::string::npos);
  t.app.set_language(Lang::Fr);
  text = t.ui.frame_text(t.app);
  t.app.set_language(Lang::En);
  CHECK(text.find(s.title_fr) != std::string::npos);
  CHECK(text.find(s.title) == std::string::npos);
}
