// Transfer encodings, charsets and RFC 2047 encoded words: the RFC examples, and
// round trips on random data with a fixed seed.
#include <doctest/doctest.h>

#include <string>

#include "core/random.hpp"
#include "message/charset.hpp"
#include "message/encoded_word.hpp"
#include "message/text_util.hpp"
#include "message/transfer_encoding.hpp"

using namespace mailsim::message;

namespace {
std::string random_bytes(mailsim::Random& rng, std::size_t max_size, int alphabet = 256) {
  std::string s(static_cast<std::size_t>(rng.uniform(0, static_cast<std::int64_t>(max_size))), '\0');
  for (char& c : s) c = static_cast<char>(rng.uniform(0, alphabet - 1));
  return s;
}
bool lines_at_most(const std::string& encoded, std::size_t width) {
  std::size_t start = 0;
  while (start < encoded.size()) {
    std::size_t end = encoded.find("\r\n", start);
    if (end == std::string::npos) end = encoded.size();
    if (end - start > width) return false;
    start = end + 2;
  }
  return true;
}
}  // namespace

TEST_CASE("message base64: RFC 4648 vectors and line length") {
  CHECK(encode_base64("", 0) == "");
  CHECK(encode_base64("f", 0) == "Zg==");
  CHECK(encode_base64("fo", 0) == "Zm8=");
  CHECK(encode_base64("foo", 0) == "Zm9v");
  CHECK(encode_base64("foobar", 0) == "Zm9vYmFy");
  CHECK(decode_base64("Zm9v\r\nYmFy") == "foobar");
  const std::string long_data(1000, 'x');
  const std::string encoded = encode_base64(long_data);
  CHECK(lines_at_most(encoded, 76));
  CHECK(encoded.substr(0, 76).find("\r\n") == std::string::npos);
  CHECK(encoded.substr(76, 2) == "\r\n");
}

TEST_CASE("message base64: damaged input is decoded leniently with a problem") {
  std::string problem;
  CHECK(decode_base64("Zm9v!YmFy", &problem) == "foobar");
  CHECK(problem.find("outside the base64 alphabet") != std::string::npos);
  problem.clear();
  decode_base64("Zm9vY", &problem);
  CHECK(problem.find("incomplete") != std::string::npos);
}

TEST_CASE("message quoted-printable: RFC 2045 §6.7 soft line breaks and padding") {
  CHECK(decode_quoted_printable("Now's the time =\r\nfor all folk to come=\r\n to the aid of their country.") ==
        "Now's the time for all folk to come to the aid of their country.");
  CHECK(decode_quoted_printable("trailing spaces   \r\nnext") == "trailing spaces\r\nnext");
  CHECK(decode_quoted_printable("caf=E9 =3D ok") == "caf\xE9 = ok");
  std::string problem;
  CHECK(decode_quoted_printable("a=zz", &problem) == "a=zz");
  CHECK(!problem.empty());
}

TEST_CASE("message quoted-printable: encoder respects the 76-character lines and encodes trailing space") {
  const std::string text = std::string(200, 'a') + " \r\nligne accentu\xE9" "e\t\r\n";
  const std::string qp = encode_quoted_printable(text);
  CHECK(lines_at_most(qp, 76));
  CHECK(qp.find(" \r\n") == std::string::npos);  // trailing space is never literal
  CHECK(qp.find("=20\r\n") != std::string::npos);
  CHECK(qp.find("=E9") != std::string::npos);
  CHECK(decode_quoted_printable(qp) == text);
}

TEST_CASE("message encodings: random round trips (seed 4)") {
  mailsim::Random rng(4);
  for (int i = 0; i < 300; ++i) {
    const std::string data = random_bytes(rng, 600, i % 3 == 0 ? 128 : 256);
    CHECK(decode_base64(encode_base64(data)) == data);
    const std::string qp_text = encode_quoted_printable(data, QpMode::text);
    CHECK(lines_at_most(qp_text, 76));
    CHECK(decode_quoted_printable(qp_text) == data);
    const std::string qp_binary = encode_quoted_printable(data, QpMode::binary);
    CHECK(qp_binary.find_first_of("\x80\xFF") == std::string::npos);
    CHECK(decode_quoted_printable(qp_binary) == data);
  }
}

TEST_CASE("message body shape: 7bit, 8bit, binary and long lines") {
  CHECK(identity_encoding_for(body_shape("hello\r\nworld\r\n")) == TransferEncoding::seven_bit);
  CHECK(identity_encoding_for(body_shape("caf\xE9\r\n")) == TransferEncoding::eight_bit);
  CHECK(identity_encoding_for(body_shape(std::string("a\0b", 3))) == TransferEncoding::binary);
  const BodyShape long_line = body_shape("ok\r\n" + std::string(1200, 'x') + "\r\n");
  CHECK(long_line.long_line_number == 2);
  CHECK(identity_encoding_for(long_line) == TransferEncoding::binary);
  CHECK(find_transfer_encoding(" Quoted-Printable ") == TransferEncoding::quoted_printable);
  CHECK(!find_transfer_encoding("x-uuencode"));
}

