// LMTP (RFC 2033) on the SMTP engines: LHLO only, one reply per accepted recipient after
// the data (so one full mailbox fails one recipient), and the client recording each one.
#include <doctest/doctest.h>

#include "smtp/client.hpp"
#include "smtp/server.hpp"
#include "test_pop3_imap_pump.hpp"

using namespace mailsim;
using namespace mailsim::smtp;

namespace {
// Refuses "nobody" at RCPT and "full" after the data, as an MDA with a full mailbox would.
struct MdaPolicy : ServerPolicy {
  int delivered = 0;
  Reply check_mail(const Envelope&, const std::string& path) override { return replies::sender_ok(path); }
  Reply check_rcpt(const Envelope&, const std::string& path) override {
    if (path.rfind("nobody@", 0) == 0) return replies::mailbox_unavailable(path, "User unknown");
    return replies::recipient_ok(path);
  }
  Reply accept_message(const Envelope&, std::string_view) override { return replies::message_accepted("Q"); }
  std::vector<Reply> accept_lmtp(const Envelope& env, std::string_view) override {
    std::vector<Reply> out;
    for (const auto& r : env.rcpt_to) {
      if (r.rfind("full@", 0) == 0) {
        out.push_back(Reply(552, "5.2.2", "<" + r + "> Mailbox full"));
      } else {
        out.push_back(Reply(250, "2.1.5", "<" + r + "> delivered"));
        ++delivered;
      }
    }
    return out;
  }
};

ServerConfig lmtp_config() {
  ServerConfig c;
  c.hostname = "mda.example";
  c.extensions = {"PIPELINING", "ENHANCEDSTATUSCODES"};
  c.lmtp = true;
  return c;
}

std::string say(Server& server, const std::string& bytes) {
  server.on_bytes(bytes, 0);
  return server.take_output();
}
}  // namespace

TEST_CASE("lmtp server: LHLO only; HELO and EHLO are unknown commands") {
  MdaPolicy policy;
  Server server(lmtp_config(), policy);
  server.on_open(0);
  server.take_output();
  CHECK(say(server, "HELO mx.example\r\n").rfind("500 ", 0) == 0);
  CHECK(say(server, "EHLO mx.example\r\n").rfind("500 ", 0) == 0);
  const std::string lhlo = say(server, "LHLO mx.example\r\n");
  CHECK(lhlo.rfind("250-mda.example", 0) == 0);
  CHECK(lhlo.find("250 ENHANCEDSTATUSCODES") != std::string::npos);

  ServerConfig smtp = lmtp_config();
  smtp.lmtp = false;
  Server plain(smtp, policy);
  plain.on_open(0);
  plain.take_output();
  CHECK(say(plain, "LHLO mx.example\r\n").rfind("500 ", 0) == 0);  // an SMTP server does not know LHLO
}

TEST_CASE("lmtp server: one reply per accepted recipient after the data, in RCPT order") {
  MdaPolicy policy;
  Server server(lmtp_config(), policy);
  server.on_open(0);
  server.take_output();
  const std::string out = say(server,
                              "LHLO mx.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<pda@mda.example>\r\n"
                              "RCPT TO:<nobody@mda.example>\r\nRCPT TO:<full@mda.example>\r\nDATA\r\n"
                              "Subject: x\r\n\r\nhello\r\n.\r\n");
  const auto after = out.substr(out.find("354 "));
  CHECK(after.find("250 2.1.5 <pda@mda.example> delivered\r\n552 5.2.2 <full@mda.example> Mailbox full\r\n") !=
        std::string::npos);
  CHECK(policy.delivered == 1);
}

TEST_CASE("lmtp client: says LHLO and records each recipient's reply after the data") {
  MdaPolicy policy;
  Server server(lmtp_config(), policy);
  Transaction t;
  t.mail_from = "a@b.example";
  t.rcpt_to = {"nobody@mda.example", "pda@mda.example", "full@mda.example"};
  t.data = std::make_shared<const std::string>("Subject: x\r\n\r\nhello\r\n");
  ClientOptions options;
  options.lmtp = true;
  Client client("mx.example", {t}, options);
  test::pump(client, server);
  const Transaction& done = client.transactions().front();
  REQUIRE(done.lmtp_replies.size() == 3);
  CHECK(done.lmtp_replies[0].code == 0);  // refused at RCPT: no reply after the data
  CHECK(done.lmtp_replies[1].code == 250);
  CHECK(done.lmtp_replies[2].code == 552);
  CHECK(client.wants_close());
}
