#include "mail/compose.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/time.hpp"

namespace mailsim {

namespace {
std::string to_crlf(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

std::string field(const nlohmann::json& d, const char* name, const std::string& fallback) {
  auto it = d.find(name);
  if (it == d.end()) return fallback;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_array()) {
    std::string joined;
    for (const auto& x : *it) {
      if (!x.is_string()) throw std::runtime_error(std::string("message.") + name + ": expected strings");
      joined += (joined.empty() ? "" : ", ") + x.get<std::string>();
    }
    return joined;
  }
  throw std::runtime_error(std::string("message.") + name + ": expected a string or a list of strings");
}
}  // namespace

std::string compose_message(const ComposeInput& in) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const nlohmann::json& d = in.description ? *in.description : kEmpty;
  if (auto eml = d.find("eml"); eml != d.end()) {
    const std::string path = in.base_dir.empty() ? eml->get<std::string>() : in.base_dir + "/" + eml->get<std::string>();
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error("message.eml: cannot read " + eml->get<std::string>());
    std::ostringstream bytes;
    bytes << file.rdbuf();
    std::string data = to_crlf(bytes.str());
    if (data.size() < 2 || data.compare(data.size() - 2, 2, "\r\n") != 0) data += "\r\n";
    return data;
  }
  std::string to_default;
  for (const auto& r : in.envelope_to) to_default += (to_default.empty() ? "" : ", ") + r;
  std::string out;
  out += "From: " + field(d, "from", in.envelope_from) + "\r\n";
  out += "To: " + field(d, "to", to_default) + "\r\n";
  if (d.contains("cc")) out += "Cc: " + field(d, "cc", "") + "\r\n";
  out += "Subject: " + field(d, "subject", "(no subject)") + "\r\n";
  out += "Date: " + format_rfc5322_date(in.unix_time) + "\r\n";
  out += "Message-ID: <M" + std::to_string(in.message) + "." + std::to_string(in.unix_time) + "@" + in.sender_host + ">\r\n";
  out += "\r\n";
  std::string body = to_crlf(field(d, "body", ""));
  if (!body.empty() && body.compare(body.size() - std::min<std::size_t>(2, body.size()), 2, "\r\n") != 0) body += "\r\n";
  out += body;
  return out;
}

}  // namespace mailsim
