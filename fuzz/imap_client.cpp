// Fuzz target imap_client: the IMAP client engine reads whatever a server answers, cut
// anywhere (driver.hpp): untagged data, literals of any announced size, continuations,
// tagged completions for the wrong tag. The variant bits choose the script: the actions
// a mail program takes (check for new mail, read, flag, move, search, expunge) or raw
// lines with an APPEND literal and a pause.
#include "driver.hpp"
#include "imap/client.hpp"

using namespace mailsim;

namespace {

imap::ClientScript script(unsigned variant) {
  imap::ClientScript s;
  s.user = "bob";
  s.password = variant & 1u ? "se cret\"" : "secret";  // quoted on the wire
  if (variant & 2u) {
    s.raw = true;
    s.raw_lines = {"a1 LOGIN bob secret", "a2 APPEND INBOX {5}", "hello", "a3 IDLE", "DONE", "a4 LOGOUT"};
    s.raw_pauses = {0, 0, 0, 0, 2 * kMinute};
    return s;
  }
  using K = imap::ClientAction::Kind;
  auto action = [&s](K kind, std::uint32_t uid = 0) -> imap::ClientAction& {
    imap::ClientAction& a = s.actions.emplace_back();
    a.kind = kind;
    a.uid = uid;
    return a;
  };
  action(K::CheckNew);
  action(K::Read, 1);
  action(K::Flag, 2).flag = "\\Seen";
  if (variant & 4u) action(K::Move, 3).target = "Archive";
  action(K::Search).criteria = "FROM \"anne\" SINCE 1-Jan-2024";
  if (variant & 8u) action(K::Expunge);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::Input in = fuzz::split_input(data, size);
  imap::Client client(script(in.variant));
  fuzz::drive(client, in);
  return 0;
}
