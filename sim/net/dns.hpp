// Theory of operation: the mock DNS.
//
// Zones hold MX records (with preferences) and A records; names compare without case.
// A query is asynchronous: it is traced when asked, and its answer (records, NOERROR with
// no data, NXDOMAIN, SERVFAIL) is traced and handed to the callback after the resolver's
// round trip. A "timeout" fault makes the answer never come: the callback gets Timeout
// after the resolver's timeout. Faults are per name, so a lesson can break one record.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/kernel.hpp"
#include "core/trace.hpp"

namespace mailsim {

struct MxRecord {
  int preference = 0;
  std::string exchange;
};

enum class DnsStatus { NoError, NoData, NxDomain, ServFail, Timeout };
std::string_view dns_status_name(DnsStatus s);

enum class DnsFault { None, NxDomain, ServFail, Timeout };

struct DnsAnswer {
  DnsStatus status = DnsStatus::NoError;
  std::vector<MxRecord> mx;            // for MX queries, as stored (the caller sorts)
  std::vector<std::string> addresses;  // for A queries
};

class Dns {
 public:
  Dns(Kernel& kernel, Trace& trace);

  void add_a(const std::string& name, const std::string& address);
  void add_mx(const std::string& domain, int preference, const std::string& exchange);
  void remove_mx(const std::string& domain);
  void set_fault(const std::string& name, DnsFault fault);
  void set_round_trip(SimTime t) { round_trip_ = t; }
  void set_timeout(SimTime t) { timeout_ = t; }

  using Callback = std::function<void(const DnsAnswer&)>;
  void query_mx(HostRef asker, const std::string& domain, Callback done);
  void query_a(HostRef asker, const std::string& name, Callback done);

  // Zone contents, for inspectors (lower-case names).
  const std::map<std::string, std::vector<MxRecord>>& mx_records() const { return mx_; }
  const std::map<std::string, std::vector<std::string>>& a_records() const { return a_; }
  HostRef server_ref() const { return server_ref_; }

 private:
  enum class Type { A, MX };
  void query(HostRef asker, Type type, const std::string& name, Callback done);
  DnsAnswer lookup(Type type, const std::string& name) const;
  bool name_exists(const std::string& name) const;

  Kernel& kernel_;
  Trace& trace_;
  HostRef server_ref_;
  std::map<std::string, std::vector<MxRecord>> mx_;
  std::map<std::string, std::vector<std::string>> a_;
  std::map<std::string, DnsFault> faults_;
  SimTime round_trip_ = 2 * kMillisecond;
  SimTime timeout_ = 5 * kSecond;
};

}  // namespace mailsim
