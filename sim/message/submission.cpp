// Header edits on raw messages (see submission.hpp): the header is located with the
// ordinary header reader, and fields are cut or inserted at their byte offsets.
#include "message/submission.hpp"

#include "message/header.hpp"
#include "message/text_util.hpp"

namespace mailsim::message {

HeaderEdit remove_bcc(std::string_view message) {
  Diagnostics ignored;
  const HeaderSection header = parse_header_section(message, ignored);
  HeaderEdit edit;
  std::size_t copied = 0;
  for (const auto& f : header.fields) {
    if (!iequals(f.name, "Bcc")) continue;
    edit.message.append(message.substr(copied, f.raw_offset - copied));
    copied = f.raw_offset + f.raw_size;
    edit.changes.push_back("removed Bcc: " + f.value);
  }
  edit.message.append(message.substr(copied));
  return edit;
}

HeaderEdit add_missing_date_and_message_id(std::string_view message, std::string_view date,
                                           std::string_view message_id) {
  Diagnostics ignored;
  const HeaderSection header = parse_header_section(message, ignored);
  std::string added;
  HeaderEdit edit;
  if (!date.empty() && !header.find("Date")) {
    added += fold_header_field("Date", date);
    edit.changes.push_back("added Date: " + std::string(date));
  }
  if (!message_id.empty() && !header.find("Message-ID")) {
    added += fold_header_field("Message-ID", message_id);
    edit.changes.push_back("added Message-ID: " + std::string(message_id));
  }
  // After the last field; a header without an empty line gets one so the body stays the body.
  const bool has_separator = header.body_offset > header.header_size;
  edit.message.append(message.substr(0, header.header_size));
  if (header.header_size > 0 && message[header.header_size - 1] != '\n') edit.message += "\r\n";
  edit.message += added;
  if (!has_separator && header.body_offset < message.size()) edit.message += "\r\n";
  edit.message.append(message.substr(header.header_size));
  return edit;
}

std::string prepend_field(std::string_view message, std::string_view name, std::string_view value) {
  return fold_header_field(name, value) + std::string(message);
}

}  // namespace mailsim::message
