// Theory of operation: live mode in the window (`mailsim-gui --serve FILE`).
//
// A LiveSession drives a Document whose simulation was not run on load. It owns the
// LiveServer (sim/live/server.hpp), which gives every service of every simulated host a
// real port and runs the world in real time. Each frame, poll() serves the sockets and runs
// the kernel up to now, then extends the document's TraceIndex with the events appended
// since the last frame: the panels only ever see a longer trace. The host real clients come
// in as ("live-client", not in the scenario) gets its node in the index at once, so the
// topology draws it before its first connection. stop() closes every client (the
// simulation sees them go) and the listeners; the front end then writes its exports from
// the document's simulation.
#pragma once
#include <string>

#include "live/server.hpp"
#include "model/document.hpp"

namespace mailsim::gui {

class LiveSession {
 public:
  LiveSession(Document& doc, const LiveOptions& options);
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  // Binds one real port per service; false (with `error`) if one cannot be bound.
  bool open(std::string& error);
  // One round of serving (waits at most max_wait_ms for socket activity or the kernel's
  // next event), then the index catches up. True if the trace grew.
  bool poll(int max_wait_ms);
  // Closes the clients and the listeners; the index catches up. True if the trace grew.
  bool stop();
  bool stopped() const { return stopped_; }

  const LiveServer& server() const { return server_; }
  const std::string& client_name() const { return client_name_; }

 private:
  bool catch_up();

  Document& doc_;
  LiveServer server_;
  std::string client_name_;
  bool stopped_ = false;
};

}  // namespace mailsim::gui
