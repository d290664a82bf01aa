#include "mail/ledger.hpp"

namespace mailsim {

std::uint32_t MessageLedger::carried_message(std::uint32_t conn, std::size_t transaction) const {
  auto it = carried_.find(conn);
  if (it == carried_.end() || transaction >= it->second.size()) return 0;
  return it->second[transaction];
}

void MessageLedger::set_fate(std::uint32_t message, const std::string& rcpt, RecipientFate fate) {
  if (message >= fates_.size()) fates_.resize(message + 1);
  auto& rcpts = fates_[message];
  for (auto& [key, known] : rcpts)
    if (key == rcpt) {
      known = fate;
      return;
    }
  rcpts.emplace_back(rcpt, fate);
}

bool MessageLedger::has_fate(std::uint32_t message, const std::string& rcpt) const {
  if (message >= fates_.size()) return false;
  for (const auto& [key, fate] : fates_[message])
    if (key == rcpt) return true;
  return false;
}

}  // namespace mailsim
