// Scenario loading (errors with file:line:col) and whole runs (determinism, expectations).
#include <doctest/doctest.h>

#include <filesystem>

#include "scenario/reader.hpp"
#include "world/simulation.hpp"

using namespace mailsim;

namespace {
std::string first_error(const std::string& text) {
  const LoadResult r = load_scenario_text(text, "bad.json");
  REQUIRE_FALSE(r.scenario.has_value());
  REQUIRE_FALSE(r.errors.empty());
  return r.errors.front().format();
}

const char* kMinimal = R"({
  "name": "t",
  "hosts": [
    {"name": "a.example", "roles": ["mua", "mta"]},
    {"name": "b.example", "roles": ["mx", "mda"], "domains": ["b.example"], "users": ["bob"]}
  ],
  "clients": [{"at": "1s", "host": "a.example", "send": {"from": "x@a.example", "to": "bob@b.example"}}],
  "expect": [{"delivered": "bob@b.example", "count": 1}]
})";

std::string transcript(const Scenario& s, std::uint64_t seed) {
  Simulation sim(s, seed);
  sim.run();
  std::string out;
  for (const auto& e : sim.trace().events()) out += sim.trace().format_line(e) + "\n";
  return out;
}
}  // namespace

TEST_CASE("scenario errors say file:line:col and what is wrong") {
  CHECK(first_error("{\n  \"name\": \"x\",\n  \"hosts\": [}\n") == "bad.json:3:13: unexpected character '}' (expected a value)");
  CHECK(first_error("{\"name\": \"x\", \"hosts\": [], \"hostz\": 1}") ==
        "bad.json:1:28: scenario: unknown field \"hostz\" (allowed: clients, description, description_fr, dns, epoch, expect, faults, hosts, latency, links, name, seed, time_limit, title, title_fr)");
  CHECK(first_error("{\"hosts\": []}") == "bad.json:1:1: scenario: missing required field \"name\"");
  CHECK(first_error("{\"name\": \"x\",\n \"hosts\": [{\"name\": \"a\", \"roles\": [\"mailman\"]}]}") ==
        "bad.json:2:36: host a: unknown role \"mailman\" (roles: mua, msa, mta, mx, mda)");
  CHECK(first_error("{\"name\": \"x\", \"hosts\": [{\"name\": \"a\", \"roles\": [\"mua\"]}],\n"
                    " \"clients\": [{\"host\": \"a\", \"send\": {\"from\": \"f@a\", \"to\": \"t@b\", \"via\": \"ghost\"}}]}") ==
        "bad.json:2:72: send: no host named \"ghost\" (hosts: a)");
  CHECK(first_error("{\"name\": \"x\", \"hosts\": [], \"latency\": \"fast\"}").find("must be a duration") != std::string::npos);
  CHECK(first_error("{\"name\": \"x\", \"name\": \"y\", \"hosts\": []}") == "bad.json:1:15: duplicate member \"name\"");
}

TEST_CASE("a French title or description is a non-empty string beside its English twin") {
  CHECK(first_error("{\"name\": \"x\", \"hosts\": [],\n \"title\": \"T\", \"title_fr\": 3}") ==
        "bad.json:2:28: scenario: \"title_fr\" must be a string");
  CHECK(first_error("{\"name\": \"x\", \"hosts\": [], \"description\": \"D\",\n \"description_fr\": \"\"}") ==
        "bad.json:2:20: scenario: \"description_fr\" is empty (leave it out to show the English one)");
  CHECK(first_error("{\"name\": \"x\", \"hosts\": [],\n \"title_fr\": \"Titre\"}") ==
        "bad.json:2:14: scenario: \"title_fr\" translates \"title\", which is missing: write the English one too");
  const LoadResult r = load_scenario_text(R"({"name": "x", "hosts": [], "title": "Mail", "title_fr": "Courrier", "description": "D"})", "ok.json");
  REQUIRE(r.scenario.has_value());
  CHECK(r.scenario->title_in(explain::Lang::Fr) == "Courrier");
  CHECK(r.scenario->title_in(explain::Lang::En) == "Mail");
  CHECK(r.scenario->description_in(explain::Lang::Fr) == "D");  // no French description: the English one
}

TEST_CASE("every shipped scenario has its title and description in French") {
  for (const auto& entry : std::filesystem::directory_iterator(std::string(MAILSIM_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".json") continue;
    CAPTURE(entry.path().string());
    const LoadResult r = load_scenario_file(entry.path().string());
    REQUIRE(r.scenario.has_value());
    CHECK_FALSE(r.scenario->title_fr.empty());
    CHECK(r.scenario->description_fr.empty() == r.scenario->description.empty());
    CHECK(r.scenario->title_fr != r.scenario->title);
  }
}

TEST_CASE("an unreadable scenario file is reported, not a crash") {
  const LoadResult r = load_scenario_file("no/such/file.json");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() == "no/such/file.json: cannot read the file (does it exist?)");
}

TEST_CASE("durations and dates in scenarios") {
  CHECK(parse_duration("250ms") == 250 * kMillisecond);
  CHECK(parse_duration("1.5s") == 1500 * kMillisecond);
  CHECK(parse_duration("2h") == 2 * kHour);
  CHECK_FALSE(parse_duration("5").has_value());
  CHECK_FALSE(parse_duration("s").has_value());
  CHECK(parse_utc_datetime("1970-01-02T00:00:00Z") == 86400);
  CHECK(format_rfc5322_date(*parse_utc_datetime("2001-11-23T09:30:15Z")) == "Fri, 23 Nov 2001 09:30:15 +0000");
}

