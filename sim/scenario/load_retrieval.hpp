// Theory of operation: the scenario fields of mail retrieval (issue 5).
//
// Host fields: "retrieval" (["pop3", "imap"]: services on ports 110 and 143 over the
// host's mail store, so the host needs the mda role), "passwords" (user -> password for
// POP3/IMAP logins; a user without one falls back to auth_users) and "apop" (false: the
// POP3 greeting carries no APOP timestamp), "folders" (created in every user's mailbox,
// "Junk", "Archives/2024"), "quotas" (user -> octets) and "mda_host" (an MX that hands
// its domains' mail over LMTP, RFC 2033, to that MDA host instead of a store of its own;
// checked by check_mda_hosts() once every host is known). Client actions "pop3" and "imap" script one
// retrieval session against a server host; the loader checks every field and that the
// server really offers the protocol, and reports problems as file:line:col like the rest.
// The format is documented in scenarios/README.md, "POP3 and IMAP".
#pragma once
#include <string>

#include "scenario/reader.hpp"
#include "scenario/scenario.hpp"

namespace mailsim {

// Reads retrieval, passwords and apop of a host (before ObjectReader::finish()).
void read_retrieval_host(ScenarioChecker& checker, ObjectReader& r, HostSpec& h);
// Every mda_host names a host with the mda role and the same domains.
void check_mda_hosts(ScenarioChecker& checker, const Scenario& s);
// Reads the "pop3" or "imap" object (kind says which) of a client action into `a`
// (kind, via, retrieval); returns the server's name for the caller's host check.
std::string read_retrieval_client(ScenarioChecker& checker, ObjectReader& r, ClientAction::Kind kind, ClientAction& a);
// After the host check: the server must offer the protocol.
void check_retrieval_server(ScenarioChecker& checker, const std::string& pointer, const HostSpec& server, ClientAction::Kind kind);

}  // namespace mailsim
