// Addresses: every case of the course's address slides, with the rule that explains it,
// and the RFC 5321 path parser the SMTP engine uses for MAIL FROM and RCPT TO.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "message/address.hpp"
#include "message/smtp_path.hpp"

using namespace mailsim::message;

namespace {
bool has_note(const AddressParse& p, const std::string& fragment, bool problem) {
  for (const auto& n : p.notes)
    if (n.text.find(fragment) != std::string::npos && n.problem == problem && !n.reference.empty()) return true;
  return false;
}
const Mailbox& only(const AddressParse& p) {
  REQUIRE(p.ok);
  REQUIRE(p.addresses.size() == 1);
  REQUIRE(p.addresses[0].mailboxes.size() == 1);
  return p.addresses[0].mailboxes[0];
}
}  // namespace

TEST_CASE("address: the simplest form") {
  const auto p = parse_address("anne.wei@cnam.fr");
  CHECK(only(p).local_part == "anne.wei");
  CHECK(only(p).domain == "cnam.fr");
  CHECK(!p.has_problems());
  CHECK(has_note(p, "case-sensitive", false));
}

TEST_CASE("address: a quoted local part equals the unquoted one") {
  const auto quoted = parse_address("\"anne.wei\"@cnam.fr");
  const auto plain = parse_address("anne.wei@cnam.fr");
  CHECK(same_mailbox(only(quoted), only(plain)));
  CHECK(only(quoted).addr_spec() == "anne.wei@cnam.fr");
  CHECK(has_note(quoted, "same mailbox as anne.wei@cnam.fr", false));
  const auto spaced = parse_address("\"anne wei\"@cnam.fr");
  CHECK(only(spaced).addr_spec() == "\"anne wei\"@cnam.fr");
  CHECK(has_note(spaced, "needs its quotes", false));
}

TEST_CASE("address: the local part is case-sensitive, the domain is not") {
  CHECK(!same_mailbox(only(parse_address("anne.wei@cnam.fr")), only(parse_address("Anne.WEI@cnam.fr"))));
  CHECK(same_mailbox(only(parse_address("anne.wei@cnam.fr")), only(parse_address("anne.wei@CNAM.FR"))));
}

TEST_CASE("address: display name and angle brackets") {
  const auto p = parse_address("Anne Wei <anne.wei@cnam.fr>");
  CHECK(only(p).display_name == "Anne Wei");
  CHECK(only(p).addr_spec() == "anne.wei@cnam.fr");
  CHECK(has_note(p, "the address is the part between < and >", false));
  const auto encoded = parse_address("=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>");
  CHECK(only(encoded).display_name == "André Pirard");
  const auto quoted_name = parse_address("\"Wei, Anne\" <anne.wei@cnam.fr>");
  CHECK(only(quoted_name).display_name == "Wei, Anne");
}

TEST_CASE("address: address literals need brackets") {
  const auto literal = parse_address("anne.wei@[136.173.24.11]");
  CHECK(only(literal).domain_literal);
  CHECK(only(literal).domain == "[136.173.24.11]");
  CHECK(has_note(literal, "address literal", false));
  const auto bare = parse_address("anne.wei@136.173.24.11");  // as the course writes it
  CHECK(!only(bare).domain_literal);
  CHECK(has_note(bare, "written [136.173.24.11]", true));
  CHECK(only(parse_address("a@[IPv6:2001:db8::1]")).domain_literal);
}

TEST_CASE("address: comments are ignored") {
  const auto p = parse_address("anne.wei(d\xC3\xA9partement info)@cnam.fr");
  CHECK(only(p).addr_spec() == "anne.wei@cnam.fr");
  CHECK(has_note(p, "(d\xC3\xA9partement info) is ignored", false));
  const auto nested = parse_address("(a (nested) comment) anne.wei@cnam.fr (Anne)");
  CHECK(only(nested).addr_spec() == "anne.wei@cnam.fr");
  CHECK(!parse_address("anne.wei@cnam.fr (unterminated").ok);
}

