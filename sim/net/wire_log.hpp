// Theory of operation: the bytes of a connection as they went on the wire, where they are
// not its trace lines in clear (live mode's TLS connections, sim/live/server.hpp). The live
// driver fills a WireLog; the pcap exporter (export/pcap.hpp) writes those bytes in place of
// the lines. Plain data, no behaviour.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "core/trace.hpp"

namespace mailsim {

// What went on the wire of connections whose bytes are not their trace lines in clear
// (live mode's TLS connections): from the trace event `from_event` on, the connection's
// lines went inside TLS, and `chunks` are its bytes as they went (TLS records), each with
// its simulated time and direction. The pcap writer puts those in place of the lines.
struct WireChunk {
  SimTime time = 0;
  Direction dir = Direction::None;
  std::string bytes;
};
struct WireCapture {
  std::uint32_t from_event = 0;
  std::vector<WireChunk> chunks;
};
using WireLog = std::map<std::uint32_t, WireCapture>;  // by connection id

}  // namespace mailsim
