// Theory of operation: the ledger of one run's messages.
//
// Every message the simulation creates gets a number, M1, M2, ..., from the ledger: a
// message an MUA submits, a DSN, a vacation reply, or one a node accepts that nobody had
// numbered (a raw or a real client). The number travels with the bytes explicitly: a host
// that opens a client connection records in the ledger which messages that connection
// carries, one per mail transaction in order (carry), and the host that accepts the
// transaction asks the ledger which message it is (carried_message), so both ends name it
// M<n>. The ledger also records where each recipient of each message stands (queued,
// delivered, bounced): the queue manager names a list's member once per message by it, and
// a test checks the run's message balance, read from the trace, against it
// (world/balance.hpp: balance_from_queues).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mailsim {

// Where one recipient of one message stands.
enum class RecipientFate : std::uint8_t { Queued, Delivered, Bounced };

class MessageLedger {
 public:
  // A new message number.
  std::uint32_t new_message_id() { return ++last_message_; }
  std::uint32_t message_count() const { return last_message_; }

  // Client connection `conn` carries `messages`, one per mail transaction in order.
  void carry(std::uint32_t conn, std::vector<std::uint32_t> messages) { carried_[conn] = std::move(messages); }
  // The message of the transaction-th mail transaction on connection `conn`; 0 if nobody
  // numbered it.
  std::uint32_t carried_message(std::uint32_t conn, std::size_t transaction) const;

  void set_fate(std::uint32_t message, const std::string& rcpt, RecipientFate fate);
  bool has_fate(std::uint32_t message, const std::string& rcpt) const;
  // Calls fn(message, rcpt, fate) for every recipient of every message, by message id.
  template <typename Fn>
  void for_each_fate(Fn&& fn) const {
    for (std::uint32_t m = 0; m < fates_.size(); ++m)
      for (const auto& [rcpt, fate] : fates_[m]) fn(m, rcpt, fate);
  }

 private:
  std::uint32_t last_message_ = 0;
  std::map<std::uint32_t, std::vector<std::uint32_t>> carried_;
  // By message id: each recipient (its address) and where it stands. Ids are dense, a message
  // has few recipients.
  std::vector<std::vector<std::pair<std::string, RecipientFate>>> fates_;
};

}  // namespace mailsim