TEST_CASE("message charsets: Latin-1, Latin-9, Windows-1252 and UTF-8") {
  CHECK(to_utf8("mod\xE8le", Charset::iso_8859_1) == "modèle");
  CHECK(to_utf8("\xA4", Charset::iso_8859_1) == "¤");
  CHECK(to_utf8("\xA4", Charset::iso_8859_15) == "€");
  CHECK(to_utf8("\x80", Charset::windows_1252) == "€");
  CHECK(to_utf8("\x93quoted\x94", Charset::windows_1252) == "“quoted”");
  std::size_t replaced = 0;
  CHECK(to_utf8("bad \xC3( utf8", Charset::utf_8, &replaced) == "bad \xEF\xBF\xBD( utf8");
  CHECK(replaced == 1);
  CHECK(from_utf8("€", Charset::iso_8859_15) == std::string("\xA4"));
  CHECK(!from_utf8("€", Charset::iso_8859_1));
  CHECK(find_charset("Latin1") == Charset::iso_8859_1);
  CHECK(find_charset("us-ascii*EN") == Charset::us_ascii);
  CHECK(!find_charset("koi8-r"));
}

TEST_CASE("message encoded words: RFC 2047 §8 examples") {
  CHECK(decode_header_text("=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>") == "Keith Moore <moore@cs.utk.edu>");
  CHECK(decode_header_text("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=") == "Keld Jørn Simonsen");
  CHECK(decode_header_text("=?ISO-8859-1?Q?Andr=E9?= Pirard") == "André Pirard");
  CHECK(decode_header_text("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n"
                           "    =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=") ==
        "If you can read this you understand the example.");
  CHECK(decode_header_text("(=?ISO-8859-1?Q?a?=)") == "(a)");
  CHECK(decode_header_text("(=?ISO-8859-1?Q?a?= b)") == "(a b)");
  CHECK(decode_header_text("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)") == "(ab)");
  CHECK(decode_header_text("(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)") == "(ab)");
  CHECK(decode_header_text("(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)") == "(ab)");
  CHECK(decode_header_text("(=?ISO-8859-1?Q?a_b?=)") == "(a b)");
  CHECK(decode_header_text("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)") == "(a b)");
}

TEST_CASE("message encoded words: unknown charsets, malformed words and raw 8-bit") {
  std::string problem;
  CHECK(decode_header_text("=?x-unknown?Q?caf=E9?=", &problem) == "=?x-unknown?Q?caf=E9?=");
  CHECK(problem.find("unknown charset") != std::string::npos);
  CHECK(decode_header_text("=?utf-8?Q?not closed") == "=?utf-8?Q?not closed");
  CHECK(decode_header_text("Un premier retour sur le mod\xE8le") == "Un premier retour sur le modèle");
  CHECK(decode_header_text("d\xC3\xA9j\xC3\xA0 vu") == "déjà vu");
  CHECK(decode_header_text("=?windows-1252?Q?=80_5?=") == "€ 5");
  CHECK(decode_header_text("=?UTF-8*fr?B?w6l0w6k=?=") == "été");
}

TEST_CASE("message encoded words: encoding gives short words that decode back") {
  CHECK(encode_header_text("plain ASCII subject") == "plain ASCII subject");
  const std::string french = "Un premier retour sur le modèle, avec des accents : é è à ç ù";
  for (const auto charset : {Charset::utf_8, Charset::iso_8859_1, Charset::iso_8859_15, Charset::windows_1252}) {
    for (const auto enc : {WordEncoding::q, WordEncoding::b, WordEncoding::shortest}) {
      const std::string encoded = encode_header_text(french, charset, enc);
      CHECK(is_ascii(encoded));
      std::size_t start = 0;
      while (start < encoded.size()) {
        std::size_t end = encoded.find(' ', start);
        if (end == std::string::npos) end = encoded.size();
        CHECK(end - start <= 75);
        start = end + 1;
      }
      CHECK(decode_header_text(encoded) == french);
    }
  }
  const std::string japanese = "日本語の件名はここにあります、とても長い件名なので複数の単語に分けられます";
  const std::string encoded = encode_header_text(japanese, Charset::iso_8859_1);
  CHECK(encoded.find("UTF-8") != std::string::npos);  // fell back: Latin-1 cannot hold it
  CHECK(decode_header_text(encoded) == japanese);
  CHECK(encode_header_text("looks like =?x?Q?y?=") != "looks like =?x?Q?y?=");
}

TEST_CASE("message charsets: case folding for comparisons covers accented capitals") {
  CHECK(fold_case("VOUS AVEZ GAGNÉ") == "vous avez gagné");
  CHECK(fold_case("ŒUVRE À ÉTÉ, ŸVES") == "œuvre à été, ÿves");
  CHECK(fold_case("ΑΘΗΝΑ Москва") == "αθηνα москва");
  CHECK(fold_case("× ß € 1A") == "× ß € 1a");           // no small form, or not a letter
  CHECK(fold_case("A\xC3(B") == "a\xC3(b");            // an invalid byte is kept
}

