// A test SMTP server policy that takes every sender, recipient and message: for tests of
// the transport (simulated TCP, live sockets, exports) rather than of the policy.
#pragma once
#include "smtp/server.hpp"

namespace mailsim::test {

struct AcceptAll : smtp::ServerPolicy {
  smtp::Reply check_mail(const smtp::Envelope&, const std::string& p) override { return smtp::replies::sender_ok(p); }
  smtp::Reply check_rcpt(const smtp::Envelope&, const std::string& p) override { return smtp::replies::recipient_ok(p); }
  smtp::Reply accept_message(const smtp::Envelope&, std::string_view) override { return smtp::replies::message_accepted("Q1"); }
};

}  // namespace mailsim::test
