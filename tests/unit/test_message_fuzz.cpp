// Fuzz-style robustness: random and mutated inputs through every parser of the message
// module must neither crash nor throw (run this under -DMAILSIM_SANITIZE=ON too).
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/random.hpp"
#include "message/address.hpp"
#include "message/content_type.hpp"
#include "message/encoded_word.hpp"
#include "message/eml.hpp"
#include "message/inspect.hpp"
#include "message/smtp_path.hpp"

using namespace mailsim::message;

namespace {
// Random edits biased towards the characters that matter to the grammars.
std::string mutate(std::string s, mailsim::Random& rng) {
  static constexpr char kInteresting[] = "\r\n-:;=?\"<>()@[]\\ \t.,*%'_B64Q";
  const int edits = static_cast<int>(rng.uniform(1, 12));
  for (int i = 0; i < edits; ++i) {
    const auto pos = static_cast<std::size_t>(rng.uniform(0, static_cast<std::int64_t>(s.size())));
    switch (rng.uniform(0, 4)) {
      case 0: if (pos < s.size()) s.erase(pos, static_cast<std::size_t>(rng.uniform(1, 40))); break;
      case 1: s.insert(pos, 1, kInteresting[rng.uniform(0, sizeof kInteresting - 2)]); break;
      case 2: if (pos < s.size()) s[pos] = static_cast<char>(rng.uniform(0, 255)); break;
      case 3: s.insert(pos, s.substr(pos / 2, static_cast<std::size_t>(rng.uniform(0, 200)))); break;
      default: s.resize(pos); break;
    }
  }
  return s;
}

void exercise(const std::string& input) {
  const Message m = Message::parse(input);
  const auto summary = summarize(m);
  CHECK(summary.parts.size() == m.entities().size());
  const std::string_view head = std::string_view(input).substr(0, 300);
  parse_address_list(head);
  parse_smtp_path(head, PathRole::forward);
  parse_smtp_path(head, PathRole::reverse);
  parse_parameterized_value(head);
  decode_header_text(head);
  encode_header_text(head);
}
}  // namespace

TEST_CASE("message fuzz: random bytes and mutated messages never crash the parsers (seed 7)") {
  mailsim::Random rng(7);
  std::vector<std::string> seeds;
  for (const char* name : {"course_header.eml", "course_multipart.eml"}) {
    auto bytes = read_file_bytes(std::string(MAILSIM_SOURCE_DIR) + "/scenarios/messages/" + name);
    REQUIRE(bytes);
    seeds.push_back(*bytes);
  }
  seeds.push_back("To: \"a\\\"b\"(c(d)e)@[1.2.3.4], g: <@x,@y:z@w>;\r\nContent-Type: multipart/digest; boundary=\"=_b\"\r\n\r\n"
                  "--=_b\r\n\r\nSubject: =?utf-8?B?w6k=?= =?x?Q?_?=\r\n\r\n--=_b--\r\n");
  for (int i = 0; i < 1500; ++i) {
    std::string input;
    if (i % 5 == 0) {
      input.resize(static_cast<std::size_t>(rng.uniform(0, 400)));
      for (char& c : input) c = static_cast<char>(rng.uniform(0, 255));
    } else {
      input = mutate(seeds[static_cast<std::size_t>(i) % seeds.size()], rng);
    }
    exercise(input);
  }
}

TEST_CASE("message cli: mailsim message prints the tree, and exits 2 on a broken message, bad usage or files") {
  const std::string file = std::string(MAILSIM_SOURCE_DIR) + "/scenarios/messages/course_header.eml";
  CHECK(mailsim::cli::cmd_message({file}) == 0);  // a note only (an X- field)
  CHECK(mailsim::cli::cmd_message({file, "--format", "json"}) == 0);
  // The slide's multipart message has no Date, an error: printed, and exit 2.
  CHECK(mailsim::cli::cmd_message({std::string(MAILSIM_SOURCE_DIR) + "/scenarios/messages/course_multipart.eml"}) == 2);
  CHECK(mailsim::cli::cmd_message({}) == 2);
  CHECK(mailsim::cli::cmd_message({file, "--format", "xml"}) == 2);
  CHECK(mailsim::cli::cmd_message({file, "--bogus"}) == 2);
  CHECK(mailsim::cli::cmd_message({std::string(MAILSIM_SOURCE_DIR) + "/no/such/file.eml"}) == 2);
  CHECK(mailsim::cli::cmd_message({std::string(MAILSIM_SOURCE_DIR) + "/scenarios"}) == 2);  // a directory
}

TEST_CASE("message inspect: the JSON tree of the course's multipart example") {
  auto m = load_eml(std::string(MAILSIM_SOURCE_DIR) + "/scenarios/messages/course_multipart.eml");
  REQUIRE(m);
  const auto json = to_json(summarize(*m));
  REQUIRE(json["parts"].size() == 4);
  CHECK(json["parts"][0]["type"] == "multipart/mixed");
  CHECK(json["parts"][1]["charset"] == "iso-8859-1");
  CHECK(json["parts"][1]["encoding"] == "8bit");
  CHECK(json["parts"][1]["preview"] == "Bonjour Jean, je t'envoie ci-après le texte de la RFC sur MIME.");
  CHECK(json["parts"][2]["type"] == "message/external-body");
  CHECK(json["parts"][3]["path"] == "2.1");
  CHECK(json["diagnostics"][0]["what"].get<std::string>().find("Date") != std::string::npos);
}
