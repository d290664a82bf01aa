// Theory of operation: the trace.
//
// Everything that happens in a run is appended here as a typed TraceEvent: connections,
// every protocol line with its direction, DNS queries and answers, queue decisions,
// deliveries. The trace is append-only and is the single source of truth for every front
// end (CLI transcript, JSON export, GUI panels, lessons): none of them look inside nodes.
// Host names are interned (HostRef) so an event stays small; `text` holds the protocol
// line exactly as sent (without CRLF) or a short description.
//
// Storage: a live session records millions of events, over a kilobyte per message, so
// appending must neither move what is recorded nor fault a page per event. Events sit in
// fixed-size segments and their texts in a text arena, both made of BulkBlocks
// (core/bulk_block.hpp); an event's `text` is a view into the arena. A reference to an
// event, and the view of its text, stay valid while the trace grows, for the life of the
// Trace (which is neither copied nor moved). A short text equal to one stored recently
// shares its bytes. Header blocks fill the arena's blocks from the other end, downwards,
// so that a block that only gained fields at the top (the next hop's Received, the
// Return-Path at delivery) shares its tail with the one before.
//
// Recipients: the events that follow a message through a host (accepted, queued, relayed,
// delivered, bounced, a list's expansion) name the envelope recipients they are about, as
// the host that wrote them knows them, so a reader can follow each (message, recipient)
// from its acceptance to its end without reading the texts (the run's message balance,
// world/balance.hpp). Few events have them, so they are not a field of every event: the
// trace keeps, beside the events, the index of each event that has recipients and their
// addresses, stored in the text arena.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/bulk_block.hpp"
#include "core/time.hpp"

