// Fuzz target smtp_server (and lmtp_server, built from this file with FUZZ_LMTP): the SMTP
// server engine reads whatever a client sends, cut anywhere (driver.hpp), with every
// extension offered, AUTH with a known user, a policy that refuses some paths, and small
// limits so that the limit checks are reached. The replies must not depend on the cutting.
#include "driver.hpp"
#include "smtp/server.hpp"

using namespace mailsim;

namespace {

struct Policy : smtp::ServerPolicy {
  smtp::Reply check_mail(const smtp::Envelope&, const std::string& p) override {
    return p.find("bad") == std::string::npos ? smtp::replies::sender_ok(p) : smtp::replies::relay_denied(p);
  }
  smtp::Reply check_rcpt(const smtp::Envelope&, const std::string& p) override {
    return p.find("bad") == std::string::npos ? smtp::replies::recipient_ok(p) : smtp::replies::mailbox_unavailable(p, "no such user");
  }
  smtp::Reply accept_message(const smtp::Envelope&, std::string_view data) override {
    return data.size() % 7 == 3 ? smtp::replies::local_error("try later") : smtp::replies::message_accepted("Q1");
  }
  bool authenticate(const std::string& user, const std::string& password) override {
    return user == "alice" && password == "secret";
  }
  std::optional<std::string> secret(const std::string& user) override {
    return user == "alice" ? std::optional<std::string>("secret") : std::nullopt;
  }
};

smtp::ServerConfig config() {
  smtp::ServerConfig c;
  c.hostname = "mx.example.org";
  c.extensions = {"PIPELINING", "SIZE 4096", "8BITMIME", "DSN", "ENHANCEDSTATUSCODES", "CHUNKING", "BINARYMIME",
                  "SMTPUTF8", "STARTTLS", "AUTH PLAIN LOGIN CRAM-MD5", "ETRN", "VRFY", "EXPN", "HELP"};
  c.limits.command_line = 128;
  c.limits.text_line = 200;
  c.limits.max_recipients = 5;
  c.limits.max_message_size = 4096;
  c.limits.max_received = 3;
#ifdef FUZZ_LMTP
  c.lmtp = true;
#endif
  return c;
}

std::string replies_to(const fuzz::Input& in) {
  Policy policy;
  smtp::Server server(config(), policy);
  return fuzz::drive(server, in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::check_server(fuzz::split_input(data, size), replies_to, "smtp server");
  return 0;
}
