// Fuzz target pop3_server: the POP3 server engine (RFC 1939, CAPA, STLS, APOP, UIDL, TOP,
// LAST) reads whatever a client sends, cut anywhere (driver.hpp), over a maildrop of three
// messages. The replies must not depend on the cutting.
#include "driver.hpp"
#include "pop3/server.hpp"
#include "store_fixture.hpp"

using namespace mailsim;

namespace {

std::string replies_to(const fuzz::Input& in) {
  fuzz::StoreFixture fixture;
  pop3::StoreMaildrop maildrop(fixture.store);
  pop3::Settings settings;
  settings.host_name = "pop.example.net";
  settings.last = in.variant & 1u ? pop3::LastMode::Emulated : pop3::LastMode::Historical;
  settings.limits.max_command_octets = 64;
  pop3::Server server(maildrop, fixture.credentials, settings, 4145);
  return fuzz::drive(server, in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::check_server(fuzz::split_input(data, size), replies_to, "pop3 server");
  return 0;
}
