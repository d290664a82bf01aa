#include "smtp/reply.hpp"

#include <algorithm>
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

std::size_t Reply::format_into(std::string& out, bool enhanced_codes) const {
  const std::string code_text = std::to_string(code);
  const bool show_enhanced = enhanced_codes && !enhanced.empty();
  // Room for all the lines at once (geometric growth kept for several replies in a row).
  std::size_t size = out.size();
  for (const std::string& line : lines)
    size += code_text.size() + 1 + (show_enhanced ? enhanced.size() + 1 : 0) + line.size() + 2;
  if (size > out.capacity()) out.reserve(std::max(size, 2 * out.capacity()));
  std::size_t last = out.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    last = out.size();
    out += code_text;
    out += i + 1 < lines.size() ? '-' : ' ';
    if (show_enhanced) {
      out += enhanced;
      if (!lines[i].empty()) out += ' ';
    }
    out += lines[i];
    out += "\r\n";
  }
  return last;
}

namespace replies {
namespace {
// "<path>" then `text`, built in one allocation (every transaction gets two of these).
std::string bracketed(const std::string& path, std::string_view text) {
  std::string out;
  out.reserve(path.size() + 2 + text.size());
  out.append(1, '<').append(path).append(1, '>').append(text);
  return out;
}
}  // namespace

Reply service_ready(const std::string& host, const std::string& banner) {
  // The greeting carries no enhanced code (RFC 2034 section 3).
  return Reply(220, "", host + " " + banner);
}
Reply closing(const std::string& host) { return Reply(221, "2.0.0", host + " closing connection"); }
Reply ok(std::string text) { return Reply(250, "2.0.0", std::move(text)); }
Reply sender_ok(const std::string& path) { return Reply(250, "2.1.0", bracketed(path, "... Sender ok")); }
Reply recipient_ok(const std::string& path) { return Reply(250, "2.1.5", bracketed(path, "... Recipient ok")); }
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
Reply system_status(const std::string& text) { return Reply(211, "2.0.0", text); }
Reply help(std::vector<std::string> lines) {
  Reply r(214, "2.0.0", lines.empty() ? std::string("No help") : lines.front());
  if (!lines.empty()) r.lines = std::move(lines);
  return r;
}
Reply auth_succeeded() { return Reply(235, "2.7.0", "Authentication successful"); }
Reply will_forward(const std::string& path, const std::string& to) {
  return Reply(251, "2.1.5", "User not local; will forward <" + path + "> to <" + to + ">");
}
Reply cannot_verify() { return Reply(252, "2.5.2", "Cannot VRFY user, but will accept message and attempt delivery"); }
Reply auth_challenge(const std::string& base64) { return Reply(334, "", base64); }
Reply ready_for_tls() { return Reply(220, "2.0.0", "Ready to start TLS"); }
Reply parameters_not_accommodated(const std::string& why) {
  return Reply(455, "4.5.4", "Server unable to accommodate parameters: " + why);
}
Reply auth_required() { return Reply(530, "5.7.0", "Authentication required"); }
Reply auth_too_weak() { return Reply(534, "5.7.9", "Authentication mechanism is too weak"); }
Reply auth_failed() { return Reply(535, "5.7.8", "Authentication credentials invalid"); }
Reply encryption_required() { return Reply(538, "5.7.11", "Encryption required for requested authentication mechanism"); }
Reply parameter_unrecognized(const std::string& verb, const std::string& param) {
  return Reply(555, "5.5.4", verb + " parameter " + param + " not recognized or not implemented");
}
Reply message_too_big() { return Reply(552, "5.3.4", "Message size exceeds fixed maximum message size"); }
Reply too_many_hops(int hops) {
  return Reply(554, "5.4.6", "Too many hops (" + std::to_string(hops) + " Received: fields): routing loop detected");
}
Reply non_ascii_not_permitted(const std::string& path) {
  return Reply(553, "5.6.7", "<" + path + ">... Non-ASCII addresses not permitted without SMTPUTF8");
}
Reply no_service(const std::string& host) { return Reply(554, "5.3.2", host + " No SMTP service here"); }
Reply extended_hello(const std::string& greeting, std::vector<std::string> keywords) {
  Reply r(250, "", greeting);  // no enhanced code: the keywords are lines of their own
  for (auto& k : keywords) r.lines.push_back(std::move(k));
  return r;
}
Reply path_refused(int code, const char* enhanced, const std::string& why) {
  if (code == 553) return Reply(553, enhanced, "Requested action not taken: mailbox name not allowed (" + why + ")");
  return Reply(501, enhanced, "Syntax error in parameters or arguments: " + why);
}
Reply text_line_too_long(std::size_t limit) {
  return Reply(500, "5.5.2", "Line too long in message text (limit " + std::to_string(limit) + " octets)");
}
Reply chunk_received(std::uint64_t octets) { return Reply(250, "2.0.0", std::to_string(octets) + " octets received"); }
Reply auth_mechanism_unknown(const std::string& mechanism) {
  return Reply(504, "5.5.4", "Unrecognized authentication type " + mechanism);
}
Reply auth_cancelled() { return Reply(501, "5.0.0", "Authentication cancelled"); }
Reply auth_bad_base64() { return Reply(501, "5.5.2", "Cannot decode the base64 response"); }
Reply mailbox_full_for_now(const std::string& path) {
  return Reply(452, "4.2.2", bracketed(path, "... Mailbox full, try again later"));
}
Reply mailbox_full(const std::string& path) { return Reply(552, "5.2.2", bracketed(path, " Mailbox full")); }
Reply delivered(const std::string& path) { return Reply(250, "2.1.5", bracketed(path, " delivered")); }
Reply verified(const std::string& address) { return Reply(250, "2.1.5", bracketed(address, "")); }
Reply user_ambiguous(const std::vector<std::string>& addresses) {
  Reply r(553, "5.1.4", "User ambiguous; possibilities are");
  for (const auto& a : addresses) r.lines.push_back(bracketed(a, ""));
  return r;
}
Reply list_members(const std::vector<std::string>& addresses) {
  Reply r(250, "2.1.5", "(empty list)");
  if (!addresses.empty()) r.lines.clear();
  for (const auto& a : addresses) r.lines.push_back(bracketed(a, ""));
  return r;
}
Reply etrn_no_named_queues(const std::string& node) {
  return Reply(458, "4.3.0", "Unable to queue messages for node " + node + ": named queues are not supported");
}
// RFC 1985's 459 is a 4xx reply: its enhanced code is of class 4 too (RFC 3463).
Reply etrn_not_allowed(const std::string& node, const std::string& why) {
  return Reply(459, "4.7.1", "Node " + node + " not allowed: " + why);
}
Reply etrn_nothing_waiting(const std::string& node) { return Reply(251, "2.0.0", "OK, no messages waiting for node " + node); }
Reply etrn_started(int messages, const std::string& node) {
  return Reply(253, "2.0.0", "OK, " + std::to_string(messages) + " pending messages for node " + node + " started");
}
Reply custom(int code, std::string enhanced, std::string text) {
  if (enhanced.empty() && code >= 200 && code != 220 && code != 334 && code != 354) enhanced = default_enhanced(code);
  return Reply(code, std::move(enhanced), std::move(text));
}
std::string default_enhanced(int code) {
  return std::to_string(code / 100) + ".0.0";
}
}  // namespace replies

