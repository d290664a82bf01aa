#include "scenario/contradictions.hpp"

#include <string>

#include "core/ascii.hpp"

namespace mailsim {

namespace {

// Does the host's EHLO reply announce this keyword (the first word of an extension)?
bool offers(const HostSpec& host, std::string_view keyword) {
  if (!host.esmtp) return false;
  for (const std::string& e : host.ehlo_extensions()) {
    const std::string first = ascii::to_upper(e.substr(0, e.find(' ')));
    if (first == keyword) return true;
  }
  return false;
}

}  // namespace

void find_contradictions(const Scenario& s, const ScenarioChecker& checker, std::vector<ScenarioError>& warnings) {
  auto warn = [&](const std::string& pointer, const std::string& message) {
    warnings.push_back(ScenarioError{checker.pos(pointer), "warning: " + message});
  };
  for (std::size_t i = 0; i < s.hosts.size(); ++i) {
    const HostSpec& h = s.hosts[i];
    const std::string at = "/hosts/" + std::to_string(i) + "/";
    if (h.require_auth && !offers(h, "AUTH"))
      warn(at + "require_auth", "host " + h.name + " requires AUTH but " +
                                    (h.esmtp ? "its extensions do not offer it" : "speaks RFC 821 (no EHLO, no AUTH)") +
                                    ": every submission will end in 530 (add \"AUTH\" to its extensions)");
    else if (h.require_auth && h.auth_users.empty())
      warn(at + "require_auth", "host " + h.name + " requires AUTH but has no auth_users: nobody can log in");
    if (h.require_tls_for_auth && !offers(h, "STARTTLS"))
      warn(at + "require_tls_for_auth", "host " + h.name +
                                            " wants STARTTLS before AUTH but does not offer STARTTLS: every AUTH will get "
                                            "538 (add \"STARTTLS\" to its extensions)");
    if (!h.retrieval.empty() && h.users.empty())
      warn(at + "retrieval", "host " + h.name + " serves POP3/IMAP but has no users: no login can succeed");
  }
  for (std::size_t i = 0; i < s.clients.size(); ++i) {
    const ClientAction& a = s.clients[i];
    if (a.kind != ClientAction::Kind::Send || a.auth_user.empty() || a.via.empty()) continue;
    const HostSpec* server = s.find_host(a.via);
    if (server && !offers(*server, "AUTH"))
      warn("/clients/" + std::to_string(i) + "/send/auth",
           "the client authenticates toward " + server->name +
               ", which offers no AUTH: the message goes without it" +
               (server->require_auth ? ", and is refused (530)" : ""));
  }
}

}  // namespace mailsim
