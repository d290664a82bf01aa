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
//
// Line roles: an engine knows what each line it writes is (a command, a reply, message
// text, a literal, a SASL answer), so it says so with tag_output() before writing; the
// driver reads the tag of each line of what it took with output_tag_at() and records it in
// the trace. A tag holds until the next tag_output(). A server also says what it expects to
// read next (input_tag): the lines of a real client (live mode), which no engine wrote,
// get their tag from it when they are sent, so bytes pipelined past a change of state (a
// command after the end of the message text, in the same read) keep the state before.
//
// TLS: a server that accepts STARTTLS (SMTP, IMAP) or STLS (POP3) says so with
// start_tls_after_output() as it writes its go-ahead: the transport starts TLS right after
// those bytes. The simulator only hands the news to the client side (on_peer_starts_tls);
// the live driver (sim/live/) does a real handshake there. The engine itself only ever
// sees plaintext.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "core/trace.hpp"

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
  // The bytes just delivered by on_bytes() end with the peer's go-ahead for TLS (it accepted
  // STARTTLS): a real transport starts its handshake now. Simulated engines need nothing.
  virtual void on_peer_starts_tls() {}

  // Bytes produced since the last call (moved out; with none, the buffer stays).
  std::string take_output() {
    std::string out;
    if (output_.empty()) return out;
    out.swap(output_);
    taken_start_ = start_tag_;
    taken_marks_.swap(marks_);
    marks_.clear();
    start_tag_ = tag_;
    taken_starts_tls_ = starts_tls_;
    starts_tls_ = false;
    return out;
  }
  // The bytes the last take_output() returned end with a go-ahead for TLS.
  bool taken_output_starts_tls() const { return taken_starts_tls_; }
  // The tag of the byte at `offset` of what the last take_output() returned.
  LineTag output_tag_at(std::size_t offset) const {
    LineTag tag = taken_start_;
    for (const Mark& m : taken_marks_) {
      if (m.offset > offset) break;
      tag = m.tag;
    }
    return tag;
  }
  // What a server takes `line`, the next line it is to read, to be (a command, message
  // text, a SASL answer...), from the state it is in now; a client engine does not say.
  virtual LineTag input_tag(std::string_view /*line*/) const { return {}; }
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
  // The lines written from now on are `tag` (until the next call).
  void tag_output(LineTag tag) { tag_output_from(output_.size(), tag); }
  // The same from `offset` of the output on, an offset inside what was just written (the
  // last line of a reply written at once): not before the last change of tag.
  void tag_output_from(std::size_t offset, LineTag tag) {
    if (tag == tag_) return;
    tag_ = tag;
    if (offset == 0) {
      start_tag_ = tag;
      marks_.clear();
    } else if (!marks_.empty() && marks_.back().offset == offset) {
      marks_.back().tag = tag;
    } else {
      marks_.push_back({static_cast<std::uint32_t>(offset), tag});
    }
  }

  // The output written so far ends with the go-ahead for TLS (after STARTTLS or STLS).
  void start_tls_after_output() { starts_tls_ = true; }

  static constexpr std::size_t kReusedOutputCapacity = 64 * 1024;
  std::string output_;  // bytes to send, written by the engine, taken by take_output()

 private:
  struct Mark {
    std::uint32_t offset;  // the tag holds from this byte of output_ on
    LineTag tag;
  };
  LineTag tag_;                  // the tag of what is written now
  LineTag start_tag_;            // the tag of output_'s first byte
  std::vector<Mark> marks_;      // where the tag changes inside output_
  LineTag taken_start_;          // the same for the bytes take_output() returned last
  std::vector<Mark> taken_marks_;
  bool starts_tls_ = false;        // the output ends with a go-ahead for TLS
  bool taken_starts_tls_ = false;  // the same for the bytes take_output() returned last
};

}  // namespace mailsim
