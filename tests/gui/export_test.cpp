// The window's Export menu, headless: each export is picked from the menu bar and written
// by a click on the Export window's button, then the file is read back (the pcap's magic
// number and frames, the Mermaid diagram's first word, the JSON trace parsed, the message
// in the Maildir); the diagram's options (the transcript's connection, the start to the
// cursor), passwords masked unless shown, and a path that cannot be written: the status
// line says so and the window goes on.
#include <doctest/doctest.h>
#include <imgui_internal.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "fixture.hpp"
#include "panels/export_panel.hpp"

using namespace mailsim;
using namespace mailsim::gui;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// auth-submission.json (AUTH PLAIN with anne's password "secret", messages delivered to a
// Maildir on smtp.cnam.fr), exported into a fresh directory.
struct Exporting {
  test::Headless ui;
  App app{false};
  fs::path dir;
  ExportPanel* panel = nullptr;

  Exporting() {
    set_language(Lang::En);
    dir = fs::temp_directory_path() / ("mailsim-gui-export-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    app.open(test::scenario_path("auth-submission.json"));
    app.context().timeline.seek(app.context().timeline.size());
    ui.frame(app, 3);
    panel = dynamic_cast<ExportPanel*>(app.find_panel("export"));
    REQUIRE(panel != nullptr);
  }
  ~Exporting() { fs::remove_all(dir); }

  // Export menu > `kind`, as a user picks it in the menu bar.
  void pick(Str kind) {
    REQUIRE(ui.click(app, "##MainMenuBar", test::Headless::item_id("##MainMenuBar", tr(Str::Export), "##menubar")));
    REQUIRE(ImGui::FindWindowByName("##Menu_00") != nullptr);
    const std::string item = std::string(tr(kind)) + "…";
    REQUIRE(ui.click(app, "##Menu_00", test::Headless::item_id("##Menu_00", item.c_str())));
    CHECK(panel->open);
  }
  // Types `name` (in dir) as the path and clicks Export; returns the path.
  fs::path write(const std::string& name) {
    panel->form().path() = (dir / name).string();
    REQUIRE(ui.click(app, "###export", test::Headless::item_id("###export", tr(Str::Export))));
    return dir / name;
  }
  std::string status() { return ui.panel_text(app, "export"); }
};

}  // namespace

TEST_CASE("export: pcap, diagram, JSON trace and mailboxes from the Export menu") {
  Exporting t;
  t.pick(Str::ExportPcap);
  CHECK(t.panel->form().kind == ExportPanel::Kind::Pcap);
  CHECK(t.panel->form().path() == "auth-submission.pcap");  // prefilled, in the current directory
  const std::string pcap = read_file(t.write("run.pcap"));
  REQUIRE(pcap.size() > 24 + 16);
  CHECK(static_cast<std::uint8_t>(pcap[0]) == 0xd4);  // a1b2c3d4, little-endian
  CHECK(static_cast<std::uint8_t>(pcap[1]) == 0xc3);
  CHECK(static_cast<std::uint8_t>(pcap[2]) == 0xb2);
  CHECK(static_cast<std::uint8_t>(pcap[3]) == 0xa1);
  CHECK(pcap.find("MAIL FROM:<anne@cnam.fr>") != std::string::npos);  // frames with the dialogue
  CHECK(t.status().find("Wrote " + (t.dir / "run.pcap").string()) != std::string::npos);

  t.pick(Str::ExportDiagram);
  CHECK(t.panel->form().path() == "auth-submission.mmd");
  const std::string mmd = read_file(t.write("run.mmd"));
  CHECK(mmd.rfind("sequenceDiagram", 0) == 0);

  t.pick(Str::ExportTrace);
  CHECK(t.panel->form().path() == "auth-submission-trace.json");  // not the scenario's own name
  const auto json = nlohmann::json::parse(read_file(t.write("run.json")));
  CHECK(json["scenario"] == "auth-submission");
  CHECK(json["trace"].size() == t.app.context().doc->simulation().trace().size());

  t.pick(Str::ExportMailboxes);
  const fs::path boxes = t.write("boxes");
  bool found = false;
  for (const auto& entry : fs::recursive_directory_iterator(boxes / "smtp.cnam.fr" / "paul"))
    if (entry.is_regular_file() && read_file(entry.path()).find("Subject: PLAIN") != std::string::npos) found = true;
  CHECK(found);
  CHECK(t.status().find("messages of smtp.cnam.fr to " + (boxes / "smtp.cnam.fr").string()) != std::string::npos);
}

TEST_CASE("export: passwords are masked unless shown") {
  Exporting t;
  t.pick(Str::ExportTrace);
  const std::string masked = read_file(t.write("masked.json"));
  CHECK(masked.find("AUTH PLAIN ****") != std::string::npos);
  CHECK(masked.find("AGFubmUAc2VjcmV0") == std::string::npos);
  t.panel->form().show_passwords = true;
  CHECK(read_file(t.write("shown.json")).find("AGFubmUAc2VjcmV0") != std::string::npos);
}

TEST_CASE("export: a diagram of the transcript's connection, or from the start to the cursor") {
  Exporting t;
  Timeline& tl = t.app.context().timeline;
  tl.seek(tl.size() / 2);
  t.ui.frame(t.app, 3);
  const std::uint32_t shown = t.app.context().sel.shown_conn;
  REQUIRE(shown != 0);
  t.pick(Str::ExportDiagram);
  const std::string whole = read_file(t.write("whole.mmd"));
  t.panel->form().only_connection = true;
  const std::string one = read_file(t.write("one.mmd"));
  t.panel->form().only_connection = false;
  t.panel->form().up_to_cursor = true;
  const std::string until = read_file(t.write("until.mmd"));
  CHECK(one.rfind("sequenceDiagram", 0) == 0);
  CHECK(one.size() < whole.size());
  CHECK(until.size() < whole.size());
  // The last events (the raw session to strict.cnam.fr at 5 s) are after the cursor.
  CHECK(whole.find("strict.cnam.fr") != std::string::npos);
  CHECK(until.find("strict.cnam.fr") == std::string::npos);
}

TEST_CASE("export: a path that cannot be written says why, and the window goes on") {
  Exporting t;
  t.pick(Str::ExportPcap);
  t.write("no-such-directory/run.pcap");
  REQUIRE(t.panel->report().size() == 1);
  CHECK_FALSE(t.panel->report()[0].ok());
  const std::string status = t.status();
  CHECK(status.find("Export failed: cannot write " + (t.dir / "no-such-directory" / "run.pcap").string()) !=
        std::string::npos);
  CHECK(status.find("No such file or directory") != std::string::npos);

  std::ofstream(t.dir / "a-file") << "not a directory\n";
  t.pick(Str::ExportMailboxes);
  t.write("a-file/boxes");
  REQUIRE_FALSE(t.panel->report().empty());
  CHECK_FALSE(t.panel->report()[0].ok());
  CHECK(t.status().find("Export failed: cannot create") != std::string::npos);

  t.panel->form().path().clear();
  REQUIRE(t.ui.click(t.app, "###export", test::Headless::item_id("###export", tr(Str::Export))));
  CHECK(t.panel->notice() == Str::ExportNoPath);
  t.ui.frame(t.app, 2);
  CHECK(t.app.context().doc != nullptr);
}
