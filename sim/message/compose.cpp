#include "message/compose.hpp"

#include "core/time.hpp"
#include "message/builder.hpp"
#include "message/eml.hpp"

namespace mailsim {

namespace {
std::string to_crlf(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}
}  // namespace

ComposeResult compose_message(const ComposeInput& in) {
  ComposeResult result;
  nlohmann::json d = in.description && in.description->is_object() ? *in.description : nlohmann::json::object();
  if (auto eml = d.find("eml"); eml != d.end()) {
    if (!eml->is_string() || d.size() != 1) {
      result.errors.push_back("message.eml: give the file's path alone, as a string");
      return result;
    }
    const std::string rel = eml->get<std::string>();
    std::string error;
    auto bytes = message::read_file_bytes(in.base_dir.empty() ? rel : in.base_dir + "/" + rel, &error);
    if (!bytes) result.errors.push_back("message.eml: cannot read " + rel + (error.empty() ? "" : " (" + error + ")"));
    else result.bytes = to_crlf(*bytes);
    return result;
  }
  if (auto body = d.find("body"); body != d.end()) {
    if (d.contains("text")) {
      result.errors.push_back("message.body: give \"text\" or \"body\", not both");
      return result;
    }
    d["text"] = *body;
    d.erase("body");
  }
  const bool leave_to_msa = d.value("leave_to_msa", false);
  d.erase("leave_to_msa");
  if (!d.contains("from")) d["from"] = in.envelope_from;
  if (!d.contains("to")) d["to"] = in.envelope_to;
  if (in.add_date_and_id && !leave_to_msa) {
    if (!d.contains("date")) d["date"] = format_rfc5322_date(in.unix_time);
    if (!d.contains("message_id"))
      d["message_id"] = "<M" + std::to_string(in.message) + "." + std::to_string(in.unix_time) + "@" + in.sender_host + ">";
  }
  message::BuildResult built = message::build_message_from_json(d, in.base_dir);
  result.bytes = std::move(built.bytes);
  result.errors = std::move(built.errors);
  return result;
}

}  // namespace mailsim
