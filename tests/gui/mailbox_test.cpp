// The mail stores as the GUI replays them from MailboxChanged events: the index (folders,
// messages, flags and counts after any event, whether the trace is indexed at once or as it
// grows) and the mailbox inspector of a real IMAP run, stepped forward and back.
#include <doctest/doctest.h>

#include <sstream>

#include "fixture.hpp"
#include "model/trace_index.hpp"

using namespace mailsim;
using namespace mailsim::gui;

namespace {

void change(Trace& t, const char* text, std::uint32_t message = 0) {
  TraceEvent e;
  e.kind = TraceKind::MailboxChanged;
  e.host = t.intern("mx");
  e.message = message;
  t.append(e, text);
}

// b's INBOX and Junk on mx, event by event.
void fill(Trace& t) {
  change(t, "b INBOX 1 new", 1);                 // 0
  change(t, "b INBOX 2 new \\Seen", 2);          // 1
  change(t, "b INBOX 1 +\\Flagged +\\Seen", 1);  // 2
  change(t, "b INBOX 1 -\\Seen", 1);             // 3
  change(t, "b INBOX 2 removed", 2);             // 4
  change(t, "b Junk 1 new $Spam", 3);            // 5
  change(t, "not a mailbox change");             // 6
}

// The text drawn by one frame of the window, split into lines.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto start = line.find_first_not_of(' ');
    out.push_back(start == std::string::npos ? "" : line.substr(start));
  }
  return out;
}

// The table row that starts with these cells ("| 1 | M1 | \Seen |"), or "" when none is drawn.
std::string row_of(const std::vector<std::string>& lines, const std::string& first, const std::string& second) {
  for (const auto& l : lines)
    if (l.rfind("| " + first + " | " + second + " |", 0) == 0) return l;
  return "";
}

}  // namespace

TEST_CASE("mailbox index: a folder's messages, flags and counts after every event") {
  Scenario scenario;
  Trace trace;
  fill(trace);
  TraceIndex index(trace, scenario);
  const MailboxIndex& boxes = index.mailboxes();
  REQUIRE(boxes.folders().size() == 2);
  const MailFolder& inbox = boxes.folders()[boxes.sorted()[0]];
  const MailFolder& junk = boxes.folders()[boxes.sorted()[1]];
  CHECK(inbox.folder == "INBOX");
  CHECK(inbox.host == "mx");
  CHECK(junk.folder == "Junk");
  CHECK(junk.first_event == 5);
  REQUIRE(inbox.mails.size() == 2);
  const StoredMail& m1 = inbox.mails[0];
  CHECK(boxes.flag_set(m1.flags_at(1)).text.empty());
  CHECK(boxes.flag_set(m1.flags_at(3)).text == "\\Seen \\Flagged");  // RFC order, not arrival order
  CHECK(boxes.flag_set(m1.flags_at(4)).text == "\\Flagged");
  CHECK(boxes.flag_set(m1.flags_at(2)).text.empty());  // stepping back: as it was
  const StoredMail& m2 = inbox.mails[1];
  CHECK(m2.present_at(4));
  CHECK_FALSE(m2.present_at(5));
  CHECK(m2.touched_by(4));
  CHECK(inbox.count.value_at(2) == 2);
  CHECK(inbox.count.value_at(5) == 1);
  CHECK(inbox.unseen.value_at(2) == 1);  // M1 unseen, M2 seen
  CHECK(inbox.unseen.value_at(3) == 0);
  CHECK(inbox.unseen.value_at(4) == 1);
  CHECK(inbox.unseen.value_at(5) == 1);
  CHECK(boxes.flag_set(junk.mails[0].first_flags).text == "$Spam");
  const Node& mx = index.nodes()[index.node_of(trace.intern("mx"))];
  CHECK(mx.mailbox.value_at(2) == 2);
  CHECK(mx.mailbox.value_at(5) == 1);
  CHECK(mx.mailbox.value_at(7) == 2);
  CHECK(boxes.folder_of(trace[5], index.node_of(trace.intern("mx"))) == boxes.sorted()[1]);
  CHECK(boxes.folder_of(trace[6], index.node_of(trace.intern("mx"))) == -1);
}

TEST_CASE("mailbox index: a trace indexed as it grows gives the same folders") {
  Scenario scenario;
  Trace trace;
  change(trace, "b INBOX 1 new", 1);
  TraceIndex index(trace, scenario);
  Trace whole;
  fill(whole);
  for (std::size_t i = 1; i < whole.size(); ++i) {
    TraceEvent e = whole[i];
    e.host = trace.intern("mx");
    trace.append(e, whole[i].text);
    index.extend();
  }
  const MailFolder& inbox = index.mailboxes().folders()[index.mailboxes().sorted()[0]];
  CHECK(inbox.count.value_at(7) == 1);
  CHECK(index.mailboxes().flag_set(inbox.mails[0].flags_at(7)).text == "\\Flagged");
}

TEST_CASE("panels: the mailbox inspector shows the flags of the current step, and the earlier ones after a step back") {
  test::Loaded t("imap-two-clients.json");
  App& app = t.app;
  test::Headless& ui = t.ui;
  REQUIRE(app.show("mailboxes"));
  ui.frame(app, 2);
  const Trace& trace = app.context().doc->simulation().trace();
  auto event = [&](const std::string& text) {
    for (const auto& e : trace.events())
      if (e.kind == TraceKind::MailboxChanged && e.text == text) return static_cast<std::size_t>(e.index);
    FAIL("no mailbox event " << text);
    return std::size_t{0};
  };
  Timeline& tl = t.tl();

  tl.seek(event("pda INBOX 1 +\\Seen") + 1);  // the laptop has just read message 1
  ui.frame(app, 2);
  auto lines = lines_of(ui.panel_text(app, "mailboxes"));
  CHECK(row_of(lines, "1", "M1") == "| 1 | M1 | \\Seen |");
  CHECK(row_of(lines, "2", "M2") == "| 2 | M2 | no flags |");
  REQUIRE(t.click("###timeline", tr(Str::StepBack)));
  lines = lines_of(ui.panel_text(app, "mailboxes"));
  CHECK(row_of(lines, "1", "M1") == "| 1 | M1 | no flags |");  // not read yet

  tl.seek(event("pda INBOX 2 removed") + 1);  // EXPUNGE: message 2 is gone
  ui.frame(app, 2);
  lines = lines_of(ui.panel_text(app, "mailboxes"));
  CHECK(row_of(lines, "1", "M1") == "| 1 | M1 | \\Seen \\Flagged |");
  CHECK(row_of(lines, "2", "M2").empty());
  CHECK(row_of(lines, "imap.uvsq.fr", "pda") == "| imap.uvsq.fr | pda | INBOX | 2 | 1 |");  // 2 messages, 1 unseen
  REQUIRE(t.click("###timeline", tr(Str::StepBack)));
  lines = lines_of(ui.panel_text(app, "mailboxes"));
  CHECK(row_of(lines, "2", "M2") == "| 2 | M2 | \\Deleted |");  // back, marked for deletion
  CHECK(row_of(lines, "imap.uvsq.fr", "pda") == "| imap.uvsq.fr | pda | INBOX | 3 | 2 |");
}
