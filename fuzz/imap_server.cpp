// Fuzz target imap_server: the IMAP4rev1 server engine (commands, literals, FETCH,
// SEARCH, STORE, COPY/MOVE, APPEND, IDLE, STARTTLS) reads whatever a client sends, cut
// anywhere (driver.hpp), over a store of four messages in two folders, with small limits
// so that the limit checks are reached. The replies must not depend on the cutting.
#include "driver.hpp"
#include "imap/server.hpp"
#include "store_fixture.hpp"

using namespace mailsim;

namespace {

std::string replies_to(const fuzz::Input& in) {
  fuzz::StoreFixture fixture;
  imap::Settings settings;
  settings.host_name = "imap.example.net";
  settings.offer_starttls = (in.variant & 1u) != 0;
  settings.limits.max_line_octets = 512;
  settings.limits.max_literal_octets = 2048;
  settings.limits.max_command_octets = 4096;
  settings.limits.max_bad_commands = 8;
  imap::StoreMailboxes mailboxes(fixture.store);
  imap::Server server(mailboxes, fixture.credentials, settings);
  return fuzz::drive(server, in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::check_server(fuzz::split_input(data, size), replies_to, "imap server");
  return 0;
}