TEST_CASE("address: source routes are obsolete and ignored") {
  const auto p = parse_address("<@ibp.fr,@uvsq.fr:anne.wei@cnam.fr>");
  CHECK(only(p).addr_spec() == "anne.wei@cnam.fr");
  CHECK(only(p).route == std::vector<std::string>{"ibp.fr", "uvsq.fr"});
  CHECK(has_note(p, "source route @ibp.fr,@uvsq.fr", true));
  const auto loose = parse_address("<ibp.fr, @uvsq.fr: anne.wei@cnam.fr>");  // the course's spelling
  CHECK(only(loose).route == std::vector<std::string>{"ibp.fr", "uvsq.fr"});
  CHECK(has_note(loose, "starts with '@'", true));
}

TEST_CASE("address: groups") {
  const auto empty = parse_address_list("Undisclosed recipients:;");
  REQUIRE(empty.ok);
  REQUIRE(empty.addresses.size() == 1);
  CHECK(empty.addresses[0].is_group);
  CHECK(empty.addresses[0].mailboxes.empty());
  CHECK(has_note(empty, "names no visible recipient", false));
  const auto team = parse_address_list("Team: anne.wei@cnam.fr, Bob <bob@uvsq.fr>;, carol@jussieu.fr");
  REQUIRE(team.ok);
  REQUIRE(team.addresses.size() == 2);
  CHECK(team.addresses[0].group_name == "Team");
  CHECK(team.addresses[0].mailboxes.size() == 2);
  CHECK(team.addresses[1].mailboxes[0].domain == "jussieu.fr");
}

TEST_CASE("address: a local part over 64 octets is flagged") {
  const auto p = parse_address(std::string(65, 'a') + "@cnam.fr");
  CHECK(p.ok);
  CHECK(has_note(p, "65 octets", true));
  CHECK(!parse_address(std::string(64, 'a') + "@cnam.fr").has_problems());
}

TEST_CASE("address: syntax errors say what and where") {
  const auto no_at = parse_address("anne.wei");
  CHECK(!no_at.ok);
  CHECK(no_at.error.find("'@'") != std::string::npos);
  CHECK(no_at.error.find("offset") != std::string::npos);
  CHECK(!parse_address("anne..wei@cnam.fr").ok);
  CHECK(!parse_address("Anne <anne.wei@cnam.fr").ok);
  CHECK(!parse_address("a@b, c@d").ok);
  CHECK(parse_address_list("a@b, c@d").addresses.size() == 2);
  CHECK(parse_address_list("").ok);
}

TEST_CASE("address smtp path: the forms an SMTP server accepts") {
  auto p = parse_smtp_path("<anne.wei@cnam.fr> SIZE=1000 BODY=8BITMIME", PathRole::reverse);
  REQUIRE(p.ok);
  CHECK(p.path.mailbox() == "anne.wei@cnam.fr");
  CHECK(p.parameters == "SIZE=1000 BODY=8BITMIME");
  p = parse_smtp_path("<>", PathRole::reverse);
  CHECK(p.ok);
  CHECK(p.path.null_path);
  p = parse_smtp_path("<PostMaster>", PathRole::forward);
  CHECK(p.ok);
  CHECK(p.path.postmaster);
  p = parse_smtp_path("<@ibp.fr,@uvsq.fr:anne.wei@cnam.fr>", PathRole::forward);
  REQUIRE(p.ok);
  CHECK(p.path.mailbox() == "anne.wei@cnam.fr");
  CHECK(p.path.ignored_route.size() == 2);
  p = parse_smtp_path("<\"anne wei\"@cnam.fr>", PathRole::forward);
  REQUIRE(p.ok);
  CHECK(p.path.local_part == "anne wei");
  CHECK(p.path.mailbox() == "\"anne wei\"@cnam.fr");
  CHECK(parse_smtp_path("<anne@[136.173.24.11]>", PathRole::forward).path.address_literal);
  CHECK(parse_smtp_path("<anne@[IPv6:2001:db8::1]>", PathRole::forward).ok);
  CHECK(parse_smtp_path("<anne@[IPv6:::ffff:192.0.2.1]>", PathRole::forward).ok);
}

