// A display-ready summary of a parsed message, shared by `mailsim message`, the GUI's
// MIME inspector and the lessons: the main header fields decoded to UTF-8, one row per
// entity of the MIME tree (type, encoding, charset, sizes, filename, text preview), and
// every diagnostic, those of the parser plus those found while decoding the bodies.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "message/diagnostic.hpp"
#include "message/mime.hpp"

namespace mailsim::message {

struct PartSummary {
  std::string path;        // "" for the root (see mime.hpp)
  std::size_t depth = 0;
  std::string media_type;  // "text/plain"
  std::string encoding;    // Content-Transfer-Encoding as written, "7bit" by default
  std::string charset;     // text parts only
  std::string disposition;
  std::string filename;
  std::string content_id;  // Content-ID as written, e.g. "<logo@host>"
  std::size_t raw_size = 0;      // octets of the encoded body
  std::size_t decoded_size = 0;  // octets after decoding (leaves only)
  std::size_t children = 0;
  std::string preview;           // start of the decoded text, on one line (text leaves only)
};

struct MessageSummary {
  std::vector<std::pair<std::string, std::string>> headers;  // top-level fields, decoded
  std::vector<PartSummary> parts;                            // depth-first, root first
  std::vector<Diagnostic> diagnostics;
  std::size_t dropped_diagnostics = 0;
};

MessageSummary summarize(const Message& message, std::size_t preview_chars = 72);
nlohmann::json to_json(const MessageSummary& summary);
std::string to_text(const MessageSummary& summary);

}  // namespace mailsim::message
