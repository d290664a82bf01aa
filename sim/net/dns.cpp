#include "net/dns.hpp"

#include <algorithm>

#include "core/ascii.hpp"

namespace mailsim {

namespace {
std::string lower(std::string s) {
  for (char& ch : s) ch = ascii::lower(ch);
  if (!s.empty() && s.back() == '.') s.pop_back();  // "jussieu.fr." == "jussieu.fr"
  return s;
}
}  // namespace

std::string_view dns_status_name(DnsStatus s) {
  static constexpr std::string_view names[] = {"NOERROR", "NODATA", "NXDOMAIN", "SERVFAIL", "TIMEOUT"};
  return names[static_cast<int>(s)];
}

Dns::Dns(Kernel& kernel, Trace& trace) : kernel_(kernel), trace_(trace), server_ref_(trace.intern("dns")) {}

void Dns::add_a(const std::string& name, const std::string& address) { a_[lower(name)].push_back(address); }

void Dns::add_mx(const std::string& domain, int preference, const std::string& exchange) {
  mx_[lower(domain)].push_back(MxRecord{preference, lower(exchange)});
}

void Dns::remove_mx(const std::string& domain) { mx_.erase(lower(domain)); }

void Dns::set_fault(const std::string& name, DnsFault fault) { faults_[lower(name)] = fault; }

bool Dns::name_exists(const std::string& name) const { return mx_.count(name) != 0 || a_.count(name) != 0; }

DnsAnswer Dns::lookup(Type type, const std::string& name) const {
  DnsAnswer answer;
  if (!name_exists(name)) {
    answer.status = DnsStatus::NxDomain;
    return answer;
  }
  if (type == Type::MX) {
    auto it = mx_.find(name);
    if (it != mx_.end()) answer.mx = it->second;
  } else {
    auto it = a_.find(name);
    if (it != a_.end()) answer.addresses = it->second;
  }
  answer.status = answer.mx.empty() && answer.addresses.empty() ? DnsStatus::NoData : DnsStatus::NoError;
  return answer;
}

void Dns::query_mx(HostRef asker, const std::string& domain, Callback done) {
  query(asker, Type::MX, lower(domain), std::move(done));
}

void Dns::query_a(HostRef asker, const std::string& name, Callback done) {
  query(asker, Type::A, lower(name), std::move(done));
}

void Dns::query(HostRef asker, Type type, const std::string& name, Callback done) {
  const char* type_name = type == Type::MX ? "MX" : "A";
  TraceEvent q;
  q.time = kernel_.now();
  q.kind = TraceKind::DnsQuery;
  q.proto = Protocol::Dns;
  q.host = asker;
  q.peer = server_ref_;
  q.port = 53;
  trace_.append(q, std::string(type_name) + " " + name + "?");

  auto fault = faults_.find(name);
  DnsAnswer answer;
  SimTime delay = round_trip_;
  if (fault != faults_.end() && fault->second != DnsFault::None) {
    switch (fault->second) {
      case DnsFault::NxDomain: answer.status = DnsStatus::NxDomain; break;
      case DnsFault::ServFail: answer.status = DnsStatus::ServFail; break;
      default: answer.status = DnsStatus::Timeout; delay = timeout_; break;
    }
  } else {
    answer = lookup(type, name);
  }
  kernel_.schedule_in(delay, [this, asker, type_name, name, answer = std::move(answer), done = std::move(done)] {
    TraceEvent a;
    a.time = kernel_.now();
    a.kind = TraceKind::DnsAnswer;
    a.proto = Protocol::Dns;
    a.host = server_ref_;
    a.peer = asker;
    a.port = 53;
    std::string text = std::string(type_name) + " " + name + ": " + std::string(dns_status_name(answer.status));
    for (const auto& mx : answer.mx) text += ", MX " + std::to_string(mx.preference) + " " + mx.exchange;
    for (const auto& address : answer.addresses) text += ", A " + address;
    if (answer.status == DnsStatus::Timeout) {
      a.host = asker;  // nobody answered: the resolver itself gives up
      a.peer = server_ref_;
      text = std::string(type_name) + " " + name + ": no answer (timeout)";
    }
    trace_.append(a, text);
    done(answer);
  });
}

}  // namespace mailsim