namespace mailsim {

enum class TraceKind : std::uint8_t {
  HostDown,
  HostUp,
  ConnectAttempt,
  ConnectAccepted,
  ConnectRefused,
  ConnectTimeout,
  ConnectionClosed,
  Line,            // one protocol line; dir says who sent it
  DnsQuery,
  DnsAnswer,
  // The kinds below, to Bounced, name the recipients they are about (Trace::recipients).
  MessageAccepted, // a node took responsibility for a message (250 after the data, a local
                   // submission, a DSN it writes): recipients, those it took
  MessageQueued,   // waiting in a node's queue (text: why, next attempt): recipients, those waiting
  Decision,        // a routing or retry decision, in words; a mailing list's or a forward's
                   // expansion names the address expanded (it ends here), then those it adds
  Relayed,         // the next hop accepted it: it left this node's queue (peer: next hop)
  Delivered,       // stored in a mailbox (text: "user folder"); left the queue
  Bounced,         // given up: a DSN goes to the sender; left the queue
  Headers,         // the message's header block as it stands after a hop (text)
  Expectation,     // result of an `expect` check (appended after the run)
  Note,            // anything else worth showing (scenario script actions)
  MailboxChanged,  // a message arrived in, had its flags changed in or left a folder of the
                   // host's mail store (text: "user folder uid change", core/mailbox_change.hpp)
};
std::string_view trace_kind_name(TraceKind kind);

enum class Direction : std::uint8_t { None, ClientToServer, ServerToClient };

// What a protocol line is, as the engine that wrote it knows (consumers never guess it
// from the text). A line a real peer sent in live mode has the role its server expected.
enum class LineRole : std::uint8_t {
  None,       // not a line, or written by something that does not say (a raw byte stream)
  Command,    // a client's command line (IMAP: the line with the tag and the verb)
  Reply,      // the line that completes a server's reply: SMTP's last line ("250 ok"), POP3's
              // +OK/-ERR, IMAP's tagged status and greeting
  ReplyPart,  // any other server line: SMTP "250-", POP3 listing lines, IMAP "* ..." and "+ ..."
  Data,       // message text: SMTP DATA and BDAT chunks, POP3 RETR and TOP
  End,        // the lone "." that ends message text or a POP3 listing
  Literal,    // the octets of an IMAP literal ({n}), either way
};
// A line's role and what it travels in, as an engine tags what it writes (net/engine.hpp).
struct LineTag {
  LineRole role = LineRole::None;
  bool sasl = false;  // a SASL challenge, or the client's answer to one
  bool tls = false;   // sent after STARTTLS
  friend bool operator==(const LineTag&, const LineTag&) = default;
};

enum class Protocol : std::uint8_t { None, Smtp, Submission, Lmtp, Pop3, Imap, Dns };
std::string_view protocol_name(Protocol p);

// "M12": how messages are named in transcripts.
std::string message_label(std::uint32_t message);
// The names of the fields of a header block, "Received, From, To", and how many there are.
std::string header_field_names(std::string_view block, std::size_t& fields);
// `text` made safe for a terminal or a window: control characters (C0, DEL, C1) and bytes
// that are not UTF-8 become escapes (\r, \n, \t, \xHH), so a client's bytes such as
// "\x1b]0;title\x07" or a NUL are shown, never obeyed. Every human-readable output of
// trace text goes through it (format_line, the window); the JSON trace escapes by itself.
std::string printable(std::string_view text);

using HostRef = std::uint16_t;
constexpr HostRef kNoHost = 0;  // index 0 of the name table is ""

// The envelope recipients an event is about, as the host that writes it names them.
using Recipients = std::span<const std::string_view>;

using StateRef = std::uint8_t;  // an interned protocol state name (Trace::state_name)
constexpr StateRef kNoState = 0;  // index 0 of the state table is ""

// 48 bytes (40 on 32-bit WebAssembly): a live session keeps tens of events per message.
struct TraceEvent {
  SimTime time = 0;
  std::string_view text;  // a view into the trace's text arena, set by Trace::append
  std::uint32_t index = 0;    // position in the trace
  std::uint32_t conn = 0;     // connection id, 0 when none
  std::uint32_t message = 0;  // message id (M<n>), 0 when none
  std::int16_t code = 0;      // a server line: its reply code (100-599); a MessageQueued event
                              // that ends a failed delivery attempt: that attempt's number
  HostRef host = kNoHost;  // the host that acted (sender of a line, resolver client …)
  HostRef peer = kNoHost;  // the other side, if any
  std::uint16_t port = 0;
  TraceKind kind = TraceKind::Note;
  Direction dir : 2 = Direction::None;
  LineRole role : 3 = LineRole::None;  // set by the engine that wrote the line
  bool sasl : 1 = false;  // a line of a SASL exchange: a challenge or the client's answer
  bool tls : 1 = false;   // sent inside TLS (after STARTTLS; simulated, the text stays clear)
  Protocol proto = Protocol::None;
  StateRef state = kNoState;  // protocol state of the sender after this line

  // The number of the delivery attempt a MessageQueued event reports as failed, as the
  // queue counts them (1 for the first); 0 for the event that first queues a message.
  int failed_attempt() const { return kind == TraceKind::MessageQueued ? code : 0; }
  LineTag tag() const { return {role, sasl, tls}; }
  void set_tag(LineTag t) {
    role = t.role;
    sasl = t.sasl;
    tls = t.tls;
  }
};
static_assert(sizeof(TraceEvent) <= 48, "keep trace events small: a live trace holds millions");

// The events of a trace in order, indexable and iterable; segments never move.
class TraceEvents {
 public:
  static constexpr std::size_t kSegmentShift = 12;  // 4096 events (192 KiB) a segment
  static constexpr std::size_t kSegmentSize = std::size_t{1} << kSegmentShift;

  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = TraceEvent;
    using difference_type = std::ptrdiff_t;
    using pointer = const TraceEvent*;
    using reference = const TraceEvent&;
    const_iterator() = default;
    const_iterator(const TraceEvents* events, std::size_t i) : events_(events), i_(i) {}
    reference operator*() const { return (*events_)[i_]; }
    pointer operator->() const { return &(*events_)[i_]; }
    reference operator[](difference_type n) const { return (*events_)[i_ + static_cast<std::size_t>(n)]; }
    const_iterator& operator++() { ++i_; return *this; }
    const_iterator operator++(int) { auto old = *this; ++i_; return old; }
    const_iterator& operator--() { --i_; return *this; }
    const_iterator operator--(int) { auto old = *this; --i_; return old; }
    const_iterator& operator+=(difference_type n) { i_ += static_cast<std::size_t>(n); return *this; }
    const_iterator& operator-=(difference_type n) { i_ -= static_cast<std::size_t>(n); return *this; }
    friend const_iterator operator+(const_iterator it, difference_type n) { return it += n; }
    friend const_iterator operator+(difference_type n, const_iterator it) { return it += n; }
    friend const_iterator operator-(const_iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
      return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.i_ == b.i_; }
    friend auto operator<=>(const const_iterator& a, const const_iterator& b) { return a.i_ <=> b.i_; }

