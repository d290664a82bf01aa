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
  static const MessageDescription kNone;
  const MessageDescription& d = in.description ? *in.description : kNone;
  if (d.eml) {
    std::string error;
    auto bytes = message::read_file_bytes(in.base_dir.empty() ? *d.eml : in.base_dir + "/" + *d.eml, &error);
    if (!bytes) result.errors.push_back("message.eml: cannot read " + *d.eml + (error.empty() ? "" : " (" + error + ")"));
    else result.bytes = to_crlf(*bytes);
    return result;
  }
  message::MessageSpec spec = d.spec;
  if (!d.has_from) spec.from = in.envelope_from;
  if (!d.has_to) spec.to = in.envelope_to;
  if (in.add_date_and_id && !d.leave_to_msa) {
    if (!d.has_date) spec.date = format_rfc5322_date(in.unix_time);
    if (!d.has_message_id)
      spec.message_id = "<M" + std::to_string(in.message) + "." + std::to_string(in.unix_time) + "@" + in.sender_host + ">";
  }
  message::BuildResult built = message::build_message(spec, in.base_dir);
  result.bytes = std::move(built.bytes);
  result.errors = std::move(built.errors);
  return result;
}

}  // namespace mailsim
