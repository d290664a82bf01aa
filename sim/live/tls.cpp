#include "live/tls.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstring>

namespace mailsim {

namespace {

// The reason of OpenSSL's latest error ("tlsv1 alert unknown ca", "wrong version number"),
// and the queue emptied.
std::string openssl_reason(const char* fallback) {
  std::string reason;
  while (const unsigned long code = ERR_get_error()) {
    const char* text = ERR_reason_error_string(code);
    reason = text ? text : "error " + std::to_string(code);
  }
  return reason.empty() ? fallback : reason;
}

// A host name usable as a subjectAltName DNS entry (letters, digits, '-', '.').
bool is_dns_name(const std::string& name) {
  return !name.empty() && name.size() < 254 && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.';
  });
}

bool add_extension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, nid, value.c_str());
  if (!ext) return false;
  const bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

struct KeyAndCert {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  ~KeyAndCert() {
    EVP_PKEY_free(key);
    X509_free(cert);
  }
};

// A self-signed certificate for `names` (the first is the subject's CN), localhost,
// 127.0.0.1 and ::1, valid from a day ago for a year; its own CA, so that a client given
// it as the CA file trusts it.
bool make_self_signed(const std::vector<std::string>& names, KeyAndCert& out, std::string& san) {
  out.key = EVP_EC_gen("P-256");
  out.cert = X509_new();
  if (!out.key || !out.cert) return false;
  X509* cert = out.cert;
  X509_set_version(cert, 2);  // v3
  BIGNUM* serial = BN_new();
  const bool serial_ok = serial && BN_rand(serial, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
                         BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert));
  BN_free(serial);
  if (!serial_ok) return false;
  X509_gmtime_adj(X509_getm_notBefore(cert), -86400L);
  X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 86400L);
  X509_set_pubkey(cert, out.key);
  std::vector<std::string> dns;
  for (const auto& n : names)
    if (is_dns_name(n) && std::find(dns.begin(), dns.end(), n) == dns.end()) dns.push_back(n);
  if (std::find(dns.begin(), dns.end(), "localhost") == dns.end()) dns.push_back("localhost");
  X509_NAME* subject = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("mailsim live mode"), -1,
                             -1, 0);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(dns.front().c_str()),
                             -1, -1, 0);
  X509_set_issuer_name(cert, subject);
  std::string alt;
  for (const auto& n : dns) alt += (alt.empty() ? "DNS:" : ",DNS:") + n;
  alt += ",IP:127.0.0.1,IP:::1";
  san.clear();
  for (const auto& n : dns) san += n + ", ";
  san += "127.0.0.1, ::1";
  return add_extension(cert, NID_subject_alt_name, alt) && add_extension(cert, NID_basic_constraints, "critical,CA:TRUE") &&
         add_extension(cert, NID_key_usage, "critical,digitalSignature,keyCertSign") &&
         add_extension(cert, NID_ext_key_usage, "serverAuth") &&
         add_extension(cert, NID_subject_key_identifier, "hash") &&
         add_extension(cert, NID_authority_key_identifier, "keyid:always") &&
         X509_sign(cert, out.key, EVP_sha256()) > 0;
}

std::string sha256_fingerprint(const X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(cert, EVP_sha256(), md, &length) != 1) return "?";
  static const char hex[] = "0123456789ABCDEF";
  std::string text = "SHA256 Fingerprint=";
  for (unsigned int i = 0; i < length; ++i) {
    if (i) text += ':';
    text += hex[md[i] >> 4];
    text += hex[md[i] & 15];
  }
  return text;
}

// Can `path` be opened for reading? If not, `error` says so for `option`.
bool readable(const char* option, const std::string& path, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (!f) {
    error = std::string(option) + " " + path + ": " + std::strerror(errno);
    return false;
  }
  std::fclose(f);
  return true;
}

bool write_pem(const X509* cert, const std::string& path, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  const bool written = f && PEM_write_X509(f, cert) == 1;
  if ((f && std::fclose(f) != 0) || !written) {
    error = "--tls-ca-out " + path + ": cannot write it (" + std::strerror(errno) + ")";
    return false;
  }
  return true;
}

}  // namespace

void TlsContext::on_keylog(const ssl_st* ssl, const char* line) {
  auto* self = static_cast<TlsContext*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
  if (!self || !self->keylog_) return;
  std::fprintf(self->keylog_, "%s\n", line);
  std::fflush(self->keylog_);  // Wireshark may read it while the server runs
  const std::string_view text(line);
  if (text.rfind("CLIENT_TRAFFIC_SECRET_0 ", 0) == 0 || text.rfind("CLIENT_RANDOM ", 0) == 0) ++self->keylog_sessions_;
}

