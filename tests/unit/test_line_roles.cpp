// Each protocol line's role as the engine that wrote it tags it (core/trace.hpp LineRole),
// and what the trace's readers make of it: the sequence diagram folds message text (DATA
// and BDAT alike) and literals, masking goes by role, expectations count final replies.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>

#include "export/common.hpp"
#include "export/diagram.hpp"
#include "scenario/scenario.hpp"
#include "world/simulation.hpp"

using namespace mailsim;

namespace {

std::unique_ptr<Simulation> run_scenario(const std::string& name) {
  const LoadResult r = load_scenario_file(std::string(MAILSIM_SOURCE_DIR) + "/scenarios/" + name + ".json");
  REQUIRE(r.scenario.has_value());
  auto sim = std::make_unique<Simulation>(*r.scenario);
  sim->run();
  return sim;
}

bool is_smtp(Protocol p) { return p == Protocol::Smtp || p == Protocol::Submission || p == Protocol::Lmtp; }

std::string mermaid(const Trace& trace) {
  ExportOptions options;
  return diagram_text(trace, options, DiagramFormat::Mermaid);
}

}  // namespace

TEST_CASE("every line of every shipped scenario has a role that fits its direction and syntax") {
  for (const auto& file : std::filesystem::directory_iterator(std::filesystem::path(MAILSIM_SOURCE_DIR) / "scenarios")) {
    const std::string name = file.path().stem().string();
    if (file.path().extension() != ".json" || name.starts_with("load-") || name == "live") continue;
    CAPTURE(name);
    const auto sim = run_scenario(name);
    std::size_t lines = 0;
    for (const TraceEvent& e : sim->trace().events()) {
      if (e.kind != TraceKind::Line) {
        CHECK(e.role == LineRole::None);
        continue;
      }
      ++lines;
      CAPTURE(e.text);
      CHECK(e.role != LineRole::None);
      if (e.dir == Direction::ClientToServer) CHECK((e.role != LineRole::Reply && e.role != LineRole::ReplyPart));
      else CHECK(e.role != LineRole::Command);
      // An SMTP reply ends at its line with a space (or nothing) after the code.
      if (is_smtp(e.proto) && e.dir == Direction::ServerToClient) {
        const bool last = e.text.size() == 3 || (e.text.size() > 3 && e.text[3] == ' ');
        CHECK(e.role == (last ? LineRole::Reply : LineRole::ReplyPart));
      }
      if (e.role == LineRole::End) CHECK(e.text == ".");
    }
    CHECK(lines > 0);
  }
}

TEST_CASE("a BDAT chunk's lines are message data, folded in the diagram as DATA's are") {
  const auto sim = run_scenario("bdat-chunking");
  const Trace& trace = sim->trace();
  std::size_t chunks = 0;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const TraceEvent& e = trace[i];
    if (e.kind != TraceKind::Line || e.role != LineRole::Command || !e.text.starts_with("BDAT ")) continue;
    ++chunks;
    // Exactly the chunk's octets follow as data (the client cuts chunks at line ends).
    long left = std::stol(std::string(e.text.substr(5)));
    for (std::size_t j = i + 1; left > 0 && j < trace.size(); ++j) {
      const TraceEvent& d = trace[j];
      if (d.conn != e.conn || d.kind != TraceKind::Line || d.dir != Direction::ClientToServer) continue;
      CAPTURE(d.text);
      CHECK(d.role == LineRole::Data);
      left -= static_cast<long>(d.text.size()) + 2;
    }
    CHECK(left == 0);
  }
  CHECK(chunks >= 2);
  const std::string mmd = mermaid(trace);
  CHECK(mmd.find("[message: ") != std::string::npos);
  CHECK(mmd.find(": Date: ") == std::string::npos);   // header lines are not drawn as commands
  CHECK(mmd.find(": From: ") == std::string::npos);
  CHECK(mmd.find(": Subject: ") == std::string::npos);

  const std::string data = mermaid(run_scenario("basic-smtp")->trace());
  CHECK(data.find("[message: ") != std::string::npos);
  CHECK(data.find(": Subject: ") == std::string::npos);
}

TEST_CASE("an IMAP literal is tagged as such: exactly the octets its {n} announced") {
  const auto sim = run_scenario("imap-two-clients");
  const Trace& trace = sim->trace();
  std::size_t literals = 0;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const TraceEvent& e = trace[i];
    if (e.kind != TraceKind::Line || e.role == LineRole::Literal || !e.text.ends_with("}")) continue;
    const std::size_t open = e.text.rfind('{');
    REQUIRE(open != std::string_view::npos);
    long left = std::stol(std::string(e.text.substr(open + 1)));
    if (left == 0) continue;
    ++literals;
    std::size_t j = i + 1;
    for (; left > 0 && j < trace.size(); ++j) {
      const TraceEvent& d = trace[j];
      if (d.conn != e.conn || d.kind != TraceKind::Line || d.dir != e.dir) continue;
      CHECK(d.role == LineRole::Literal);
      left -= static_cast<long>(d.text.size()) + 2;
    }
    CHECK(left == 0);
    for (; j < trace.size(); ++j) {  // the response goes on after the literal
      const TraceEvent& d = trace[j];
      if (d.conn != e.conn || d.kind != TraceKind::Line || d.dir != e.dir) continue;
      CHECK(d.role != LineRole::Literal);
      break;
    }
  }
  CHECK(literals >= 1);
  const std::string mmd = mermaid(trace);
  CHECK(mmd.find("[message: ") != std::string::npos);
}

TEST_CASE("a SASL exchange is tagged on both sides, and the client's answers are masked by role") {
  const auto sim = run_scenario("auth-submission");
  const Trace& trace = sim->trace();
  std::size_t challenges = 0, answers = 0;
  for (const TraceEvent& e : trace.events()) {
    if (e.kind != TraceKind::Line) continue;
    if (e.dir == Direction::ServerToClient) {
      CHECK(e.sasl == (e.code == 334));
      challenges += e.sasl ? 1 : 0;
      continue;
    }
    if (!e.sasl) {
      CHECK((!mask_secret(e) || e.text.starts_with("AUTH ")));
      continue;
    }
    ++answers;
    CHECK(e.role == LineRole::Command);
    CHECK(mask_secret(e) == std::string("****"));
  }
  CHECK(challenges >= 1);
  CHECK(answers == challenges);
}

TEST_CASE("lines after STARTTLS's 220 are marked as sent inside TLS, on both sides, and none before") {
  const auto sim = run_scenario("starttls-auth");
  std::map<std::uint32_t, bool> in_tls;  // connection -> its 220 to STARTTLS has gone by
  std::size_t inside = 0;
  for (const TraceEvent& e : sim->trace().events()) {
    if (e.kind != TraceKind::Line) continue;
    CAPTURE(e.text);
    CHECK(e.tls == in_tls[e.conn]);
    inside += e.tls ? 1 : 0;
    if (e.dir == Direction::ServerToClient && e.text.starts_with("220 2.0.0 Ready to start TLS")) in_tls[e.conn] = true;
  }
  CHECK(inside > 5);
}
