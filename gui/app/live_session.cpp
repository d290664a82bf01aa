#include "app/live_session.hpp"

namespace mailsim::gui {

LiveSession::LiveSession(Document& doc, const LiveOptions& options)
    : doc_(doc), server_(doc.simulation(), options) {
  client_name_ = doc.simulation().network().host(server_.client_host()).name;
  doc.index().add_live_client(client_name_);
}

bool LiveSession::open(std::string& error) { return server_.open(error); }

bool LiveSession::catch_up() {
  TraceIndex& index = doc_.index();
  if (index.size() == doc_.simulation().trace().size()) return false;
  index.extend();
  return true;
}

bool LiveSession::poll(int max_wait_ms) {
  if (stopped_) return false;
  server_.poll_once(max_wait_ms);
  return catch_up();
}

bool LiveSession::stop() {
  if (stopped_) return false;
  stopped_ = true;
  server_.shutdown();
  server_.poll_once(0);  // let the simulation see the clients go
  return catch_up();
}

}  // namespace mailsim::gui
