// Fuzz target pop3_client: the POP3 client engine reads whatever a server answers, cut
// anywhere (driver.hpp): status lines, multi-line bodies, STAT counts and UIDL listings of
// any shape. The variant bits choose the script: fetch, fetch and delete, APOP, or raw
// lines with a pause.
#include "driver.hpp"
#include "pop3/client.hpp"

using namespace mailsim;

namespace {

pop3::ClientScript script(unsigned variant) {
  pop3::ClientScript s;
  s.user = "bob";
  s.password = "secret";
  switch (variant & 3u) {
    case 0: s.mode = pop3::ClientScript::Mode::FetchAll; break;
    case 1: s.mode = pop3::ClientScript::Mode::FetchAndDelete; break;
    case 2:
      s.mode = pop3::ClientScript::Mode::FetchAll;
      s.use_apop = true;
      break;
    default:
      s.mode = pop3::ClientScript::Mode::Raw;
      s.raw_lines = {"CAPA", "USER bob", "PASS secret", "LIST", "TOP 1 0", "UIDL 1", "QUIT"};
      s.raw_pauses = {0, 0, 30 * kSecond};
      break;
  }
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::Input in = fuzz::split_input(data, size);
  pop3::Client client(script(in.variant));
  fuzz::drive(client, in);
  const pop3::ClientResult& r = client.result();
  if (r.uids.size() > r.messages.size()) __builtin_trap();  // a UID only for a message retrieved
  return 0;
}
