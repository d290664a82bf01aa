// RFC 5322 addresses as they appear in header fields (From, To, Cc, ...), parsed with
// every form the course shows, and an explanation of each rule that applied, so the
// GUI and the lessons can say *why* an address means what it means:
//   anne.wei@cnam.fr                        addr-spec (§3.4.1)
//   "anne.wei"@cnam.fr                      quoted local part: same mailbox as above
//   Anne Wei <anne.wei@cnam.fr>             display name + angle-addr: the address is inside < >
//   anne.wei@[136.173.24.11]                domain literal (brackets required; RFC 5321 §4.1.3)
//   anne.wei(département info)@cnam.fr      comment: ignored (§3.2.2)
//   <@ibp.fr,@uvsq.fr:anne.wei@cnam.fr>     obsolete source route: ignored (§4.4, RFC 5321 App. C)
//   Undisclosed recipients:;                group (§3.4)
// A local part is case-sensitive, a domain is not (RFC 5321 §2.4): see same_mailbox().
// The parser never throws; a syntax error gives ok == false and an error with its offset.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "message/limits.hpp"

namespace mailsim::message {

struct Mailbox {
  std::string display_name;        // UTF-8 (RFC 2047 words decoded); empty if none
  std::string local_part;          // its value: quotes and quoted-pairs removed, comments dropped
  std::string domain;              // a domain name, or "[...]" for a domain literal
  bool domain_literal = false;
  std::vector<std::string> route;  // obsolete source route, first hop first (ignored for delivery)
  // local@domain, the local part quoted only when it is not a dot-atom.
  std::string addr_spec() const;
};

// Same mailbox: local parts compared exactly, domains without regard to case.
bool same_mailbox(const Mailbox& a, const Mailbox& b);

struct Address {
  bool is_group = false;
  std::string group_name;          // for a group (UTF-8)
  std::vector<Mailbox> mailboxes;  // one for a mailbox; zero or more for a group
};

// One rule that applied while reading the address, for display.
struct AddressNote {
  std::string text;       // e.g. "the comment (département info) is ignored"
  std::string reference;  // e.g. "RFC 5322 §3.2.2"
  bool problem = false;   // obsolete, over a limit, or not what the author likely meant
};

struct AddressParse {
  bool ok = false;
  std::string error;  // when !ok: what was expected, and at which offset
  std::vector<Address> addresses;
  std::vector<AddressNote> notes;
  bool has_problems() const;
};

// An address-list (the body of To, Cc, Bcc, Reply-To, ...). An empty list is ok.
AddressParse parse_address_list(std::string_view text, const Limits& limits = {});
// Exactly one address (a mailbox or a group), e.g. the body of Sender.
AddressParse parse_address(std::string_view text, const Limits& limits = {});

}  // namespace mailsim::message
