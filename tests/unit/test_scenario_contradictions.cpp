// A scenario that loads but cannot work as written: warnings at the field that causes it,
// and a trace note that says why the message was not submitted.
#include <doctest/doctest.h>

#include <filesystem>

#include "explain/notes.hpp"
#include "world/simulation.hpp"

using namespace mailsim;

namespace {

// Line 4: an MSA that requires AUTH without offering it (its extensions lack AUTH) and wants
// STARTTLS first without offering that either; line 5: POP3 without users; line 7: a client
// that authenticates toward it.
const char* kContradictions = R"({
  "name": "contradictions",
  "hosts": [
    {"name": "msa.example", "roles": ["msa", "mta"], "extensions": ["PIPELINING"], "require_auth": true, "require_tls_for_auth": true, "auth_users": {"anne": "pw"}},
    {"name": "mx.example", "roles": ["mx", "mda"], "domains": ["mx.example"], "retrieval": ["pop3"]},
    {"name": "pc.example", "roles": ["mua"]}],
  "clients": [{"at": "1s", "host": "pc.example", "send": {"from": "anne@msa.example", "to": "bob@mx.example", "via": "msa.example", "auth": {"user": "anne", "password": "pw"}}}]
})";

std::string note_of(const Simulation& sim, std::string_view starts) {
  for (const auto& e : sim.trace().events())
    if (e.kind == TraceKind::Note && std::string_view(e.text).starts_with(starts)) return std::string(e.text);
  return "";
}

}  // namespace

TEST_CASE("contradictions in a scenario are warnings at the field that causes them") {
  const LoadResult r = load_scenario_text(kContradictions, "c.json");
  REQUIRE(r.scenario.has_value());
  CHECK(r.errors.empty());
  REQUIRE(r.warnings.size() == 4);
  CHECK(r.warnings[0].format() ==
        "c.json:4:100: warning: host msa.example requires AUTH but its extensions do not offer it: every submission will "
        "end in 530 (add \"AUTH\" to its extensions)");
  CHECK(r.warnings[1].format().starts_with("c.json:4:130: warning: host msa.example wants STARTTLS before AUTH but does not "
                                           "offer STARTTLS: every AUTH will get 538"));
  CHECK(r.warnings[2].format() == "c.json:5:92: warning: host mx.example serves POP3/IMAP but has no users: no login can succeed");
  CHECK(r.warnings[3].format() == "c.json:7:141: warning: the client authenticates toward msa.example, which offers no AUTH: "
                                  "the message goes without it, and is refused (530)");
}

TEST_CASE("the note says why a message was not submitted: AUTH required but not offered") {
  const LoadResult r = load_scenario_text(kContradictions, "c.json");
  REQUIRE(r.scenario.has_value());
  Simulation sim(*r.scenario);
  sim.run();
  const std::string note = note_of(sim, "MUA not submitted");
  CHECK(note.starts_with("MUA not submitted: MAIL refused with 530 "));
  CHECK(note.ends_with("; the server requires AUTH but does not offer it (add AUTH to its extensions)"));
  // ... in French too, the server's own words kept.
  const std::string fr = explain::localize_note(note, explain::Lang::Fr);
  CHECK(fr.starts_with("le MUA n'a pas soumis le message : MAIL refusé avec 530 "));
  CHECK(fr.ends_with(" ; le serveur exige AUTH sans le proposer (ajouter AUTH à ses extensions)"));
}

TEST_CASE("the note says why a message was not submitted: AUTH required, and the client gave no credentials") {
  const LoadResult r = load_scenario_text(R"({"name": "no-credentials",
    "hosts": [{"name": "msa.example", "roles": ["msa", "mta"], "extensions": ["AUTH PLAIN"], "require_auth": true,
               "auth_users": {"anne": "pw"}},
              {"name": "pc.example", "roles": ["mua"]}],
    "clients": [{"at": "1s", "host": "pc.example", "send": {"from": "anne@msa.example", "to": "bob@msa.example", "via": "msa.example"}}]})",
                                          "n.json");
  REQUIRE(r.scenario.has_value());
  CHECK(r.warnings.empty());  // it can work: the client only has to log in
  Simulation sim(*r.scenario);
  sim.run();
  const std::string note = note_of(sim, "MUA not submitted");
  CHECK(note.starts_with("MUA not submitted: MAIL refused with 530 "));
  CHECK(note.ends_with("; the server requires AUTH and the client gave no credentials (add \"auth\" to the send action)"));
  CHECK(explain::localize_note(note, explain::Lang::Fr)
            .ends_with(" ; le serveur exige AUTH et le client n'a donné aucun identifiant (ajouter \"auth\" à l'action send)"));
}

TEST_CASE("the shipped scenarios load without a contradiction") {
  for (const auto& entry : std::filesystem::directory_iterator(std::string(MAILSIM_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".json") continue;
    const LoadResult r = load_scenario_file(entry.path().string());
    CAPTURE(entry.path().string());
    CHECK(r.errors.empty());
    for (const auto& w : r.warnings) FAIL_CHECK(w.format());
  }
}
