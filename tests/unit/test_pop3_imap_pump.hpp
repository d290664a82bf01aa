// Test helper: joins a client engine and a server engine back to back (no network) and
// moves bytes between them until neither has anything to say or one wants to close.
#pragma once
#include "net/engine.hpp"

namespace mailsim::test {

inline void pump(Engine& client, Engine& server, SimTime now = 0, int max_rounds = 10000) {
  server.on_open(now);
  client.on_open(now);
  for (int i = 0; i < max_rounds; ++i) {
    const std::string s2c = server.take_output();
    if (!s2c.empty()) client.on_bytes(s2c, now);
    const std::string c2s = client.take_output();
    if (!c2s.empty()) server.on_bytes(c2s, now);
    if (client.wants_close() || server.wants_close()) {
      const std::string rest = server.take_output();
      if (!rest.empty() && !client.wants_close()) client.on_bytes(rest, now);
      if (!client.wants_close()) client.on_peer_closed(now);
      if (!server.wants_close()) server.on_peer_closed(now);
      return;
    }
    if (s2c.empty() && c2s.empty()) return;
  }
}

}  // namespace mailsim::test
