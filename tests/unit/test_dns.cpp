// The mock DNS: MX and A answers, NODATA, NXDOMAIN, faults; every query traced.
#include <doctest/doctest.h>

#include "net/dns.hpp"

using namespace mailsim;

namespace {
struct DnsFixture {
  Kernel kernel;
  Trace trace;
  Dns dns{kernel, trace};
  HostRef asker = trace.intern("client.example");
  DnsAnswer ask_mx(const std::string& name) {
    DnsAnswer got;
    got.status = DnsStatus::Timeout;
    bool answered = false;
    dns.query_mx(asker, name, [&](const DnsAnswer& a) {
      got = a;
      answered = true;
    });
    kernel.run();
    REQUIRE(answered);
    return got;
  }
};
}  // namespace

TEST_CASE("dns answers MX records with their preferences, names without case") {
  DnsFixture f;
  f.dns.add_mx("jussieu.fr", 10, "shiva.jussieu.fr");
  f.dns.add_mx("jussieu.fr", 20, "soleil.uvsq.fr");
  const DnsAnswer a = f.ask_mx("JUSSIEU.FR.");
  CHECK(a.status == DnsStatus::NoError);
  REQUIRE(a.mx.size() == 2);
  CHECK(a.mx[0].preference == 10);
  CHECK(a.mx[1].exchange == "soleil.uvsq.fr");
  // Query and answer are both in the trace, the answer one round trip later.
  REQUIRE(f.trace.size() == 2);
  CHECK(f.trace[0].kind == TraceKind::DnsQuery);
  CHECK(f.trace[1].kind == TraceKind::DnsAnswer);
  CHECK(f.trace[1].time - f.trace[0].time == 2 * kMillisecond);
  CHECK(f.trace[1].text.find("MX 20 soleil.uvsq.fr") != std::string::npos);
}

TEST_CASE("dns distinguishes NODATA from NXDOMAIN") {
  DnsFixture f;
  f.dns.add_a("artemis.ibp.fr", "192.0.2.20");
  CHECK(f.ask_mx("artemis.ibp.fr").status == DnsStatus::NoData);
  CHECK(f.ask_mx("nowhere.example").status == DnsStatus::NxDomain);
}

TEST_CASE("dns faults: SERVFAIL at once, timeout after the resolver's timeout") {
  DnsFixture f;
  f.dns.add_mx("jussieu.fr", 10, "shiva.jussieu.fr");
  f.dns.set_fault("jussieu.fr", DnsFault::ServFail);
  CHECK(f.ask_mx("jussieu.fr").status == DnsStatus::ServFail);
  f.dns.set_fault("jussieu.fr", DnsFault::Timeout);
  const SimTime before = f.kernel.now();
  CHECK(f.ask_mx("jussieu.fr").status == DnsStatus::Timeout);
  CHECK(f.kernel.now() - before == 5 * kSecond);
  f.dns.set_fault("jussieu.fr", DnsFault::None);
  CHECK(f.ask_mx("jussieu.fr").status == DnsStatus::NoError);
}
