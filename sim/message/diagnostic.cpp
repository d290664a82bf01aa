// Diagnostics list with a cap (see diagnostic.hpp).
#include "message/diagnostic.hpp"

namespace mailsim::message {

void Diagnostics::add(Severity severity, std::string where, std::string what) {
  if (items_.size() >= cap_) {
    ++dropped_;
    return;
  }
  items_.push_back({severity, std::move(where), std::move(what)});
}

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "?";
}

}  // namespace mailsim::message
