// Message summary for display (see inspect.hpp). Decoding each leaf here, rather than
// in the parser, keeps parsing cheap and still reports bad base64 or charsets.
#include "message/inspect.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "message/charset.hpp"
#include "message/encoded_word.hpp"
#include "message/text_util.hpp"

namespace mailsim::message {

namespace {

constexpr const char* kShownFields[] = {"From", "To", "Cc", "Date", "Subject", "Message-ID"};

// Whitespace runs become one space; cut after `chars` characters, never inside one.
std::string one_line_preview(std::string_view text, std::size_t chars) {
  std::string out;
  std::size_t count = 0;
  bool space = false;
  for (std::size_t i = 0; i < text.size() && count < chars;) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      ++i;
      continue;
    }
    if (space) {
      out += ' ';
      ++count;
      space = false;
    }
    std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) len = 1;
    out.append(text.substr(i, len));
    i += len;
    ++count;
  }
  return out;
}

// Old mail carries 8-bit bytes in its headers in no declared charset: the summary is
// UTF-8 (its JSON form must be), so such bytes become U+FFFD and a diagnostic says where.
void keep_valid_utf8(std::string& text, const std::string& where, const char* what, MessageSummary& summary) {
  std::size_t replaced = 0;
  std::string valid = to_utf8(text, Charset::utf_8, &replaced);
  if (replaced == 0) return;
  text = std::move(valid);
  summary.diagnostics.push_back({Severity::warning, where,
                                 std::string(what) + ": " + std::to_string(replaced) +
                                     " byte(s) not valid UTF-8, shown as U+FFFD"});
}

// Every text of the summary made valid UTF-8 (see keep_valid_utf8).
void make_valid_utf8(MessageSummary& summary) {
  for (auto& [name, value] : summary.headers) {
    keep_valid_utf8(name, "", "a header field name", summary);
    keep_valid_utf8(value, "", ("header " + name).c_str(), summary);
  }
  for (auto& p : summary.parts) {
    const std::string where = location(p.path);
    for (std::string* field : {&p.media_type, &p.encoding, &p.charset, &p.disposition, &p.filename, &p.content_id, &p.preview})
      keep_valid_utf8(*field, where, "a MIME field", summary);
  }
  for (std::size_t i = 0; i < summary.diagnostics.size(); ++i) {
    keep_valid_utf8(summary.diagnostics[i].where, "", "a diagnostic", summary);
    keep_valid_utf8(summary.diagnostics[i].what, "", "a diagnostic", summary);
  }
}

}  // namespace

MessageSummary summarize(const Message& message, std::size_t preview_chars) {
  MessageSummary summary;
  summary.diagnostics = message.diagnostics().items();
  summary.dropped_diagnostics = message.diagnostics().dropped();
  for (const char* name : kShownFields)
    for (const HeaderField* f : message.root().header.find_all(name)) summary.headers.emplace_back(f->name, decode_header_text(f->value));
  for (const Entity* e : message.entities()) {
    PartSummary row;
    row.path = e->path;
    row.depth = e->path.empty() ? 0 : 1 + static_cast<std::size_t>(std::count(e->path.begin(), e->path.end(), '.'));
    row.media_type = e->type.mime_type();
    row.encoding = e->encoding_name;
    if (e->type.is("text")) row.charset = e->charset();
    row.disposition = e->disposition();
    row.filename = e->filename();
    if (const HeaderField* id = e->header.find("Content-ID")) row.content_id = id->value;
    row.raw_size = e->body.size();
    row.children = e->children.size();
    if (e->children.empty() && !e->is_multipart()) {
      std::string problem;
      if (e->type.is("text")) {
        const std::string text = decoded_text(*e, &problem);
        row.decoded_size = decoded_content(*e).size();
        row.preview = one_line_preview(text, preview_chars);
      } else {
        row.decoded_size = decoded_content(*e, &problem).size();
      }
      if (!problem.empty()) summary.diagnostics.push_back({Severity::warning, location(e->path), problem});
    }
    summary.parts.push_back(std::move(row));
  }
  make_valid_utf8(summary);
  return summary;
}

nlohmann::json to_json(const MessageSummary& summary) {
  nlohmann::json out;
  out["headers"] = nlohmann::json::array();
  for (const auto& [name, value] : summary.headers) out["headers"].push_back({{"name", name}, {"value", value}});
  out["parts"] = nlohmann::json::array();
  for (const auto& p : summary.parts) {
    nlohmann::json row = {{"path", p.path},          {"depth", p.depth},       {"type", p.media_type},
                          {"encoding", p.encoding},  {"raw_size", p.raw_size}, {"decoded_size", p.decoded_size},
                          {"children", p.children}};
    if (!p.charset.empty()) row["charset"] = p.charset;
    if (!p.disposition.empty()) row["disposition"] = p.disposition;
    if (!p.filename.empty()) row["filename"] = p.filename;
    if (!p.content_id.empty()) row["content_id"] = p.content_id;
    if (!p.preview.empty()) row["preview"] = p.preview;
    out["parts"].push_back(std::move(row));
  }
  out["diagnostics"] = nlohmann::json::array();
  for (const auto& d : summary.diagnostics)
    out["diagnostics"].push_back({{"severity", severity_name(d.severity)}, {"where", d.where}, {"what", d.what}});
  if (summary.dropped_diagnostics > 0) out["dropped_diagnostics"] = summary.dropped_diagnostics;
  return out;
}

std::string to_text(const MessageSummary& summary) {
  std::string out;
  for (const auto& [name, value] : summary.headers) out += name + ": " + value + "\n";
  out += "\nMIME tree:\n";
  for (const auto& p : summary.parts) {
    out += std::string(2 + 2 * p.depth, ' ') + (p.path.empty() ? "root" : p.path) + "  " + p.media_type;
    if (!p.charset.empty()) out += "; charset=" + p.charset;
    out += "  [" + p.encoding + ", " + std::to_string(p.raw_size) + " octets";
    if (p.decoded_size != p.raw_size && p.children == 0 && p.media_type.rfind("multipart/", 0) != 0)
      out += ", " + std::to_string(p.decoded_size) + " decoded";
    out += "]";
    if (!p.disposition.empty()) out += "  " + p.disposition;
    if (!p.filename.empty()) out += "  \"" + p.filename + "\"";
    if (!p.content_id.empty()) out += "  id " + p.content_id;
    out += "\n";
    if (!p.preview.empty()) out += std::string(4 + 2 * p.depth, ' ') + "| " + p.preview + "\n";
  }
  out += "\nDiagnostics: " + std::to_string(summary.diagnostics.size() + summary.dropped_diagnostics) + "\n";
  for (const auto& d : summary.diagnostics)
    out += std::string("  ") + severity_name(d.severity) + (d.where.empty() ? "" : " (" + d.where + ")") + ": " + d.what + "\n";
  if (summary.dropped_diagnostics > 0) out += "  ... and " + std::to_string(summary.dropped_diagnostics) + " more\n";
  return out;
}

}  // namespace mailsim::message
