// Theory of operation: the sans-I/O protocol engine contract.
//
// Every protocol endpoint (SMTP/LMTP/POP3/IMAP, server or client) is an Engine: it is
// given bytes and the current time, and it gives back bytes to send, whether it wants the
// connection closed, and the next deadline at which it wants on_timer(). It never reads a
// clock, sleeps or touches a socket. The simulator (net/network.hpp) drives engines over
// simulated links with virtual time; the live mode drives the very same objects from real
// sockets and a steady clock; tests feed them bytes directly.
//
// Driver protocol: after every call into the engine, the driver takes the output, then
// checks wants_close() and deadline(). state_name() names the protocol state (a static
// string), recorded in the trace beside each line the engine sends. A driver may give a
// taken buffer back once its bytes are delivered (reuse_output_buffer), so that an engine
// that answers line after line writes into the same memory.
#pragma once
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace mailsim {

constexpr SimTime kNoDeadline = -1;

class Engine {
 public:
  virtual ~Engine() = default;
  // The connection is established (server: send the greeting now; client: usually waits).
  virtual void on_open(SimTime now) = 0;
  virtual void on_bytes(std::string_view bytes, SimTime now) = 0;
  // The deadline returned by deadline() was reached.
  virtual void on_timer(SimTime now) = 0;
  // The peer closed the connection or it was dropped; no more bytes will come.
  virtual void on_peer_closed(SimTime now) = 0;

  // Bytes produced since the last call (moved out; with none, the buffer stays).
  std::string take_output() {
    std::string out;
    if (!output_.empty()) out.swap(output_);
    return out;
  }
  // Gives back a buffer that take_output() returned, once its bytes are consumed: the
  // engine writes its next output into it instead of a fresh allocation (the simulator
  // hands each delivered send back to the engine that made it). A large one is let go.
  void reuse_output_buffer(std::string&& spent) {
    if (!output_.empty() || spent.capacity() > kReusedOutputCapacity || spent.capacity() <= output_.capacity()) return;
    spent.clear();
    output_.swap(spent);
  }
  virtual bool wants_close() const = 0;
  virtual SimTime deadline() const { return kNoDeadline; }
  virtual const char* state_name() const = 0;

 protected:
  static constexpr std::size_t kReusedOutputCapacity = 64 * 1024;
  std::string output_;  // bytes to send, written by the engine, taken by take_output()
};

}  // namespace mailsim