std::unique_ptr<TlsContext> TlsContext::create(const TlsSetup& setup, std::string& error) {
  std::unique_ptr<TlsContext> self(new TlsContext());
  ERR_clear_error();
  self->ctx_ = SSL_CTX_new(TLS_server_method());
  if (!self->ctx_) {
    error = "TLS: " + openssl_reason("cannot make a TLS context");
    return nullptr;
  }
  SSL_CTX_set_min_proto_version(self->ctx_, TLS1_2_VERSION);
  SSL_CTX_set_app_data(self->ctx_, self.get());
  if (setup.cert_file.empty() != setup.key_file.empty()) {
    error = "--tls-cert and --tls-key go together: give both, or neither for a self-signed certificate";
    return nullptr;
  }
  if (!setup.cert_file.empty()) {
    if (!readable("--tls-cert", setup.cert_file, error) || !readable("--tls-key", setup.key_file, error)) return nullptr;
    if (SSL_CTX_use_certificate_chain_file(self->ctx_, setup.cert_file.c_str()) != 1) {
      error = "--tls-cert " + setup.cert_file + ": " + openssl_reason("no certificate") + " (a PEM certificate is expected)";
      return nullptr;
    }
    if (SSL_CTX_use_PrivateKey_file(self->ctx_, setup.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(self->ctx_) != 1) {
      const std::string reason = openssl_reason("no private key");
      error = "--tls-key " + setup.key_file +
              (reason.find("mismatch") != std::string::npos
                   ? " does not match the certificate " + setup.cert_file
                   : ": " + reason + " (an unencrypted PEM private key is expected)");
      return nullptr;
    }
    char subject[256] = "";
    X509_NAME_oneline(X509_get_subject_name(SSL_CTX_get0_certificate(self->ctx_)), subject, sizeof subject);
    self->subject_ = subject;
  } else {
    KeyAndCert made;
    if (!make_self_signed(setup.names, made, self->subject_) || SSL_CTX_use_certificate(self->ctx_, made.cert) != 1 ||
        SSL_CTX_use_PrivateKey(self->ctx_, made.key) != 1) {
      error = "TLS: " + openssl_reason("cannot make a self-signed certificate");
      return nullptr;
    }
  }
  const X509* cert = SSL_CTX_get0_certificate(self->ctx_);
  self->fingerprint_ = sha256_fingerprint(cert);
  if (!setup.ca_out.empty() && !write_pem(cert, setup.ca_out, error)) return nullptr;
  if (!setup.keylog.empty()) {
    self->keylog_ = std::fopen(setup.keylog.c_str(), "a");
    if (!self->keylog_) {
      error = "--tls-keylog " + setup.keylog + ": cannot write it (" + std::strerror(errno) + ")";
      return nullptr;
    }
    SSL_CTX_set_keylog_callback(self->ctx_, &TlsContext::on_keylog);
  }
  return self;
}

TlsContext::~TlsContext() {
  SSL_CTX_free(ctx_);
  if (keylog_) std::fclose(keylog_);
}

TlsSession::TlsSession(TlsContext& context) {
  ssl_ = SSL_new(context.ctx_);
  in_ = BIO_new(BIO_s_mem());
  out_ = BIO_new(BIO_s_mem());
  BIO_set_mem_eof_return(in_, -1);  // no bytes yet means "want more", not end of stream
  SSL_set_bio(ssl_, in_, out_);
  SSL_set_accept_state(ssl_);
}

TlsSession::~TlsSession() { SSL_free(ssl_); }

void TlsSession::drain(std::string& wire) {
  char buf[16384];
  int n;
  while ((n = BIO_read(out_, buf, sizeof buf)) > 0) wire.append(buf, static_cast<std::size_t>(n));
}

void TlsSession::flush_held(std::string& wire) {
  if (held_.empty()) return;
  std::string held;
  held.swap(held_);
  send(held, wire);
}

TlsSession::Progress TlsSession::receive(std::string_view bytes, std::string& plain, std::string& wire) {
  if (failed_) return Progress::Failed;
  ERR_clear_error();
  while (!bytes.empty()) {
    const int chunk = static_cast<int>(std::min<std::size_t>(bytes.size(), INT_MAX));
    BIO_write(in_, bytes.data(), chunk);
    bytes.remove_prefix(static_cast<std::size_t>(chunk));
  }
  bool just_established = false;
  if (!established_) {
    const int r = SSL_do_handshake(ssl_);
    if (r != 1) {
      const int e = SSL_get_error(ssl_, r);
      drain(wire);  // an alert, if the handshake failed
      if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return Progress::Handshaking;
      failed_ = true;
      error_ = openssl_reason(e == SSL_ERROR_SYSCALL ? "the client closed during the handshake" : "handshake failed");
      return Progress::Failed;
    }
    established_ = just_established = true;
  }
  char buf[16384];
  for (;;) {
    const int n = SSL_read(ssl_, buf, sizeof buf);
    if (n > 0) {
      plain.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    const int e = SSL_get_error(ssl_, n);
    if (e == SSL_ERROR_ZERO_RETURN) closed_ = true;
    else if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
      failed_ = true;
      error_ = openssl_reason("bad TLS record");
    }
    break;
  }
  if (just_established) flush_held(wire);
  drain(wire);
  if (failed_) return Progress::Failed;
  if (just_established) return Progress::Established;
  return closed_ ? Progress::Closed : Progress::Open;
}

void TlsSession::send(std::string_view plain, std::string& wire) {
  if (!established_) {
    held_.append(plain);
    return;
  }
  if (failed_) return;
  ERR_clear_error();
  while (!plain.empty()) {
    const int chunk = static_cast<int>(std::min<std::size_t>(plain.size(), 1 << 20));
    const int n = SSL_write(ssl_, plain.data(), chunk);
    if (n <= 0) {
      failed_ = true;
      error_ = openssl_reason("cannot encrypt");
      break;
    }
    plain.remove_prefix(static_cast<std::size_t>(n));
  }
  drain(wire);
}

void TlsSession::close(std::string& wire) {
  if (!established_ || failed_) return;
  if (SSL_get_shutdown(ssl_) & SSL_SENT_SHUTDOWN) return;
  ERR_clear_error();
  SSL_shutdown(ssl_);
  drain(wire);
}

std::string TlsSession::version() const { return SSL_get_version(ssl_); }
std::string TlsSession::cipher() const { return SSL_get_cipher_name(ssl_); }

}  // namespace mailsim
