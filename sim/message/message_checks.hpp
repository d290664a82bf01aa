// RFC 5322 §3.6 checks of a message's header fields, as a diagnostic list (never fatal):
// required fields (Date and From; the course also lists To, which RFC 5322 makes
// optional), fields allowed at most once, the syntax of addresses, dates and message
// identifiers, and notes on the fields a reader should recognise (Return-Path,
// Received, X- fields). An encapsulated message (message/rfc822 body) needs only one of
// From, Subject or Date (RFC 2046 §5.2.1).
#pragma once
#include <string_view>

#include "message/diagnostic.hpp"
#include "message/header.hpp"

namespace mailsim::message {

void check_message_header(const HeaderSection& header, Diagnostics& diagnostics, std::string_view part_path = "",
                          bool encapsulated = false);

// RFC 5322 §3.3 date-time ("Thu, 21 Mar 2002 15:15:39 +0100"), obsolete forms accepted.
bool is_valid_date_time(std::string_view value);
// RFC 5322 §3.6.4 msg-id: "<left@right>".
bool is_valid_msg_id(std::string_view value);

}  // namespace mailsim::message
