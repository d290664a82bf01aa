// Building messages from a high-level description: what a scenario's "message" object
// says (from, to, subject in any language, text and/or HTML, attachments) becomes
// RFC 5322 + MIME bytes with CRLF line ends:
//   text only -> text/plain;  text + html -> multipart/alternative (plainest first, RFC 2046 §5.1.4);
//   attachments -> multipart/mixed around the body, each attachment base64 with a
//   Content-Disposition filename (RFC 2183, RFC 2231 for non-ASCII names).
// Non-ASCII header text becomes RFC 2047 encoded words in the chosen charset. Date and
// Message-ID are taken from the description (omitted if absent: the MSA adds them), and
// boundaries are derived from the content, so the same description gives the same bytes.
//
// A scenario gives it in JSON (scenario/message_json.hpp reads it; every key optional
// except "from"; unknown keys are errors):
//   {"from": "Anne Wei <anne.wei@cnam.fr>", "to": ["a@b.fr"] or "a@b.fr", "cc": [...], "bcc": [...],
//    "subject": "...", "text": "...", "html": "...", "charset": "utf-8|iso-8859-1|iso-8859-15|windows-1252",
//    "encoding": "auto|7bit|8bit|quoted-printable|base64", "date": "...", "message_id": "<id@host>",
//    "headers": {"X-Mailer": "..."},
//    "attachments": [{"filename": "a.pdf", "content_type": "application/pdf", "path": "files/a.pdf"},
//                    {"filename": "big.bin", "size": 100000, "seed": 3}, {"filename": "n.txt", "content": "..."}]}
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mailsim::message {

struct AttachmentSpec {
  std::string filename;
  std::string content_type = "application/octet-stream";
  std::optional<std::string> path;       // read from this file (relative to the base directory)
  std::optional<std::string> content;    // or these bytes
  std::size_t generated_size = 0;        // or this many pseudo-random bytes from `seed`
  std::uint64_t seed = 1;
};

struct MessageSpec {
  std::string from;
  std::vector<std::string> to, cc, bcc;
  std::string subject;
  std::optional<std::string> text, html;  // UTF-8
  std::vector<AttachmentSpec> attachments;
  std::string charset = "utf-8";
  std::string encoding = "auto";          // of the text parts
  std::string date, message_id;
  std::vector<std::pair<std::string, std::string>> extra_headers;
};

struct BuildResult {
  std::string bytes;
  std::vector<std::string> errors;  // each names the field: "message.to[1]: ..."
  bool ok() const { return errors.empty(); }
};

// Attachment paths are resolved against `base_dir` (the scenario's directory) when relative.
BuildResult build_message(const MessageSpec& spec, const std::string& base_dir = "");

}  // namespace mailsim::message
