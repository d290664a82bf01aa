// Test helpers for engines without a network: pump() joins a client engine and a server
// engine back to back and moves bytes between them until neither has anything to say or
// one wants to close; output_when_cut() and cuttings() check that a server's answers do
// not depend on how TCP cut its input.
#pragma once
#include <random>
#include <string>
#include <vector>

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

// All that `server` writes when `script` reaches it in pieces cut at the offsets `cuts`
// (ascending).
inline std::string output_when_cut(Engine& server, std::string_view script, const std::vector<std::size_t>& cuts,
                                   SimTime now = 1) {
  std::string out;
  std::size_t pos = 0;
  for (std::size_t cut : cuts) {
    server.on_bytes(script.substr(pos, cut - pos), now);
    out += server.take_output();
    pos = cut;
  }
  server.on_bytes(script.substr(pos), now);
  return out + server.take_output();
}

// Ways to cut `size` bytes: byte by byte, then `trials` random cuttings (a cut after about
// one byte in `one_in`), the same for a given seed.
inline std::vector<std::vector<std::size_t>> cuttings(std::size_t size, unsigned seed, unsigned one_in, int trials = 20) {
  std::vector<std::vector<std::size_t>> all(1);
  for (std::size_t i = 1; i < size; ++i) all[0].push_back(i);
  std::mt19937 rng(seed);
  for (int trial = 0; trial < trials; ++trial) {
    auto& cuts = all.emplace_back();
    for (std::size_t i = 1; i < size; ++i)
      if (rng() % one_in == 0) cuts.push_back(i);
  }
  return all;
}

}  // namespace mailsim::test
