// Theory of operation: real TLS for live mode (`mailsim serve`), with OpenSSL 3.
//
// The engines stay sans-I/O and see plaintext; TLS lives between the socket and the
// engine, in the live driver (live/server.cpp). A TlsContext holds the server's
// certificate and key: a self-signed certificate made at start for the scenario's host
// names plus localhost, 127.0.0.1 and ::1 (an ECDSA P-256 key: made in a millisecond), or
// the files given with --tls-cert/--tls-key. It can write the certificate where a client
// can trust it (--tls-ca-out) and every session's secrets as an SSLKEYLOGFILE key log
// (--tls-keylog) so that Wireshark decrypts a capture.
//
// A TlsSession is one server-side connection over memory BIOs: the driver hands it the
// bytes read from the socket (receive) and gets back the plaintext for the engine and the
// TLS records to send; what the engine writes goes through send(). No socket is touched
// here, so the driver keeps every raw byte for the pcap export.
//
// Why OpenSSL rather than GnuTLS: memory BIOs give the sans-I/O shape directly (GnuTLS
// needs push/pull callbacks to the same effect), SSL_CTX_set_keylog_callback gives the
// key log without an environment variable, and the certificate can be made in a few
// calls of the same library; both are in Debian (libssl-dev).
#pragma once
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct ssl_ctx_st;
struct ssl_st;
struct bio_st;

namespace mailsim {

struct TlsSetup {
  std::vector<std::string> names;  // DNS names of the self-signed certificate (localhost is added)
  std::string cert_file, key_file;  // PEM files to use instead of a self-signed certificate
  std::string ca_out;               // write the certificate there (PEM), for clients to trust
  std::string keylog;               // append the sessions' secrets there (SSLKEYLOGFILE format)
};

class TlsContext {
 public:
  // The context, or nullptr with `error` (a file that cannot be read, a key that does not
  // match the certificate, a key log that cannot be written).
  static std::unique_ptr<TlsContext> create(const TlsSetup& setup, std::string& error);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  // "SHA256 Fingerprint=AB:CD:...": what `openssl x509 -fingerprint -sha256` prints.
  const std::string& fingerprint() const { return fingerprint_; }
  // "smtp.cnam.fr, localhost, 127.0.0.1, ::1" (self-signed) or the certificate's subject.
  const std::string& subject() const { return subject_; }
  // How many sessions' secrets the key log received.
  std::size_t keylog_sessions() const { return keylog_sessions_; }

 private:
  friend class TlsSession;
  TlsContext() = default;
  static void on_keylog(const ssl_st* ssl, const char* line);
  ssl_ctx_st* ctx_ = nullptr;
  std::FILE* keylog_ = nullptr;
  std::size_t keylog_sessions_ = 0;
  std::string fingerprint_, subject_;
};

class TlsSession {
 public:
  explicit TlsSession(TlsContext& context);
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  enum class Progress { Handshaking, Established, Open, Failed, Closed };
  // Bytes from the socket: what they decrypt to is appended to `plain`, the records to send
  // back (handshake, alerts) to `wire`. Established: the handshake finished with these
  // bytes (once); Failed: see error(); Closed: the client sent its close_notify.
  Progress receive(std::string_view bytes, std::string& plain, std::string& wire);
  // Plaintext from the engine, encrypted into records appended to `wire`; held until the
  // handshake is done.
  void send(std::string_view plain, std::string& wire);
  // The close_notify alert, appended to `wire` (once).
  void close(std::string& wire);

  bool established() const { return established_; }
  std::string version() const;  // "TLSv1.3"
  std::string cipher() const;   // "TLS_AES_256_GCM_SHA384"
  const std::string& error() const { return error_; }

 private:
  void drain(std::string& wire);
  void flush_held(std::string& wire);
  ssl_st* ssl_ = nullptr;
  bio_st* in_ = nullptr;   // socket -> OpenSSL (owned by ssl_)
  bio_st* out_ = nullptr;  // OpenSSL -> socket (owned by ssl_)
  std::string held_;       // plaintext written before the handshake finished
  bool established_ = false;
  bool failed_ = false;
  bool closed_ = false;
  std::string error_;
};

}  // namespace mailsim
