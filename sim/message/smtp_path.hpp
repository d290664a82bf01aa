// RFC 5321 §4.1.2 paths, as in "MAIL FROM:<path> params" and "RCPT TO:<path> params".
// Stricter than the header syntax of address.hpp: no comments, no display names,
// no obsolete local parts. What the SMTP engine gets:
//   "<>"                    the null reverse-path (bounces), MAIL FROM only
//   "<postmaster>"          RCPT TO only, any case (§4.1.1.3)
//   "<@a,@b:user@host>"     a source route: accepted, the route is returned but must be
//                           ignored for delivery (§3.6.1, App. C)
//   "<\"a b\"@host>"        a quoted local part (value returned without quotes)
//   "<u@[192.0.2.1]>", "<u@[IPv6:2001:db8::1]>"  address literals (§4.1.3)
// Limits (§4.5.3.1): local part 64, domain 255, whole path 256 octets.
// On failure `error` says why, ready for the text of the reply, and `reply_code`
// is 501 (syntax, §4.2.4 and §4.5.3.1.10) or 553 (mailbox name not allowed).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "message/limits.hpp"

namespace mailsim::message {

enum class PathRole { reverse /* MAIL FROM */, forward /* RCPT TO */ };

struct SmtpPath {
  bool null_path = false;   // "<>"
  bool postmaster = false;  // "<postmaster>" without a domain
  std::string local_part;   // unquoted value
  std::string domain;       // a domain name or "[...]" literal
  bool address_literal = false;
  std::vector<std::string> ignored_route;  // source route hops, without '@'
  // "local@domain" (local part quoted if needed), "postmaster", or "" for the null path.
  std::string mailbox() const;
};

struct PathParse {
  bool ok = false;
  SmtpPath path;
  std::string error;            // when !ok
  int reply_code = 0;           // when !ok: 501 or 553
  std::string_view parameters;  // text after '>' with leading spaces removed (ESMTP parameters)
};

// The length of the Domain or address-literal (RFC 5321 §4.1.2, §4.1.3) that starts
// `text`, or 0 with `error` saying what is wrong.
std::size_t domain_or_literal_length(std::string_view text, std::string& error);

// `text` is what follows "FROM:" or "TO:" (leading spaces are tolerated).
PathParse parse_smtp_path(std::string_view text, PathRole role, const Limits& limits = {});

}  // namespace mailsim::message
