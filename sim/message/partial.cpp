// message/partial split and reassembly (see partial.hpp).
#include "message/partial.hpp"

#include <algorithm>

#include "message/content_type.hpp"
#include "message/header.hpp"
#include "message/mime.hpp"
#include "message/text_util.hpp"
#include "message/transfer_encoding.hpp"

namespace mailsim::message {

namespace {

// Fields that travel with the inner message rather than the enclosing one (§5.2.2.1).
bool is_inner_field(std::string_view name) {
  return istarts_with(name, "Content-") || iequals(name, "Subject") || iequals(name, "Message-ID") ||
         iequals(name, "Encrypted") || iequals(name, "MIME-Version");
}

std::string raw_field(std::string_view text, const HeaderField& f) {
  std::string out(text.substr(f.raw_offset, f.raw_size));
  if (out.empty() || out.back() != '\n') out += "\r\n";
  return out;
}

}  // namespace

PartialSplit split_message_partial(std::string_view message, std::size_t max_piece_octets, std::string_view id) {
  PartialSplit out;
  const BodyShape shape = body_shape(message);
  if (shape.has_8bit || shape.has_nul) {
    out.error = "message/partial pieces must be 7bit: downgrade the 8-bit message first (RFC 2046 §5.2.2)";
    return out;
  }
  if (max_piece_octets == 0 || id.empty()) {
    out.error = "need a piece size above zero and an id";
    return out;
  }
  if (message.empty()) {  // zero pieces (total=0) would read back as no message at all
    out.error = "the message is empty: there is nothing to cut into message/partial pieces";
    return out;
  }
  // Cut at line ends; a line longer than a piece makes a piece of its own.
  std::vector<std::string_view> chunks;
  std::size_t start = 0;
  while (start < message.size()) {
    std::size_t end = start;
    while (end < message.size()) {
      const std::size_t nl = message.find('\n', end);
      const std::size_t line_end = nl == std::string_view::npos ? message.size() : nl + 1;
      if (line_end - start > max_piece_octets && end > start) break;
      end = line_end;
    }
    chunks.push_back(message.substr(start, end - start));
    start = end;
  }
  Diagnostics ignored;
  const HeaderSection header = parse_header_section(message, ignored);
  std::string outer;
  for (const auto& f : header.fields)
    if (!is_inner_field(f.name)) outer += raw_field(message, f);
  const HeaderField* subject = header.find("Subject");
  const std::string total = std::to_string(chunks.size());
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const std::string number = std::to_string(i + 1);
    std::string piece = outer;
    if (subject) piece += fold_header_field("Subject", subject->value + " (part " + number + " of " + total + ")");
    piece += "MIME-Version: 1.0\r\n";
    piece += fold_header_field("Content-Type", "message/partial; " + format_parameter("id", id) + "; number=" + number +
                                                   "; total=" + total);
    piece += "\r\n";
    piece += chunks[i];
    out.pieces.push_back(std::move(piece));
  }
  return out;
}

PartialReassembly reassemble_message_partial(const std::vector<std::string>& pieces) {
  PartialReassembly out;
  struct Piece {
    std::size_t number;
    const Message* message;
  };
  std::vector<Message> parsed;
  parsed.reserve(pieces.size());
  for (const auto& p : pieces) parsed.push_back(Message::parse(p));
  std::vector<Piece> ordered;
  std::string id;
  std::size_t total = 0;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    const Entity& root = parsed[i].root();
    const std::string which = "piece " + std::to_string(i + 1);
    if (!root.type.is("message", "partial")) {
      out.error = which + " is " + root.type.mime_type() + ", not message/partial";
      return out;
    }
    const std::string this_id = root.type.parameter("id");
    if (i == 0) id = this_id;
    if (this_id != id) {
      out.error = which + " has id '" + this_id + "', expected '" + id + "'";
      return out;
    }
    const std::string number = root.type.parameter("number"), this_total = root.type.parameter("total");
    if (number.empty() || number.size() > 6 || number.find_first_not_of("0123456789") != std::string::npos) {
      out.error = which + " has no valid number parameter";
      return out;
    }
    if (!this_total.empty() && this_total.size() <= 6 && this_total.find_first_not_of("0123456789") == std::string::npos)
      total = std::stoul(this_total);
    ordered.push_back({std::stoul(number), &parsed[i]});
  }
  std::sort(ordered.begin(), ordered.end(), [](const Piece& a, const Piece& b) { return a.number < b.number; });
  if (total == 0) {
    out.error = "no piece gives the total (the last one must, RFC 2046 §5.2.2)";
    return out;
  }
  for (std::size_t i = 0; i < total; ++i)
    if (i >= ordered.size() || ordered[i].number != i + 1) {
      out.error = "piece " + std::to_string(i + 1) + " of " + std::to_string(total) + " is missing or repeated";
      return out;
    }
  if (ordered.size() != total) {
    out.error = "more pieces than the total of " + std::to_string(total);
    return out;
  }
  std::string inner;
  for (const auto& p : ordered) inner += p.message->root().body;
  Diagnostics ignored;
  const HeaderSection inner_header = parse_header_section(inner, ignored);
  const Entity& first = ordered.front().message->root();
  for (const auto& f : first.header.fields)
    if (!is_inner_field(f.name)) out.message += raw_field(first.raw, f);
  for (const auto& f : inner_header.fields)
    if (is_inner_field(f.name)) out.message += raw_field(inner, f);
  out.message += "\r\n";
  out.message.append(std::string_view(inner).substr(inner_header.body_offset));
  return out;
}

}  // namespace mailsim::message
