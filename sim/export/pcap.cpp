#include "export/pcap.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace mailsim {

namespace {

constexpr std::size_t kMss = 1460;
constexpr std::uint32_t kAckEvery = 16384;

void put16(std::string& b, std::uint16_t v) {
  b += static_cast<char>(v >> 8);
  b += static_cast<char>(v & 0xff);
}
void put32(std::string& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16));
  put16(b, static_cast<std::uint16_t>(v & 0xffff));
}
void put32le(std::string& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put16le(std::string& b, std::uint16_t v) {
  b += static_cast<char>(v & 0xff);
  b += static_cast<char>(v >> 8);
}

std::uint32_t sum16(const std::string& b, std::size_t from, std::size_t len, std::uint32_t acc = 0) {
  for (std::size_t i = 0; i + 1 < len; i += 2)
    acc += (static_cast<std::uint8_t>(b[from + i]) << 8) | static_cast<std::uint8_t>(b[from + i + 1]);
  if (len % 2) acc += static_cast<std::uint8_t>(b[from + len - 1]) << 8;
  return acc;
}
std::uint16_t fold(std::uint32_t acc) {
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return static_cast<std::uint16_t>(~acc & 0xffff);
}

class Writer {
 public:
  Writer(const ExportOptions& options) : options_(options) {
    out_.reserve(1 << 16);
    put32le(out_, 0xa1b2c3d4);
    put16le(out_, 2);
    put16le(out_, 4);
    put32le(out_, 0);
    put32le(out_, 0);
    put32le(out_, 262144);
    put32le(out_, 1);  // LINKTYPE_ETHERNET
    for (const auto& [name, address] : options.addresses) {
      in_addr a{};
      if (inet_pton(AF_INET, address.c_str(), &a) == 1) {
        addr_[name] = ntohl(a.s_addr);
        used_.insert(ntohl(a.s_addr));
      }
    }
  }

  std::uint32_t address(const std::string& host) {
    auto it = addr_.find(host);
    if (it != addr_.end()) return it->second;
    // Hosts without a usable address (the DNS server, live clients): a free address.
    std::uint32_t a = host == "dns" ? 0xC6336435u /* 198.51.100.53 */ : 0x0AFF0001u /* 10.255.0.1 */;
    while (used_.count(a)) ++a;
    used_.insert(a);
    addr_[host] = a;
    return a;
  }

  void ip_frame(SimTime time, std::uint32_t src, std::uint32_t dst, std::uint8_t proto, const std::string& l4) {
    std::string f;
    f.reserve(34 + l4.size());
    // Ethernet: locally administered MACs built from the IPv4 addresses.
    f += '\x02';
    f += '\x00';
    put32(f, dst);
    f += '\x02';
    f += '\x00';
    put32(f, src);
    put16(f, 0x0800);
    const std::size_t ip = f.size();
    f += '\x45';
    f += '\x00';
    put16(f, static_cast<std::uint16_t>(20 + l4.size()));
    put16(f, ip_id_++);
    put16(f, 0x4000);
    f += '\x40';
    f += static_cast<char>(proto);
    put16(f, 0);
    put32(f, src);
    put32(f, dst);
    const std::uint16_t ipsum = fold(sum16(f, ip, 20));
    f[ip + 10] = static_cast<char>(ipsum >> 8);
    f[ip + 11] = static_cast<char>(ipsum & 0xff);
    const std::size_t l4_at = f.size();
    f += l4;
    // Transport checksum over the pseudo-header.
    std::uint32_t acc = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto +
                        static_cast<std::uint32_t>(l4.size());
    acc = sum16(f, l4_at, l4.size(), acc);
    std::uint16_t sum = fold(acc);
    if (proto == 17 && sum == 0) sum = 0xffff;
    const std::size_t at = l4_at + (proto == 6 ? 16 : 6);
    f[at] = static_cast<char>(sum >> 8);
    f[at + 1] = static_cast<char>(sum & 0xff);
    record(time, f);
  }

  void record(SimTime time, const std::string& frame) {
    const std::int64_t us = options_.epoch * 1000000 + (time < 0 ? 0 : time);
    put32le(out_, static_cast<std::uint32_t>(us / 1000000));
    put32le(out_, static_cast<std::uint32_t>(us % 1000000));
    put32le(out_, static_cast<std::uint32_t>(frame.size()));
    put32le(out_, static_cast<std::uint32_t>(frame.size()));
    out_ += frame;
  }

  std::string& out() { return out_; }

 private:
  const ExportOptions& options_;
  std::string out_;
  std::map<std::string, std::uint32_t> addr_;
  std::set<std::uint32_t> used_;
  std::uint16_t ip_id_ = 1;
};

enum : std::uint8_t { FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10 };

struct Tcp {
  std::uint32_t addr[2] = {0, 0};  // 0 client, 1 server
  std::uint16_t port[2] = {0, 0};
  std::uint32_t next_seq[2] = {0, 0};
  std::uint32_t acked[2] = {0, 0};  // what side i last acknowledged of the other side
  std::string name[2];
  bool established = false;
  bool closed = false;
};

void segment(Writer& w, SimTime time, Tcp& t, int side, std::uint8_t flags, std::string_view payload) {
  std::string s;
  s.reserve(20 + payload.size());
  put16(s, t.port[side]);
  put16(s, t.port[1 - side]);
  put32(s, t.next_seq[side]);
  const std::uint32_t ack = (flags & ACK) ? t.next_seq[1 - side] : 0;
  put32(s, ack);
  s += static_cast<char>(5 << 4);
  s += static_cast<char>(flags);
  put16(s, 65535);
  put16(s, 0);
  put16(s, 0);
  s.append(payload);
  w.ip_frame(time, t.addr[side], t.addr[1 - side], 6, s);
  if (flags & ACK) t.acked[side] = ack;
  t.next_seq[side] += static_cast<std::uint32_t>(payload.size()) + ((flags & (SYN | FIN)) ? 1 : 0);
}

void data(Writer& w, SimTime time, Tcp& t, int side, const std::string& bytes) {
  for (std::size_t at = 0; at < bytes.size(); at += kMss) {
    segment(w, time, t, side, ACK | PSH, std::string_view(bytes).substr(at, kMss));
    if (t.next_seq[side] - t.acked[1 - side] >= kAckEvery) segment(w, time, t, 1 - side, ACK, {});
  }
}

// DNS wire format.
void put_name(std::string& b, const std::string& name) {
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    const std::size_t len = std::min<std::size_t>(dot - start, 63);
    if (len > 0) {
      b += static_cast<char>(len);
      b.append(name, start, len);
    }
    start = dot + 1;
  }
  b += '\0';
}

