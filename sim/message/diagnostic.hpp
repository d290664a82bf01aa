// Diagnostics: what a lenient parser noticed, and where. Parsers of this module never
// throw on bad input; they append Diagnostics and carry on as real mail readers do.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace mailsim::message {

enum class Severity { note, warning, error };

struct Diagnostic {
  Severity severity = Severity::warning;
  std::string where;  // part path ("1.2", "" for the top level) and/or "line N"
  std::string what;   // a sentence for a human, with the RFC section when one applies
};

// Appends up to a cap (Limits::max_diagnostics) and counts the rest, so a hostile input
// with a million bad lines cannot make the list grow without bound.
class Diagnostics {
 public:
  explicit Diagnostics(std::size_t cap = 200) : cap_(cap) {}
  void add(Severity severity, std::string where, std::string what);
  const std::vector<Diagnostic>& items() const { return items_; }
  std::size_t dropped() const { return dropped_; }
  bool empty() const { return items_.empty(); }

 private:
  std::size_t cap_;
  std::size_t dropped_ = 0;
  std::vector<Diagnostic> items_;
};

const char* severity_name(Severity severity);

}  // namespace mailsim::message
