// Header edits made to a message in transit, on its raw bytes (the body is never touched):
//  - the MSA removes Bcc (RFC 5322 §3.6.3; RFC 6409 §8.1 lets it add Date, Message-ID);
//  - the MSA adds Date and Message-ID when the client left them out (RFC 6409 §8.2, §8.3);
//  - each SMTP server prepends a Received field, and the final one a Return-Path
//    (RFC 5321 §4.4).
// The functions return what they did so the caller can write it to the trace. Values
// (dates, identifiers) are passed in: nothing here reads a clock. For a date, see
// format_rfc5322_date() in core/time.hpp.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::message {

struct HeaderEdit {
  std::string message;              // the edited message
  std::vector<std::string> changes; // each added or removed field, "Name: value", unfolded
};

// Removes every Bcc field (its folded continuation lines included).
HeaderEdit remove_bcc(std::string_view message);
// Adds "Date: <date>" and/or "Message-ID: <message_id>" at the end of the header when
// they are missing; an empty argument means "do not add that one".
HeaderEdit add_missing_date_and_message_id(std::string_view message, std::string_view date,
                                           std::string_view message_id);
// Puts "Name: value" (folded at 78 columns) in front of the message: for Received and Return-Path.
std::string prepend_field(std::string_view message, std::string_view name, std::string_view value);

}  // namespace mailsim::message