struct DnsQuestion {
  std::string type, name;
  std::uint16_t id = 0, port = 0;
};

std::string dns_message(const DnsQuestion& q, bool response, int rcode, const std::vector<std::pair<int, std::string>>& mx,
                        const std::vector<std::uint32_t>& a) {
  std::string b;
  put16(b, q.id);
  put16(b, static_cast<std::uint16_t>(response ? 0x8580 | rcode : 0x0100));
  put16(b, 1);
  put16(b, static_cast<std::uint16_t>(mx.size() + a.size()));
  put16(b, 0);
  put16(b, 0);
  put_name(b, q.name);
  const std::uint16_t type = q.type == "MX" ? 15 : 1;
  put16(b, type);
  put16(b, 1);
  for (const auto& [pref, exchange] : mx) {
    put16(b, 0xC00C);
    put16(b, 15);
    put16(b, 1);
    put32(b, 3600);
    std::string rdata;
    put16(rdata, static_cast<std::uint16_t>(pref));
    put_name(rdata, exchange);
    put16(b, static_cast<std::uint16_t>(rdata.size()));
    b += rdata;
  }
  for (std::uint32_t addr : a) {
    put16(b, 0xC00C);
    put16(b, 1);
    put16(b, 1);
    put32(b, 3600);
    put16(b, 4);
    put32(b, addr);
  }
  return b;
}

std::string udp(std::uint16_t sport, std::uint16_t dport, const std::string& payload) {
  std::string u;
  put16(u, sport);
  put16(u, dport);
  put16(u, static_cast<std::uint16_t>(8 + payload.size()));
  put16(u, 0);
  u += payload;
  return u;
}

