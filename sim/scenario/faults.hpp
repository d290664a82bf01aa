// Theory of operation: the fault vocabulary, one table for a scenario's "faults" and for
// the changes a lesson's "try it" step makes.
//
// A scenario writes a fault {"type": "host_down", "host": HOST, "from": "10s"}; a lesson
// writes the same fault as a change {host_down: HOST, from: 10s}, named by the change and
// with what fails as its value. Both readers take the kind from kFaultKinds and its
// members from read_fault(), through FaultFields: the scenario loader's reports an error at
// its file:line:col, the lesson's in the words of the change. So the two know the same
// faults, with the same members, defaults and checks.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "scenario/scenario.hpp"

namespace mailsim {

struct FaultKind {
  FaultSpec::Kind kind;
  const char* type;    // in a scenario: {"type": TYPE, ...}
  const char* change;  // in a lesson: {CHANGE: what fails, ...}
  const char* target;  // in a scenario, the member naming what fails
  bool dns;            // what fails is a DNS name (else a host of the scenario)
};

const FaultKind* fault_kind_by_type(std::string_view type);
const FaultKind* fault_kind_by_change(std::string_view change);
// "host_down, port_closed, dns, drop_during_data" (types) or the changes' names, for messages.
std::string fault_names(bool changes);

// Where a fault's members come from; each reader reports errors in its own way.
class FaultFields {
 public:
  virtual ~FaultFields() = default;
  virtual std::optional<std::string> text(const char* member, bool required) = 0;
  virtual std::optional<std::int64_t> integer(const char* member, std::int64_t min, std::int64_t max, bool required) = 0;
  virtual std::optional<SimTime> duration(const char* member) = 0;
  // Whether the scenario has a host of that name; if not, an error about `member`.
  virtual bool known_host(const std::string& name, const char* member) = 0;
  virtual void error(const char* member, const std::string& why) = 0;
};

// Reads a fault of `kind` into `f`: what fails from the member `target` (kind.target in a
// scenario, the change's name in a lesson), then the members of its kind.
void read_fault(const FaultKind& kind, const char* target, FaultFields& fields, FaultSpec& f);

}  // namespace mailsim