   private:
    const TraceEvents* events_ = nullptr;
    std::size_t i_ = 0;
  };

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const TraceEvent& operator[](std::size_t i) const {
    return segment(i >> kSegmentShift)[i & (kSegmentSize - 1)];
  }
  const TraceEvent& back() const { return (*this)[size_ - 1]; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }

 private:
  friend class Trace;
  TraceEvent* segment(std::size_t s) const { return reinterpret_cast<TraceEvent*>(segments_[s].data()); }
  TraceEvent& push_back(const TraceEvent& event);

  std::vector<BulkBlock> segments_;
  std::size_t size_ = 0;
};

class Trace {
 public:
  Trace();
  HostRef intern(std::string_view host_name);
  const std::string& name(HostRef ref) const { return names_[ref]; }
  // Protocol state names are static strings (an engine's state table): interned by address.
  StateRef intern_state(const char* state_name);
  const char* state_name(StateRef ref) const { return states_[ref]; }

  Trace(const Trace&) = delete;  // the events' texts are views into this trace's arena
  Trace& operator=(const Trace&) = delete;

  // Appends the event with `text` (copied into the arena; the event's own `text` is not
  // read, so a builder never leaves a view to a temporary in it) and sets its index, with
  // the recipients it is about (copied too; none contains a line feed, as SMTP's lines end
  // there). Throws std::length_error past 2^32 events.
  TraceEvent& append(TraceEvent event, std::string_view text, Recipients rcpts = {});
  // The recipients event `e` is about, in the order they were given; empty if none.
  std::vector<std::string_view> recipients(const TraceEvent& e) const;
  const TraceEvents& events() const { return events_; }
  std::size_t size() const { return events_.size(); }
  const TraceEvent& operator[](std::size_t i) const { return events_[i]; }

  // One line per event, as `mailsim run --format text` prints it.
  std::string format_line(const TraceEvent& e) const;
  // Its beginning: "12.000000  c3 mua > msa:587  " (time, connection, hosts).
  std::string line_prefix(const TraceEvent& e) const;
  nlohmann::json to_json(const TraceEvent& e) const;

 private:
  bool make_room(std::size_t bytes);  // false: too long for a shared block
  std::string_view store_own_block(std::string_view text);
  std::string_view store_text(std::string_view text);
  std::string_view store_headers(std::string_view text);

  std::vector<std::string> names_;
  std::unordered_map<std::string, HostRef> name_index_;
  std::vector<const char*> states_;
  TraceEvents events_;
  std::vector<BulkBlock> text_blocks_;
  char* text_free_ = nullptr;  // the unused middle of the last text block: [free, top)
  char* text_top_ = nullptr;
  static constexpr std::size_t kRecentTextMax = 128;  // longer texts are rarely repeated
  std::array<std::string_view, 1024> recent_texts_{};  // by hash: see store_text
  std::string_view last_headers_;  // the header block stored last, at text_top_ if shareable
  // The events that have recipients, by index, with them joined by line feeds (in the arena).
  struct EventRecipients {
    std::uint32_t event;
    std::uint32_t size;
    const char* data;
  };
  std::vector<EventRecipients> recipients_;
  std::string joined_;  // append()'s scratch buffer for joining recipients
};

}  // namespace mailsim
