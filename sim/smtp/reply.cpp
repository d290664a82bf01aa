#include "smtp/reply.hpp"

#include <cctype>

namespace mailsim::smtp {

std::string Reply::summary() const {
  std::string s = std::to_string(code);
  if (!enhanced.empty()) s += " " + enhanced;
  s += " ";
  s += lines.front();
  for (std::size_t i = 1; i < lines.size(); ++i) s += " / " + lines[i];
  return s;
}

std::string Reply::format(bool enhanced_codes) const {
  std::string out;
  const std::string code_text = std::to_string(code);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += code_text;
    out += i + 1 < lines.size() ? '-' : ' ';
    if (enhanced_codes && !enhanced.empty()) {
      out += enhanced;
      if (!lines[i].empty()) out += ' ';
    }
    out += lines[i];
    out += "\r\n";
  }
  return out;
}

namespace replies {
Reply service_ready(const std::string& host, const std::string& banner) {
  // The greeting carries no enhanced code (RFC 2034 section 3).
  return Reply(220, "", host + " " + banner);
}
Reply closing(const std::string& host) { return Reply(221, "2.0.0", host + " closing connection"); }
Reply ok(std::string text) { return Reply(250, "2.0.0", std::move(text)); }
Reply sender_ok(const std::string& path) { return Reply(250, "2.1.0", "<" + path + ">... Sender ok"); }
Reply recipient_ok(const std::string& path) { return Reply(250, "2.1.5", "<" + path + ">... Recipient ok"); }
Reply start_mail_input() { return Reply(354, "", "Enter mail, end with \".\" on a line by itself"); }
Reply message_accepted(const std::string& queue_id) {
  return Reply(250, "2.0.0", queue_id + " Message accepted for delivery");
}
Reply service_unavailable(const std::string& host, const std::string& why) {
  return Reply(421, "4.3.2", host + " Service not available, closing transmission channel (" + why + ")");
}
Reply local_error(const std::string& why) {
  return Reply(451, "4.3.0", "Requested action aborted: local error in processing (" + why + ")");
}
Reply insufficient_storage(const std::string& why) {
  return Reply(452, "4.3.1", "Requested action not taken: insufficient system storage (" + why + ")");
}
Reply too_many_recipients() { return Reply(452, "4.5.3", "Too many recipients"); }
Reply syntax_error_command(const std::string& verb) {
  return Reply(500, "5.5.1", "Syntax error, command unrecognized: \"" + verb + "\"");
}
Reply line_too_long() { return Reply(500, "5.5.2", "Line too long"); }
Reply syntax_error_parameters(const std::string& why) {
  return Reply(501, "5.5.4", "Syntax error in parameters or arguments: " + why);
}
Reply not_implemented(const std::string& verb, const std::string& why) {
  return Reply(502, "5.5.1", verb + " not implemented: " + why);
}
Reply bad_sequence(const std::string& why) { return Reply(503, "5.5.1", "Bad sequence of commands: " + why); }
Reply parameter_not_implemented(const std::string& param) {
  return Reply(504, "5.5.4", "Command parameter not implemented: " + param);
}
Reply mailbox_unavailable(const std::string& path, const std::string& why) {
  return Reply(550, "5.1.1", "<" + path + ">... " + why);
}
Reply relay_denied(const std::string& path) {
  return Reply(550, "5.7.1", "<" + path + ">... Relaying denied");
}
Reply user_not_local(const std::string& path) { return Reply(551, "5.1.6", "User not local; please try <" + path + ">"); }
Reply storage_exceeded(const std::string& why) {
  return Reply(552, "5.2.2", "Requested mail action aborted: exceeded storage allocation (" + why + ")");
}
Reply mailbox_name_not_allowed(const std::string& path, const std::string& why) {
  return Reply(553, "5.1.3", "<" + path + ">... Mailbox name not allowed: " + why);
}
Reply transaction_failed(const std::string& why) { return Reply(554, "5.0.0", "Transaction failed: " + why); }
}  // namespace replies

std::optional<Reply> ReplyReader::feed(std::string_view line) {
  int code = 0;
  bool valid = line.size() >= 3;
  for (std::size_t i = 0; valid && i < 3; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(line[i]))) valid = false;
    else code = code * 10 + (line[i] - '0');
  }
  const bool more = valid && line.size() > 3 && line[3] == '-';
  std::string text = line.size() > 4 ? std::string(line.substr(4)) : std::string();
  if (!valid) {  // garbage from the server: treat it as a one-line protocol error
    code = 0;
    text = std::string(line);
  }
  if (!in_progress_) {
    partial_ = Reply();
    partial_.code = code;
    in_progress_ = true;
  }
  partial_.lines.push_back(std::move(text));
  if (more) return std::nullopt;
  in_progress_ = false;
  return std::move(partial_);
}

}  // namespace mailsim::smtp
