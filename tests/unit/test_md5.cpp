// MD5 against the RFC 1321 §A.5 test suite, HMAC-MD5 against RFC 2104 / RFC 2202 vectors,
// and the APOP example of RFC 1939 §7.
#include <doctest/doctest.h>

#include "core/md5.hpp"

using namespace mailsim;

TEST_CASE("md5: RFC 1321 test suite") {
  CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(md5_hex("a") == "0cc175b9c0f1b6a831c399e269772661");
  CHECK(md5_hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
  CHECK(md5_hex("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
  CHECK(md5_hex("abcdefghijklmnopqrstuvwxyz") == "c3fcd3d76192e4007dfb496cca67e13b");
  CHECK(md5_hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") ==
        "d174ab98d277d9f5a5611c2c9f419d9f");
  CHECK(md5_hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890") ==
        "57edf4a22be3c955ac49da2e2107b67a");
}

TEST_CASE("md5: incremental updates equal one shot") {
  const std::string text(1000, 'x');
  Md5 h;
  for (std::size_t i = 0; i < text.size(); i += 7) h.update(std::string_view(text).substr(i, 7));
  CHECK(to_hex(h.digest()) == md5_hex(text));
}

TEST_CASE("md5: HMAC-MD5 vectors (RFC 2104, RFC 2202)") {
  CHECK(hmac_md5_hex(std::string(16, '\x0b'), "Hi There") == "9294727a3638bb1c13f48ef8158bfc9d");
  CHECK(hmac_md5_hex("Jefe", "what do ya want for nothing?") == "750c783e6ab0b503eaa86e310a5db738");
  CHECK(hmac_md5_hex(std::string(80, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd");
}

TEST_CASE("md5: APOP digest of RFC 1939 section 7") {
  CHECK(md5_hex("<1896.697170952@dbc.mtview.ca.us>tanstaaf") == "c4c9334bac560ecc979e58001b3e22fb");
}
