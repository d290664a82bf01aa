// Theory of operation: the pcap exporter.
//
// Rebuilds, from the trace alone, what a capture on a shared link would have seen: every
// simulated connection becomes Ethernet/IPv4/TCP frames between the two hosts' scenario
// addresses, with a three-way handshake at the connect/accept times, one data segment per
// protocol line (line + CRLF, split at 1460 bytes) with exact sequence and acknowledgement
// numbers, a pure ACK whenever 16 KiB are unacknowledged, and a FIN exchange (or RST for a
// dropped connection, SYN + RST for a refused one) at the close. The server keeps its
// well-known port (25, 587, 110, 143, ...); the client gets an ephemeral port from the
// connection id. DNS queries and answers become UDP datagrams on port 53 in real DNS wire
// format (A and MX records, NXDOMAIN/SERVFAIL rcodes). IP and TCP/UDP checksums are
// computed, so `tshark -r FILE -Y smtp` (pop, imap, imf, dns) decodes the dialogues.
// Timestamps are ExportOptions::epoch + simulated time, in microseconds. A connection in
// ExportOptions::wire (live mode's TLS) carries, from its switch to TLS on, the bytes that
// went on the wire (TLS records) in place of its lines, each at its own time.
#pragma once
#include <string>

#include "core/trace.hpp"
#include "export/common.hpp"

namespace mailsim {

// The whole capture file (classic pcap, link type Ethernet).
std::string pcap_bytes(const Trace& trace, const ExportOptions& options);
bool write_pcap(const Trace& trace, const ExportOptions& options, const std::string& path, std::string& error);

}  // namespace mailsim
