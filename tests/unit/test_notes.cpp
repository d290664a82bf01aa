// The simulation's sentences in French (explain/notes): nested reasons are translated in
// turn, protocol text carried over stays as it is, and every sentence the shipped
// scenarios write has a French phrasing.
#include <doctest/doctest.h>

#include <filesystem>

#include "explain/notes.hpp"
#include "scenario/scenario.hpp"
#include "world/simulation.hpp"

using namespace mailsim;
using explain::Lang;
using explain::localize_note;

TEST_CASE("a decision reads in French, with the reason nested in it translated too") {
  CHECK(localize_note("connection refused by mx1.example.org: trying the next host", Lang::Fr) ==
        "connexion refusée par mx1.example.org : essai de l'hôte suivant");
  CHECK(localize_note("MX order for jussieu.fr: shiva.jussieu.fr (10), soleil.uvsq.fr (20)", Lang::Fr) ==
        "ordre des MX pour jussieu.fr : shiva.jussieu.fr (10), soleil.uvsq.fr (20)");
  CHECK(localize_note("temporary failure (mx.example.org said 450 4.7.1 Greylisted, please try again later): "
                      "no other MX to try",
                      Lang::Fr) ==
        "échec temporaire (mx.example.org a répondu 450 4.7.1 Greylisted, please try again later) : "
        "plus d'autre MX à essayer");
  // Two levels: the bounce, the refusal in it; the server's reply keeps its own words.
  CHECK(localize_note("<carol@example.org> failed (<carol@example.org> refused by mx.example.org: 552 5.2.2 Mailbox "
                      "full); to be reported to <anne@cnam.fr>",
                      Lang::Fr) ==
        "<carol@example.org> en échec (<carol@example.org> refusé par mx.example.org : 552 5.2.2 Mailbox full) ; "
        "à signaler à <anne@cnam.fr>");
  CHECK(localize_note("attempt 2 failed (DNS lookup of example.net failed for now (SERVFAIL)); next attempt at 1202.004000",
                      Lang::Fr) ==
        "tentative 2 en échec (la recherche DNS de example.net a échoué pour l'instant (SERVFAIL)) ; "
        "prochaine tentative à 1202.004000");
}

TEST_CASE("English, and a text no pattern covers, are shown as they are") {
  const std::string decision = "queue run: attempt 3";
  CHECK(localize_note(decision, Lang::En) == decision);
  CHECK(localize_note(decision, Lang::Fr) == "passage de la file : tentative 3");
  CHECK(localize_note("something new happened", Lang::Fr) == "something new happened");
  CHECK(localize_note("", Lang::Fr).empty());
  // A pattern must cover the whole text: a longer sentence that only begins alike is kept.
  CHECK(localize_note("queue run: attempt 3 and more", Lang::Fr) == "passage de la file : tentative 3 and more");
  CHECK_FALSE(explain::has_phrasing("MX order for"));
}

TEST_CASE("every sentence of the shipped scenarios' traces has a French phrasing") {
  const std::filesystem::path dir = std::filesystem::path(MAILSIM_SOURCE_DIR) / "scenarios";
  std::size_t checked = 0;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    const std::string name = file.path().stem().string();
    if (file.path().extension() != ".json" || name.rfind("load-", 0) == 0) continue;  // load-*: many copies of one dialogue
    const LoadResult r = load_scenario_file(file.path().string());
    REQUIRE_MESSAGE(r.scenario.has_value(), name);
    Simulation sim(*r.scenario);
    sim.run();
    for (const TraceEvent& e : sim.trace().events()) {
      switch (e.kind) {
        case TraceKind::Decision: case TraceKind::Note: case TraceKind::Bounced: case TraceKind::MessageQueued:
        case TraceKind::Relayed: case TraceKind::MessageAccepted: case TraceKind::ConnectionClosed:
        case TraceKind::ConnectTimeout: case TraceKind::ConnectRefused:
          if (e.text.empty()) break;
          ++checked;
          CHECK_MESSAGE(explain::has_phrasing(e.text), name << ": " << e.text);
          break;
        default: break;
      }
    }
  }
  CHECK(checked > 300);
}

