// Theory of operation: what every exporter shares.
//
// Exporters (pcap, sequence diagrams, JSON trace) read only the Trace. What the trace does
// not hold is passed in ExportOptions: the Unix time of simulated time 0 (for pcap
// timestamps), the IPv4 address of each host by name (the scenario's addresses), whether
// secrets are masked, and an optional filter (one connection, a time range).
// for_each_prepared() applies the filter and the masking one event at a time (the JSON
// trace streams a long run that way), prepare_events() to a copy of the events; so each
// writer sees the same selection. The masking (mask_secret, also used by the window in
// live mode) goes by each line's role: AUTH arguments, the client's answers to SASL
// challenges, POP3 PASS and IMAP LOGIN passwords become "****".
#pragma once
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/trace.hpp"
#include "net/wire_log.hpp"

namespace mailsim {

class Network;

struct ExportOptions {
  std::int64_t epoch = 0;                         // Unix time of simulated time 0
  std::map<std::string, std::string> addresses;   // host name -> IPv4 address
  bool mask_secrets = false;
  std::optional<std::uint32_t> only_conn;         // diagrams: one connection
  std::optional<SimTime> from, to;                // diagrams: a time range (inclusive)
  bool full = false;                              // diagrams: keep message bodies line by line
  const WireLog* wire = nullptr;                  // pcap: what TLS connections carried instead
};

// The text of `e` with its secret masked, or nullopt if it holds none: a client's answer
// in a SASL exchange, or the secret arguments of a command (AUTH, PASS, IMAP LOGIN).
std::optional<std::string> mask_secret(const TraceEvent& e);

// Host name -> address of every host of a network.
std::map<std::string, std::string> host_addresses(const Network& network);

// Calls `visit` with each event the options keep, secrets masked. The connection and time
// filters are applied only when `filter` is true (the pcap writer keeps whole connections).
void for_each_prepared(const Trace& trace, const ExportOptions& options, bool filter,
                       const std::function<void(const TraceEvent&)>& visit);
// The same events, copied: their texts are views into the trace, or into masked_texts for
// the events whose secret was masked (valid while both the trace and this live).
struct PreparedEvents {
  std::vector<TraceEvent> events;
  std::deque<std::string> masked_texts;
};
PreparedEvents prepare_events(const Trace& trace, const ExportOptions& options, bool filter);

// The JSON text of `value` (nlohmann::json::dump with `indent`, -1 for one line) with each
// byte that is not UTF-8 written as U+FFFD instead of an exception: a peer or a student
// may type any bytes, and JSON holds only UTF-8. `not_utf8` (optional) is increased by the
// number of strings, keys included, that had such bytes, so that the writer can say so
// (not_utf8_note). Every JSON writer of mailsim goes through it.
std::string dump_json(const nlohmann::json& value, int indent, std::size_t* not_utf8 = nullptr);
// "N text(s) held bytes that are not UTF-8 ...": what a writer prints after dump_json
// counted `count` such strings.
std::string not_utf8_note(std::size_t count);

// Writes `bytes` to `path`; on failure returns false and sets `error`.
bool write_file(const std::string& path, const std::string& bytes, std::string& error);
// For a file written piece by piece: open (nullptr and `error` set on failure), then
// close, which also reports a failed write (`written` false).
std::FILE* open_for_writing(const std::string& path, std::string& error);
bool close_written(std::FILE* f, bool written, const std::string& path, std::string& error);

// Parses "12.5" (seconds) or "1500ms", "2s", "1m" into a SimTime; nullopt if malformed.
std::optional<SimTime> parse_export_time(const std::string& text);

}  // namespace mailsim
