// Live mode support of the Network: a connection whose client side is a real peer.
//
// The client side of such a connection is an ExternalClient engine: what the server
// engine sends reaches it through the ordinary simulated link (so it is traced, delayed by
// the link latency and delivered in order) and is handed to the ExternalPeer; what the
// peer pushes (external_send) is queued as the engine's output and pumped at once, so the
// Network traces the real client's lines exactly like a scripted client's.
#include "net/network.hpp"

namespace mailsim {

namespace {

class ExternalClient final : public Engine {
 public:
  explicit ExternalClient(ExternalPeer* peer) : peer_(peer) {}
  void on_open(SimTime) override {}
  void on_bytes(std::string_view bytes, SimTime) override {
    if (peer_) peer_->on_server_bytes(bytes);
  }
  void on_peer_starts_tls() override {
    if (peer_) peer_->on_tls_start();
  }
  void on_timer(SimTime) override {}
  void on_peer_closed(SimTime) override { notify("closed by server"); }
  bool wants_close() const override { return closing_ && output_.empty(); }
  const char* state_name() const override { return "live"; }

  void push(std::string_view bytes) {
    if (!closing_) output_.append(bytes);
  }
  void close() { closing_ = true; }
  void detach() {
    closing_ = true;
    peer_ = nullptr;
  }
  void notify(const std::string& why) {
    if (!peer_) return;
    ExternalPeer* p = peer_;
    peer_ = nullptr;
    p->on_closed(why);
  }

 private:
  ExternalPeer* peer_;
  bool closing_ = false;
};

}  // namespace

std::uint32_t Network::connect_external(HostId from, HostId to, std::uint16_t port, ExternalPeer& peer,
                                        TlsTransport tls) {
  auto engine = std::make_unique<ExternalClient>(&peer);
  ExternalClient* raw = engine.get();
  ClientCallbacks callbacks;
  callbacks.on_failed = [raw](ConnectFailure f) {
    raw->notify(f == ConnectFailure::Refused ? "connection refused" : "connection timed out");
  };
  callbacks.on_closed = [](Engine& e, const std::string& why) { static_cast<ExternalClient&>(e).notify(why); };
  Protocol proto = Protocol::None;
  auto service = hosts_[to].services.find(port);
  if (service != hosts_[to].services.end()) proto = service->second.proto;
  const std::uint32_t id = connect(from, to, port, proto, std::move(engine), std::move(callbacks));
  if (Connection* c = find(id)) c->info.tls = tls;  // read by the service's factory at accept
  return id;
}

void Network::external_send(std::uint32_t conn, std::string_view bytes) {
  Connection* c = find(conn);
  if (!c) return;
  static_cast<ExternalClient*>(c->sides[0].engine.get())->push(bytes);
  if (c->established) pump(*c, 0);
}

void Network::external_close(std::uint32_t conn) {
  Connection* c = find(conn);
  if (!c) return;
  static_cast<ExternalClient*>(c->sides[0].engine.get())->close();
  if (c->established) pump(*c, 0);
}

void Network::external_detach(std::uint32_t conn) {
  Connection* c = find(conn);
  if (!c) return;
  static_cast<ExternalClient*>(c->sides[0].engine.get())->detach();
  if (c->established) pump(*c, 0);
}

}  // namespace mailsim