TEST_CASE("a run is deterministic: same scenario and seed, same trace byte for byte") {
  const LoadResult r = load_scenario_text(kMinimal, "t.json");
  REQUIRE(r.scenario.has_value());
  const std::string first = transcript(*r.scenario, 7);
  CHECK(first == transcript(*r.scenario, 7));
  CHECK(first.find("S: 250 M1 Message accepted for delivery") != std::string::npos);
}

TEST_CASE("expectations pass and fail on what happened") {
  const LoadResult r = load_scenario_text(kMinimal, "t.json");
  REQUIRE(r.scenario.has_value());
  Simulation ok(*r.scenario);
  ok.run();
  auto results = ok.check_expectations();
  REQUIRE(results.size() == 1);
  CHECK(results[0].passed);
  CHECK(ok.balance().holds());
  CHECK(ok.balance().delivered == 1);

  Scenario broken = *r.scenario;
  broken.hosts[1].users = {"alice"};  // bob has no mailbox now: RCPT is refused
  Simulation bad(broken);
  bad.run();
  results = bad.check_expectations();
  CHECK_FALSE(results[0].passed);
  CHECK(results[0].detail == "found 0 message(s) on b.example");
  // The refused recipient bounces; its DSN (a message of its own, MAIL FROM:<>) is counted too.
  CHECK(bad.balance().holds());
  CHECK(bad.balance().bounced >= 1);
}

TEST_CASE("the MSA completes a submitted message and removes Bcc, and says so in the trace") {
  const char* text = R"({
  "name": "msa",
  "hosts": [
    {"name": "pc.example", "roles": ["mua"]},
    {"name": "smtp.example", "roles": ["msa", "mta"]},
    {"name": "mx.example", "roles": ["mx", "mda"], "domains": ["mx.example"], "users": ["bob", "carol"]}
  ],
  "clients": [{"at": "1s", "host": "pc.example",
    "send": {"via": "smtp.example", "from": "ann@pc.example", "to": ["bob@mx.example", "carol@mx.example"],
             "message": {"to": "bob@mx.example", "bcc": "carol@mx.example", "subject": "hi", "text": "x", "leave_to_msa": true}}}]
})";
  const LoadResult r = load_scenario_text(text, "msa.json");
  REQUIRE(r.scenario.has_value());
  Simulation sim(*r.scenario);
  sim.run();
  std::string decisions;
  for (const auto& e : sim.trace().events())
    if (e.kind == TraceKind::Decision) (decisions += e.text) += "\n";
  CHECK(decisions.find("submission: removed Bcc: carol@mx.example") != std::string::npos);
  CHECK(decisions.find("submission: the MUA left it out, added Date: ") != std::string::npos);
  CHECK(decisions.find("submission: the MUA left it out, added Message-ID: <M1.") != std::string::npos);
  const Mailstore* store = sim.mailstore("mx.example");
  REQUIRE(store != nullptr);
  const std::string& stored = *store->find("carol")->folders.at("INBOX").messages.at(0).data;
  CHECK(stored.rfind("Return-Path: <ann@pc.example>\r\n", 0) == 0);
  CHECK(stored.find("Bcc:") == std::string::npos);
  CHECK(stored.find("\r\nDate: ") != std::string::npos);
}

TEST_CASE("a message description that cannot be built is refused at load time, with its position") {
  const std::string err = first_error(R"({"name": "x", "hosts": [{"name": "a", "roles": ["mua", "mta"]}],
 "clients": [{"host": "a", "send": {"from": "f@a", "to": "t@b", "message": {"subject": "s", "colour": "red"}}}]})");
  CHECK(err.rfind("bad.json:2:76: message.colour", 0) == 0);
  CHECK(err.find("colour") != std::string::npos);
}

TEST_CASE("scenario strings: \\u escapes, surrogate pairs, and bad escapes located") {
  const LoadResult r = load_scenario_text(R"({"name": "x", "title": "caf\u00e9 \ud83d\udce7", "hosts": []})", "t.json");
  REQUIRE(r.scenario.has_value());
  CHECK(r.scenario->title == "caf\xc3\xa9 \xf0\x9f\x93\xa7");
  CHECK(first_error(R"({"name": "\ud83d"})") == "bad.json:1:17: lone high surrogate in a \\u escape");
  CHECK(first_error("{\"name\": \"a\\qb\"}") == "bad.json:1:14: invalid escape '\\q' in a string");
}

TEST_CASE("a dialogue expectation with a string where a list belongs is refused at load (found by fuzzing)") {
  std::string text = kMinimal;
  const std::string bad = "\"expect\": [{\"dialogue\": {\"client\": \"a.example\", \"server\": \"b.example\", \"commands\": \"HELO\"}}]";
  text.replace(text.find("\"expect\""), std::string::npos, bad + "\n}");
  CHECK(first_error(text) == "bad.json:8:86: dialogue: \"commands\" must be a list [...]");
  // Typed at load: the checker reads the list, not the JSON, after the run.
  text.replace(text.find("\"HELO\""), 6, "[\"EHLO\", \"MAIL\", \"RCPT\", \"DATA\", \"QUIT\"]");
  const LoadResult r = load_scenario_text(text, "t.json");
  REQUIRE(r.scenario.has_value());
  Simulation sim(*r.scenario);
  sim.run();
  const auto results = sim.check_expectations();
  REQUIRE(results.size() == 1);
  CHECK(results[0].description == "the dialogue from a.example to b.example: commands EHLO MAIL RCPT DATA QUIT");
  CHECK(results[0].passed);
}
