#include "scenario/faults.hpp"

#include "core/ascii.hpp"

namespace mailsim {

namespace {

constexpr FaultKind kFaultKinds[] = {
    {FaultSpec::Kind::HostDown, "host_down", "host_down", "host", false},
    {FaultSpec::Kind::PortClosed, "port_closed", "port_closed", "host", false},
    {FaultSpec::Kind::DnsFault, "dns", "dns_fault", "name", true},
    {FaultSpec::Kind::DropDuringData, "drop_during_data", "drop_during_data", "host", false},
};

}  // namespace

const FaultKind* fault_kind_by_type(std::string_view type) {
  for (const FaultKind& k : kFaultKinds)
    if (type == k.type) return &k;
  return nullptr;
}

const FaultKind* fault_kind_by_change(std::string_view change) {
  for (const FaultKind& k : kFaultKinds)
    if (change == k.change) return &k;
  return nullptr;
}

std::string fault_names(bool changes) {
  std::string out;
  for (const FaultKind& k : kFaultKinds) (out += out.empty() ? "" : ", ") += changes ? k.change : k.type;
  return out;
}

void read_fault(const FaultKind& kind, const char* target, FaultFields& in, FaultSpec& f) {
  f.kind = kind.kind;
  f.target = ascii::to_lower(in.text(target, true).value_or(""));
  if (!f.target.empty() && !kind.dns) in.known_host(f.target, target);
  f.from = in.duration("from").value_or(0);
  f.until = in.duration("until");
  if (f.until && *f.until < f.from) in.error("until", "\"until\" comes before \"from\"");
  switch (kind.kind) {
    case FaultSpec::Kind::HostDown:
      break;
    case FaultSpec::Kind::PortClosed:
      f.port = static_cast<std::uint16_t>(in.integer("port", 1, 65535, true).value_or(25));
      break;
    case FaultSpec::Kind::DnsFault:
      f.dns_fault = in.text("fault", true).value_or("");
      if (!f.dns_fault.empty() && f.dns_fault != "nxdomain" && f.dns_fault != "servfail" && f.dns_fault != "timeout")
        in.error("fault", "a DNS fault is \"nxdomain\", \"servfail\" or \"timeout\"");
      break;
    case FaultSpec::Kind::DropDuringData:
      f.times = static_cast<int>(in.integer("times", 1, 1000000, false).value_or(1));
      break;
  }
}

}  // namespace mailsim