TEST_CASE("a trace line in French: the kind's name, the note, a header block's field names") {
  const LoadResult r = load_scenario_file(std::string(MAILSIM_SOURCE_DIR) + "/scenarios/mx-fallback.json");
  REQUIRE(r.scenario.has_value());
  Simulation sim(*r.scenario);
  sim.run();
  const Trace& trace = sim.trace();
  std::string decision, headers, line;
  for (const TraceEvent& e : trace.events()) {
    if (decision.empty() && e.kind == TraceKind::Decision && e.text.starts_with("MX order"))
      decision = explain::format_line(trace, e, Lang::Fr);
    if (headers.empty() && e.kind == TraceKind::Headers) headers = explain::format_line(trace, e, Lang::Fr);
    if (line.empty() && e.kind == TraceKind::Line) {
      line = explain::format_line(trace, e, Lang::Fr);
      CHECK(line == trace.format_line(e));  // a protocol line is never translated
    }
    CHECK(explain::format_line(trace, e, Lang::En) == trace.format_line(e));
  }
  CHECK(decision == "10.002000  mail.cnam.fr  décision M1 : ordre des MX pour jussieu.fr : shiva.jussieu.fr (10), "
                    "soleil.uvsq.fr (20)");
  CHECK(headers.starts_with("10.000000  mail.cnam.fr  en-tête M1 : 8 champs (From, To, Subject,"));
  CHECK(line.find("S: 220 soleil.uvsq.fr") != std::string::npos);
}

TEST_CASE("a --lang fr run of every scenario has no English sentence outside protocol lines") {
  // The expectations and their findings, the mailbox states: what `mailsim run --lang fr` prints
  // besides the trace notes checked above and the protocol lines, which stay as sent.
  const std::filesystem::path dir = std::filesystem::path(MAILSIM_SOURCE_DIR) / "scenarios";
  std::size_t expectations = 0, mailbox_states = 0;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    const std::string name = file.path().stem().string();
    if (file.path().extension() != ".json" || name.rfind("load-", 0) == 0) continue;
    const LoadResult r = load_scenario_file(file.path().string());
    REQUIRE_MESSAGE(r.scenario.has_value(), name);
    Simulation sim(*r.scenario);
    sim.run();
    for (const auto& x : sim.check_expectations()) {
      ++expectations;
      CHECK_MESSAGE(explain::has_expectation_phrasing(x.description), name << ": " << x.description);
      if (!x.passed) CHECK_MESSAGE(explain::has_expectation_phrasing(x.detail), name << ": " << x.detail);
    }
    for (const TraceEvent& e : sim.trace().events())
      if (e.kind == TraceKind::MailboxChanged) {
        ++mailbox_states;
        const std::string fr = explain::format_line(sim.trace(), e, Lang::Fr);
        CHECK_MESSAGE((fr.find(" new") == std::string::npos && fr.find(" removed") == std::string::npos), name << ": " << fr);
      }
  }
  CHECK(expectations > 100);
  CHECK(mailbox_states > 20);
  CHECK(explain::localize_expectation("a 250 reply from mx.example.org to mail.cnam.fr", Lang::Fr) ==
        "une réponse 250 de mx.example.org à mail.cnam.fr");
  CHECK(explain::localize_expectation("no server line \"-ERR...\"", Lang::Fr) == "aucune ligne du serveur « -ERR... »");
  CHECK(explain::localize_expectation("mailbox paul@jussieu.fr (INBOX) holds 1 message(s)", Lang::Fr) ==
        "la boîte paul@jussieu.fr (INBOX) contient 1 message(s)");
  CHECK(explain::balance_line(2, 1, 1, 0, true, Lang::Fr) == "== bilan : 2 accepté(s), 1 distribué(s), 1 non remis, 0 encore en file");
}
