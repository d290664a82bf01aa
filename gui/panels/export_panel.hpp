// Theory of operation: the Export window (menu Export).
//
// It writes the current document through the very functions behind the export options of
// `mailsim run` and `serve` (write_exports, write_mailboxes): a pcap, a sequence
// diagram (.mmd, .svg or .msc by the file's extension, which the format combo edits;
// optionally only the connection the transcript shows, or only the events from the start
// to the cursor's time), the trace as JSON, or every mail store as Maildir/mbox files. The
// document's simulation is what is written: the whole run, or in live mode what has
// happened so far. Each kind has its own path, prefilled with the scenario's name in the
// current directory; relative paths are made absolute, so the status line names the very
// file written, or says what failed. Passwords are masked unless "show passwords" is on.
#pragma once
#include <optional>
#include <string>

#include "export/request.hpp"
#include "panels/panel.hpp"

namespace mailsim::gui {

class ExportPanel : public Panel {
 public:
  enum class Kind { Pcap, Diagram, Trace, Mailboxes };
  static constexpr int kKinds = 4;

  // What the next export writes (public, so tests can fill the form as a user would).
  struct Form {
    Kind kind = Kind::Pcap;
    std::string paths[kKinds];  // per kind; the scenario's name until edited
    bool show_passwords = false;
    bool only_connection = false;  // diagram: the connection shown in the transcript
    bool up_to_cursor = false;     // diagram: from the start to the cursor's time
    bool full_bodies = false;      // diagram: message bodies line by line
    std::string& path() { return paths[static_cast<int>(kind)]; }
  };

  ExportPanel() : Panel(Str::Export, "export") {}
  void draw_content(Context& ctx) override;
  // The items of the menu bar's Export menu; true when one was picked (its kind is chosen,
  // the App then brings this window up).
  bool draw_menu_items(const Context& ctx);
  // Writes the form's export now (the Export button); the outcome is on the status line.
  void export_now(const Context& ctx);

  Form& form() { return form_; }
  const ExportReport& report() const { return report_; }
  // How many exports were asked for so far (the web edition downloads each new report).
  std::size_t exports_asked() const { return exports_asked_; }
  // The panel's own complaint about the last export (no path, nothing to write), if any.
  std::optional<Str> notice() const { return notice_; }

 private:
  void prefill(const Scenario& scenario);
  void draw_diagram_options(const Context& ctx);
  void draw_status(const Palette& palette) const;

  Form form_;
  std::string prefilled_for_;  // the scenario whose name the paths were prefilled with
  ExportReport report_;
  std::optional<Str> notice_;
  std::size_t exports_asked_ = 0;
};

}  // namespace mailsim::gui
