// message/partial (RFC 2046 §5.2.2): a message too big for some hop is sent as several
// messages, each carrying a piece of the original, and put back together by the reader.
//   split: cuts the whole original message at line ends (rule 1 of §5.2.2.1) into pieces
//          of at most `max_piece_octets`, each wrapped in a message with Content-Type
//          message/partial; id=...; number=i; total=n. The original must be 7bit data
//          (partial entities are always 7bit): downgrade it first if needed.
//   reassemble: checks ids and numbers, joins the pieces, and merges headers as §5.2.2.1
//          says: the outer fields of piece 1 except Content-*, Subject, Message-ID,
//          Encrypted and MIME-Version, then those fields from the inner message.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::message {

struct PartialSplit {
  std::vector<std::string> pieces;
  std::string error;  // when the message cannot be split (8-bit data, bad arguments)
};
// `id` is the value of the id parameter (a message-id without brackets is usual).
PartialSplit split_message_partial(std::string_view message, std::size_t max_piece_octets, std::string_view id);

struct PartialReassembly {
  std::string message;
  std::string error;  // missing or repeated pieces, different ids, not message/partial
  bool ok() const { return error.empty(); }
};
// The pieces may come in any order.
PartialReassembly reassemble_message_partial(const std::vector<std::string>& pieces);

}  // namespace mailsim::message
