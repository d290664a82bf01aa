// live/tls.hpp where OpenSSL is not built in: the web edition (emscripten), whose browser
// serves no sockets. create() says so, so LiveServer::open() fails with that reason; no
// session can exist without a context.
#include "live/tls.hpp"

namespace mailsim {

std::unique_ptr<TlsContext> TlsContext::create(const TlsSetup&, std::string& error) {
  error = "this build has no TLS library (the web edition cannot serve real clients)";
  return nullptr;
}
TlsContext::~TlsContext() = default;
void TlsContext::on_keylog(const ssl_st*, const char*) {}

TlsSession::TlsSession(TlsContext&) {}
TlsSession::~TlsSession() = default;
TlsSession::Progress TlsSession::receive(std::string_view, std::string&, std::string&) { return Progress::Failed; }
void TlsSession::send(std::string_view, std::string&) {}
void TlsSession::close(std::string&) {}
std::string TlsSession::version() const { return {}; }
std::string TlsSession::cipher() const { return {}; }

}  // namespace mailsim
