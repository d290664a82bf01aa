// The MIME tree parser: the course's examples (shipped under scenarios/messages/), the
// examples of RFC 2046 and RFC 2231, and the damaged messages a reader must survive.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "message/content_type.hpp"
#include "message/eml.hpp"
#include "message/inspect.hpp"
#include "message/mime.hpp"
#include "message/text_util.hpp"

using namespace mailsim::message;

namespace {
std::string crlf(std::string_view lf_text) {
  std::string out;
  for (const char c : lf_text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}
bool has_diagnostic(const Message& m, std::string_view fragment, std::string_view where = {}) {
  for (const auto& d : m.diagnostics().items())
    if (d.what.find(fragment) != std::string::npos && d.where.find(where) != std::string::npos) return true;
  return false;
}
Message load(const char* name) {
  std::string error;
  auto m = load_eml(std::string(MAILSIM_SOURCE_DIR) + "/scenarios/messages/" + name, &error);
  REQUIRE_MESSAGE(m, error);
  return std::move(*m);
}
}  // namespace

TEST_CASE("mime parse: the course's header example") {
  const Message m = load("course_header.eml");
  const auto summary = summarize(m);
  CHECK(m.root().header.fields.size() == 9);
  CHECK(m.root().header.find("delivered-to")->value == "gerard.florin@cnam.fr");
  bool subject = false;
  for (const auto& [name, value] : summary.headers) subject |= name == "Subject" && value == "Un premier retour sur le modèle";
  CHECK(subject);
  CHECK(m.root().type.mime_type() == "text/plain");
  CHECK(m.root().type_defaulted);
  CHECK(has_diagnostic(m, "X-Accept-Language is a private"));
  CHECK(!has_diagnostic(m, "missing required"));
}

TEST_CASE("mime parse: the course's multipart example") {
  const Message m = load("course_multipart.eml");
  const Entity& root = m.root();
  CHECK(root.type.mime_type() == "multipart/mixed");
  CHECK(root.type.parameter("boundary") == "toto-tata-titi");
  CHECK(root.preamble == "Ceci est un message mime");
  REQUIRE(root.children.size() == 2);
  const Entity& text = root.children[0];
  CHECK(text.path == "1");
  CHECK(text.charset() == "iso-8859-1");
  CHECK(text.encoding == TransferEncoding::eight_bit);
  CHECK(text.body.find("ci-apr\xE8s") != std::string_view::npos);  // really Latin-1 on disk
  CHECK(decoded_text(text) == "Bonjour Jean, je t'envoie ci-après le texte de la\r\nRFC sur MIME.");
  const Entity& external = root.children[1];
  CHECK(external.type.mime_type() == "message/external-body");
  CHECK(external.type.parameter("access-type") == "anon-ftp");
  CHECK(external.type.parameter("site") == "ftp.jussieu.fr");
  CHECK(external.type.parameter("name") == "/pub/rfc/rfc/rfc1341.txt");
  REQUIRE(external.children.size() == 1);
  CHECK(external.children[0].path == "2.1");
  CHECK(external.children[0].header.find("Content-ID"));
  CHECK(has_diagnostic(m, "missing required Date"));
  CHECK(!has_diagnostic(m, "closing delimiter"));
}

TEST_CASE("mime parse: the slide's layout, without empty lines, is read leniently") {
  const Message m = Message::parse(crlf(
      "From: paul@uvsq.fr\nDate: Mon, 4 Mar 2002 10:00:00 +0100\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"toto-tata-titi\"\nCeci est un message mime\n"
      "--toto-tata-titi\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n"
      "Bonjour Jean\n--toto-tata-titi\n"));
  REQUIRE(m.root().children.size() == 1);
  CHECK(m.root().preamble == "Ceci est un message mime");
  CHECK(m.root().children[0].charset() == "iso-8859-1");
  CHECK(m.root().children[0].body == "Bonjour Jean");
  CHECK(has_diagnostic(m, "not a header field", "line 5"));
  CHECK(has_diagnostic(m, "closing delimiter --toto-tata-titi-- is missing"));
}

TEST_CASE("mime parse: RFC 2231 parameter continuations, charsets and languages") {
  auto t = parse_media_type(
      "message/external-body; access-type=URL;\r\n URL*0=\"ftp://\";\r\n URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"");
  REQUIRE(t);
  CHECK(t->parameter("url") == "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar");
  t = parse_media_type("application/x-stuff;\r\n title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A");
  REQUIRE(t);
  CHECK(t->parameter("title") == "This is ***fun***");
  CHECK(t->parameters[0].language == "en-us");
  t = parse_media_type(
      "application/x-stuff;\r\n title*0*=us-ascii'en'This%20is%20even%20more%20;\r\n title*1*=%2A%2A%2Afun%2A%2A%2A%20;\r\n "
      "title*2=\"isn't it!\"");
  REQUIRE(t);
  CHECK(t->parameter("title") == "This is even more ***fun*** isn't it!");
  const auto latin1 = parse_parameterized_value("attachment; filename*=iso-8859-1''r%E9sum%E9.pdf");
  CHECK(latin1.parameter("filename") == "résumé.pdf");
  CHECK(parse_parameterized_value("attachment; " + format_parameter("filename", "résumé.pdf")).parameter("filename") ==
        "résumé.pdf");
  CHECK(format_parameter("boundary", "a b") == "boundary=\"a b\"");
}

TEST_CASE("mime parse: Content-Type syntax, comments and defaults (RFC 2045 §5)") {
  auto t = parse_media_type("Text/HTML (a comment); Charset=\"UTF-8\" (another)");
  REQUIRE(t);
  CHECK(t->mime_type() == "text/html");
  CHECK(t->parameter("charset") == "UTF-8");
  CHECK(!parse_media_type("garbage"));
  // RFC 2045 §5.1: these three forms say the same thing.
  for (const char* form : {"text/plain; charset=us-ascii (Plain text)", "text/plain; charset=\"us-ascii\"",
                           "TEXT/PLAIN; CHARSET=us-ascii"}) {
    const auto same = parse_media_type(form);
    REQUIRE(same);
    CHECK(same->mime_type() == "text/plain");
    CHECK(to_lower(same->parameter("charset")) == "us-ascii");
  }
  std::vector<std::string> problems;
  t = parse_media_type("multipart/mixed; boundary=----=_Part_1", &problems);
  REQUIRE(t);
  CHECK(t->parameter("boundary") == "----=_Part_1");
  CHECK(!problems.empty());
  const Message m = Message::parse(crlf("From: a@b.c\nDate: Mon, 4 Mar 2002 10:00:00 +0100\nMIME-Version: 1.0\n"
                                        "Content-Type: nonsense\n\nhello\n"));
  CHECK(m.root().type.mime_type() == "text/plain");
  CHECK(m.root().charset() == "us-ascii");
  CHECK(has_diagnostic(m, "unreadable Content-Type"));
}

TEST_CASE("mime parse: RFC 2046 §5.1.5 digest parts default to message/rfc822") {
  const Message m = Message::parse(crlf(
      "From: Moderator-Address\nTo: Recipient-List\nDate: Mon, 22 Mar 1994 13:34:51 +0000\n"
      "Subject: Internet Digest, volume 42\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed;\n              boundary=\"---- main boundary ----\"\n\n"
      "------ main boundary ----\n\n  ...Introductory text or table of contents...\n\n"
      "------ main boundary ----\nContent-Type: multipart/digest;\n              boundary=\"---- next message ----\"\n\n"
      "------ next message ----\n\nFrom: someone-else\nDate: Fri, 26 Mar 1993 11:13:32 +0200\nSubject: my opinion\n\n"
      "  ...body goes here ...\n\n------ next message ----\n\nFrom: someone-else-again\n"
      "Date: Fri, 26 Mar 1993 10:07:13 -0500\nSubject: my different opinion\n\n  ... another body goes here ...\n\n"
      "------ next message ------\n\n------ main boundary ------\n"));
  REQUIRE(m.root().children.size() == 2);
  CHECK(m.root().children[0].type.mime_type() == "text/plain");
  const Entity& digest = m.root().children[1];
  CHECK(digest.type.mime_type() == "multipart/digest");
  REQUIRE(digest.children.size() == 2);
  for (const Entity& part : digest.children) {
    CHECK(part.type.mime_type() == "message/rfc822");
    REQUIRE(part.children.size() == 1);
  }
  CHECK(digest.children[1].children[0].path == "2.2.1");
  CHECK(digest.children[1].children[0].header.find("Subject")->value == "my different opinion");
  CHECK(m.find("2.1.1") != nullptr);
}

TEST_CASE("mime parse: alternative, related and parallel nest; unknown multipart subtypes act as mixed") {
  const Message m = Message::parse(crlf(
      "From: a@b.c\nDate: Mon, 4 Mar 2002 10:00:00 +0100\nMIME-Version: 1.0\nContent-Type: multipart/x-new; boundary=out\n\n"
      "--out\nContent-Type: multipart/alternative; boundary=alt\n\n--alt\nContent-Type: text/plain\n\nplain\n"
      "--alt\nContent-Type: multipart/related; boundary=rel; type=\"text/html\"\n\n--rel\nContent-Type: text/html\n\n"
      "<img src=\"cid:logo\">\n--rel\nContent-Type: image/png\nContent-ID: <logo>\nContent-Transfer-Encoding: base64\n\n"
      "iVBORw0KGgo=\n--rel--\n--alt--\n--out\nContent-Type: multipart/parallel; boundary=par\n\n--par\n"
      "Content-Type: audio/basic\nContent-Transfer-Encoding: base64\n\nAAAA\n--par\nContent-Type: video/mpeg\n"
      "Content-Transfer-Encoding: base64\n\nAAAA\n--par--\n--out--\n"));
  CHECK(m.diagnostics().empty());
  REQUIRE(m.find("1.2.2"));
  CHECK(m.find("1.2.2")->type.mime_type() == "image/png");
  CHECK(decoded_content(*m.find("1.2.2")) == "\x89PNG\r\n\x1A\n");
  CHECK(m.find("2.1")->type.mime_type() == "audio/basic");
  CHECK(m.find("2.2")->type.mime_type() == "video/mpeg");
  CHECK(m.entities().size() == 9);
}

TEST_CASE("mime parse: damaged messages give diagnostics, not failures") {
  SUBCASE("missing boundary parameter and a boundary that never appears") {
    const Message a = Message::parse("MIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\nbody\r\n");
    CHECK(has_diagnostic(a, "without a boundary"));
    const Message b = Message::parse("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\nbody\r\n");
    CHECK(has_diagnostic(b, "never appears"));
    CHECK(b.root().children.empty());
  }
  SUBCASE("bad base64, unknown charset, 8-bit in 7bit, long line") {
    const Message m = Message::parse(crlf(
        "From: a@b.c\nDate: Mon, 4 Mar 2002 10:00:00 +0100\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
        "--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nAAA*AAAA\n"
        "--b\nContent-Type: text/plain; charset=x-klingon\n\nqapla'\n--b\nContent-Type: text/plain\n\ncaf\xE9\n"
        "--b\nContent-Type: text/plain\n\n" + std::string(1200, 'x') + "\n--b--\n"));
    const auto summary = summarize(m);
    bool bad_base64 = false;
    for (const auto& d : summary.diagnostics) bad_base64 |= d.where == "part 1" && d.what.find("base64") != std::string::npos;
    CHECK(bad_base64);
    CHECK(has_diagnostic(m, "unknown charset 'x-klingon'", "part 2"));
    CHECK(has_diagnostic(m, "8-bit octets in a part declared 7bit", "part 3"));
    CHECK(has_diagnostic(m, "line of more than 998 octets", "part 4, line 22"));
    CHECK(summary.parts[3].preview == "café");  // mislabelled Latin-1 still shown right
  }
  SUBCASE("unknown transfer encoding; encoded multipart; external body without access-type") {
    const Message m = Message::parse(crlf(
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Transfer-Encoding: x-uuencode\n\nbegin\n"
        "--b\nContent-Type: multipart/mixed; boundary=c\nContent-Transfer-Encoding: base64\n\nAAAA\n"
        "--b\nContent-Type: message/external-body\n\nContent-Type: text/plain\n\n--b--\n"));
    CHECK(has_diagnostic(m, "unknown Content-Transfer-Encoding 'x-uuencode'"));
    CHECK(decoded_content(*m.find("1")) == "begin");
    CHECK(has_diagnostic(m, "only 7bit, 8bit or binary are allowed", "part 2"));
    CHECK(has_diagnostic(m, "without access-type", "part 3"));
    CHECK(has_diagnostic(m, "must include a Content-ID", "part 3.1"));
  }
}

TEST_CASE("mime parse: nesting depth and part count are bounded") {
  std::string deep = "MIME-Version: 1.0\r\n";
  for (int i = 0; i < 100; ++i) deep += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" + std::to_string(i) + "\r\n";
  const Message m = Message::parse(deep);
  CHECK(has_diagnostic(m, "nesting deeper than 32 levels"));
  CHECK(m.entities().size() == 33);
  Limits limits;
  limits.max_parts = 50;
  std::string many = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
  for (int i = 0; i < 1000; ++i) many += "--b\r\n\r\npart\r\n";
  const Message w = Message::parse(many + "--b--\r\n", limits);
  CHECK(w.entities().size() == 50);
  CHECK(has_diagnostic(w, "more than 50 parts"));
}

TEST_CASE("mime parse: LF-only files and header folding") {
  const Message m = Message::parse("Subject: a folded\n  subject line\nFrom: a@b.c\nDate: Mon, 4 Mar 2002 10:00:00 +0100\n\nbody\n");
  CHECK(m.root().header.find("Subject")->value == "a folded  subject line");
  CHECK(m.root().body == "body\n");
  CHECK(m.root().header.find("Date")->line == 4);
}

TEST_CASE("mime parse: header field and diagnostic counts are capped") {
  std::string many_fields;
  for (int i = 0; i < 1500; ++i) many_fields += "X-F" + std::to_string(i) + ": v\r\n";
  Limits limits;
  const Message m = Message::parse(many_fields + "\r\nbody\r\n", limits);
  CHECK(m.root().header.fields.size() == limits.max_header_fields);
  CHECK(has_diagnostic(m, "more than 1000 header fields"));
  CHECK(m.diagnostics().items().size() == limits.max_diagnostics);  // one note per X- field, capped
  CHECK(m.diagnostics().dropped() > 0);
  CHECK(m.root().body == "body\r\n");
}

TEST_CASE("mime parse: the external body's Content-ID shows in the summary") {
  auto m = load_eml(std::string(MAILSIM_SOURCE_DIR) + "/scenarios/messages/course_multipart.eml");
  REQUIRE(m);
  const auto summary = summarize(*m);
  CHECK(summary.parts[3].content_id == "<rfc1341@ftp.jussieu.fr>");
  CHECK(to_text(summary).find("id <rfc1341@ftp.jussieu.fr>") != std::string::npos);
}

TEST_CASE("mime parse: raw 8-bit header text is shown but diagnosed") {
  const Message m = Message::parse("From: a@b.fr\r\nDate: Thu, 21 Mar 2002 15:15:39 +0100\r\n"
                                   "Subject: Un premier retour sur le mod\xE8le\r\n\r\nbody\r\n");
  CHECK(has_diagnostic(m, "Subject holds raw 8-bit octets", "line 3"));
  bool shown = false;
  for (const auto& [name, value] : summarize(m).headers) shown |= name == "Subject" && value == "Un premier retour sur le modèle";
  CHECK(shown);
}

TEST_CASE("mime parse: invalid UTF-8 in a MIME field is replaced and diagnosed, and the JSON summary is written") {
  // Found by fuzzing: a truncated multi-byte sequence after Content-Transfer-Encoding made
  // `mailsim message --format json` abort (the JSON library refuses invalid UTF-8).
  const Message m = Message::parse("From: a@b.fr\r\nContent-Transfer-Encoding: \xC3\r\n\r\nbody\r\n");
  const auto summary = summarize(m);
  CHECK(summary.parts[0].encoding == "\xEF\xBF\xBD");
  bool said = false;
  for (const auto& d : summary.diagnostics) said |= d.what == "a MIME field: 1 byte(s) not valid UTF-8, shown as U+FFFD";
  CHECK(said);
  std::string json;
  CHECK_NOTHROW(json = to_json(summary).dump(2));
  CHECK(json.find("\"encoding\": \"\xEF\xBF\xBD\"") != std::string::npos);
}