namespace {
// Length of the RFC 3463 code that starts a reply's text ("5.1.1 User unknown" -> 5), or 0.
// Its class must be the reply's first digit (RFC 2034 section 4); 3xx replies carry none.
std::size_t enhanced_prefix(std::string_view text, int code) {
  const int cls = code / 100;
  if ((cls != 2 && cls != 4 && cls != 5) || text.size() < 5 || text[0] != static_cast<char>('0' + cls) || text[1] != '.')
    return 0;
  std::size_t i = 2;
  for (int part = 0; part < 2; ++part) {
    const std::size_t start = i;
    while (i < text.size() && i - start < 3 && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) return 0;
    if (part == 0) {
      if (i >= text.size() || text[i] != '.') return 0;
      ++i;
    }
  }
  return i == text.size() || text[i] == ' ' ? i : 0;
}
}  // namespace

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
  if (const std::size_t n = valid ? enhanced_prefix(text, code) : 0) {  // kept apart, as the server's Reply has it
    if (partial_.lines.empty()) partial_.enhanced = text.substr(0, n);
    if (text.compare(0, n, partial_.enhanced) == 0) text.erase(0, std::min(n + 1, text.size()));
  }
  partial_.lines.push_back(std::move(text));
  if (more) return std::nullopt;
  in_progress_ = false;
  return std::move(partial_);
}

}  // namespace mailsim::smtp