TEST_CASE("address smtp path: refusals carry a reason and a reply code") {
  const auto reason = [](std::string_view text, PathRole role) { return parse_smtp_path(text, role); };
  auto p = reason("<>", PathRole::forward);
  CHECK((!p.ok && p.reply_code == 501));
  p = reason("anne@cnam.fr", PathRole::forward);
  CHECK((!p.ok && p.error.find("'<'") != std::string::npos));
  p = reason("<" + std::string(65, 'a') + "@cnam.fr>", PathRole::forward);
  CHECK((!p.ok && p.error.find("local part too long") != std::string::npos && p.reply_code == 501));
  CHECK(reason("<" + std::string(64, 'a') + "@cnam.fr>", PathRole::forward).ok);
  std::string long_domain;
  for (int i = 0; i < 5; ++i) long_domain += std::string(60, 'd') + ".";
  p = reason("<a@" + long_domain + "fr>", PathRole::forward);
  CHECK((!p.ok && p.error.find("domain too long") != std::string::npos));
  std::string long_path = "<a@";
  for (int i = 0; i < 4; ++i) long_path += std::string(62, 'd') + ".";
  long_path += "fr>";
  p = reason(long_path, PathRole::forward);  // domain 254 octets, path 259
  CHECK((!p.ok && p.error.find("path too long") != std::string::npos));
  CHECK(!reason("<anne@136.173.24.11]>", PathRole::forward).ok);
  CHECK(!reason("<anne@[136.173.24.300]>", PathRole::forward).ok);
  CHECK(!reason("<anne@[IPv6:1::2::3]>", PathRole::forward).ok);
  CHECK(!reason("<anne.@cnam.fr>", PathRole::forward).ok);
  CHECK(!reason("<anne@cnam.fr", PathRole::forward).ok);
  CHECK(!reason("<anne@-cnam.fr>", PathRole::forward).ok);
  CHECK(!reason("<Anne Wei <anne@cnam.fr>>", PathRole::forward).ok);
  p = reason("<jos\xC3\xA9@cnam.fr>", PathRole::forward);
  CHECK((!p.ok && p.reply_code == 553));
}

TEST_CASE("address smtp path: a lone '<' is refused without reading past the text (found by fuzzing)") {
  // `MAIL FROM:<` ended the text right after '<', and the source-route check read the next
  // byte. The text sits in a buffer of exactly its size, so ASan sees any read past it.
  for (const PathRole role : {PathRole::reverse, PathRole::forward}) {
    for (const std::string_view text : {"<", " <", "<@a,", "<@a:"}) {
      const auto buffer = std::make_unique<char[]>(text.size());
      std::copy(text.begin(), text.end(), buffer.get());
      const PathParse p = parse_smtp_path(std::string_view(buffer.get(), text.size()), role);
      CHECK_FALSE(p.ok);
      CHECK(p.reply_code == 501);
    }
    CHECK(parse_smtp_path("<", role).error.find("missing local part") != std::string::npos);
  }
}

TEST_CASE("address: a quoted-pair of CR or LF is dropped, so no line break is written back (found by fuzzing)") {
  // The value kept the line break, and addr_spec() wrote it back raw: reparsed, it unfolded
  // to another mailbox; written into a header field or MAIL FROM, it would cut the line.
  const AddressParse p = parse_address_list("\"a\\\r\\\nb\\\\c\"@example.org, \"Bob\\\nX-Evil: 1\" <bob@example.org>");
  REQUIRE(p.ok);
  REQUIRE(p.addresses.size() == 2);
  const Mailbox& first = p.addresses[0].mailboxes.at(0);
  CHECK(first.local_part == "ab\\c");
  CHECK(first.addr_spec() == "\"ab\\\\c\"@example.org");
  const AddressParse again = parse_address(first.addr_spec());
  REQUIRE(again.ok);
  CHECK(same_mailbox(again.addresses.at(0).mailboxes.at(0), first));
  CHECK(p.addresses[1].mailboxes.at(0).display_name == "BobX-Evil: 1");
  bool noted = false;
  for (const auto& n : p.notes) noted |= n.text == "a line break quoted with '\\' is obsolete and dropped" && n.problem;
  CHECK(noted);
}