// The wire chunks of ExportOptions::wire, in time order, handed out as the trace goes.
class WireChunks {
 public:
  explicit WireChunks(const WireLog* log) : log_(log) {
    if (!log) return;
    for (const auto& [conn, capture] : *log)
      for (const WireChunk& c : capture.chunks) order_.push_back({conn, &c});
    std::stable_sort(order_.begin(), order_.end(), [](const Entry& a, const Entry& b) { return a.chunk->time < b.chunk->time; });
  }
  // Is this line of the trace carried by wire chunks instead?
  bool replaces(const TraceEvent& e) const {
    if (!log_) return false;
    const auto it = log_->find(e.conn);
    return it != log_->end() && e.index >= it->second.from_event;
  }
  // Emits, in time order, the chunks sent before `time`.
  template <typename Emit>
  void before(SimTime time, Emit emit) {
    for (; next_ < order_.size() && (!order_[next_].chunk || order_[next_].chunk->time < time); ++next_)
      if (order_[next_].chunk) emit(order_[next_].conn, *order_[next_].chunk);
  }
  // Emits what is left of connection `conn`, which closes now.
  template <typename Emit>
  void rest_of(std::uint32_t conn, Emit emit) {
    if (!log_ || !log_->count(conn)) return;
    for (std::size_t i = next_; i < order_.size(); ++i) {
      if (!order_[i].chunk || order_[i].conn != conn) continue;
      emit(conn, *order_[i].chunk);
      order_[i].chunk = nullptr;
    }
  }

 private:
  struct Entry {
    std::uint32_t conn;
    const WireChunk* chunk;
  };
  const WireLog* log_;
  std::vector<Entry> order_;
  std::size_t next_ = 0;  // the entries before it are all emitted
};

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t c = s.find(", ", start);
    parts.emplace_back(s.substr(start, c == std::string::npos ? std::string::npos : c - start));
    if (c == std::string::npos) break;
    start = c + 2;
  }
  return parts;
}

}  // namespace

