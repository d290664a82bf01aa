// Fuzz target smtp_client: the SMTP client engine reads whatever a server answers, cut
// anywhere (driver.hpp), while it tries to deliver two messages (one of them 8-bit, so
// that the downgrade runs) to two recipients each. The input's variant bits choose the
// options: STARTTLS, AUTH (and which mechanism), BDAT in small chunks, LMTP, DSN.
#include <memory>

#include "driver.hpp"
#include "smtp/client.hpp"

using namespace mailsim;

namespace {

std::vector<smtp::Transaction> transactions() {
  smtp::Transaction a;
  a.mail_from = "alice@example.org";
  a.rcpt_to = {"bob@example.net", "carol@example.net"};
  a.data = std::make_shared<const std::string>(
      "From: alice@example.org\r\nTo: bob@example.net\r\nSubject: hi\r\n\r\n.leading dot\r\nbody\r\n");
  a.notify = {"SUCCESS,FAILURE", ""};
  a.orcpt = {"rfc822;bob@example.net", ""};
  a.ret = "HDRS";
  a.envid = "E1+2";
  smtp::Transaction b;
  b.mail_from = "";
  b.rcpt_to = {"dave@example.net"};
  b.data = std::make_shared<const std::string>(
      "From: <>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\nd\xc3\xa9j\xc3\xa0 vu\r\n");
  return {a, b};
}

smtp::ClientOptions options(unsigned variant) {
  smtp::ClientOptions o;
  o.starttls = (variant & 1u) != 0;
  if (variant & 2u) {
    o.auth_user = "alice";
    o.auth_password = "secret";
    static const char* const kMechanisms[] = {"", "PLAIN", "LOGIN", "CRAM-MD5"};
    o.auth_mechanism = kMechanisms[(variant >> 2) & 3u];
  }
  o.chunk_size = (variant & 4u) ? 16 : 0;
  o.lmtp = (variant & 8u) != 0;
  o.try_ehlo = variant != 15;
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::Input in = fuzz::split_input(data, size);
  smtp::Client client("client.example.org", transactions(), options(in.variant));
  fuzz::drive(client, in);
  for (const auto& t : client.transactions())
    if (t.rcpt_replies.size() > t.rcpt_to.size()) __builtin_trap();  // a reply per recipient at most
  return 0;
}