std::string pcap_bytes(const Trace& trace, const ExportOptions& options) {
  Writer w(options);
  const PreparedEvents prepared = prepare_events(trace, options, false);
  const std::vector<TraceEvent>& events = prepared.events;
  std::unordered_map<std::uint32_t, Tcp> conns;
  std::map<std::tuple<std::string, std::string, std::string>, std::deque<DnsQuestion>> pending;
  std::uint16_t next_dns_id = 1;
  WireChunks wire(options.wire);
  const auto on_wire = [&](std::uint32_t conn, const WireChunk& chunk) {
    auto it = conns.find(conn);
    if (it == conns.end() || !it->second.established || it->second.closed) return;
    data(w, chunk.time, it->second, chunk.dir == Direction::ClientToServer ? 0 : 1, chunk.bytes);
  };

  for (const TraceEvent& e : events) {
    wire.before(e.time, on_wire);
    switch (e.kind) {
      case TraceKind::ConnectAttempt: {
        Tcp t;
        t.name[0] = trace.name(e.host);
        t.name[1] = trace.name(e.peer);
        t.addr[0] = w.address(t.name[0]);
        t.addr[1] = w.address(t.name[1]);
        t.port[0] = static_cast<std::uint16_t>(49152 + (e.conn * 7919u) % 16384);
        t.port[1] = e.port;
        t.next_seq[0] = 0x10000000u + e.conn * 0x9E3779B1u;
        t.next_seq[1] = 0x20000000u + e.conn * 0x85EBCA77u;
        segment(w, e.time, t, 0, SYN, {});
        conns[e.conn] = t;
        break;
      }
      case TraceKind::ConnectAccepted: {
        auto it = conns.find(e.conn);
        if (it == conns.end() || it->second.established) break;
        Tcp& t = it->second;
        segment(w, e.time, t, 1, SYN | ACK, {});
        segment(w, e.time, t, 0, ACK, {});
        t.established = true;
        break;
      }
      case TraceKind::ConnectRefused: {
        auto it = conns.find(e.conn);
        if (it == conns.end()) break;
        segment(w, e.time, it->second, 1, RST | ACK, {});
        conns.erase(it);
        break;
      }
      case TraceKind::ConnectTimeout:
        conns.erase(e.conn);
        break;
      case TraceKind::Line: {
        auto it = conns.find(e.conn);
        if (it == conns.end() || !it->second.established || it->second.closed || wire.replaces(e)) break;
        const int side = e.dir == Direction::ClientToServer ? 0 : 1;
        std::string bytes(e.text);
        bytes += "\r\n";
        data(w, e.time, it->second, side, bytes);
        break;
      }
      case TraceKind::ConnectionClosed: {
        wire.rest_of(e.conn, on_wire);
        auto it = conns.find(e.conn);
        if (it == conns.end()) break;
        Tcp& t = it->second;
        if (t.established) {
          const std::string prefix = "closed by ";
          if (e.text.rfind(prefix, 0) == 0) {
            const int closer = e.text.substr(prefix.size()) == t.name[1] && t.name[0] != t.name[1] ? 1 : 0;
            segment(w, e.time, t, closer, FIN | ACK, {});
            segment(w, e.time, t, 1 - closer, FIN | ACK, {});
            segment(w, e.time, t, closer, ACK, {});
          } else {
            segment(w, e.time, t, 0, RST | ACK, {});
          }
        }
        conns.erase(it);
        break;
      }
      case TraceKind::DnsQuery: {
        // "MX domain?"
        const std::size_t sp = e.text.find(' ');
        if (sp == std::string::npos) break;
        DnsQuestion q;
        q.type = e.text.substr(0, sp);
        q.name = e.text.substr(sp + 1);
        if (!q.name.empty() && q.name.back() == '?') q.name.pop_back();
        q.id = next_dns_id++;
        q.port = static_cast<std::uint16_t>(32768 + q.id % 28000);
        const std::string asker = trace.name(e.host), server = trace.name(e.peer);
        w.ip_frame(e.time, w.address(asker), w.address(server), 17,
                   udp(q.port, 53, dns_message(q, false, 0, {}, {})));
        pending[{asker, q.type, q.name}].push_back(q);
        break;
      }
      case TraceKind::DnsAnswer: {
        // "MX name: STATUS, MX 10 host, A 192.0.2.1" (or "...: no answer (timeout)" from the asker)
        const std::size_t sp = e.text.find(' ');
        const std::size_t colon = e.text.find(": ");
        if (sp == std::string::npos || colon == std::string::npos || colon < sp) break;
        const std::string type(e.text.substr(0, sp)), name(e.text.substr(sp + 1, colon - sp - 1));
        const bool timeout = e.text.find("no answer", colon) != std::string::npos;
        const std::string asker = trace.name(timeout ? e.host : e.peer), server = trace.name(timeout ? e.peer : e.host);
        auto it = pending.find({asker, type, name});
        if (it == pending.end() || it->second.empty()) break;
        DnsQuestion q = it->second.front();
        it->second.pop_front();
        if (timeout) break;
        const auto parts = split_commas(e.text.substr(colon + 2));
        int rcode = 0;
        if (parts[0] == "NXDOMAIN") rcode = 3;
        else if (parts[0] == "SERVFAIL") rcode = 2;
        std::vector<std::pair<int, std::string>> mx;
        std::vector<std::uint32_t> a;
        for (std::size_t i = 1; i < parts.size(); ++i) {
          const std::string& p = parts[i];
          if (p.rfind("MX ", 0) == 0) {
            const std::size_t s2 = p.find(' ', 3);
            if (s2 != std::string::npos) mx.emplace_back(std::atoi(p.c_str() + 3), p.substr(s2 + 1));
          } else if (p.rfind("A ", 0) == 0) {
            in_addr addr{};
            if (inet_pton(AF_INET, p.c_str() + 2, &addr) == 1) a.push_back(ntohl(addr.s_addr));
          }
        }
        w.ip_frame(e.time, w.address(server), w.address(asker), 17, udp(53, q.port, dns_message(q, true, rcode, mx, a)));
        break;
      }
      default:
        break;
    }
  }
  wire.before(std::numeric_limits<SimTime>::max(), on_wire);
  return std::move(w.out());
}

bool write_pcap(const Trace& trace, const ExportOptions& options, const std::string& path, std::string& error) {
  return write_file(path, pcap_bytes(trace, options), error);
}

}  // namespace mailsim
