// Fuzz target message: the RFC 5322 / MIME parser reads any bytes a message file or a
// DATA transaction can hold, then everything `mailsim message` and the window do with the
// result: the summary, its JSON form (which must be valid UTF-8, never a throw), the text
// form, every leaf decoded, the 8-bit to 7-bit downgrade and message/partial splitting.
// Properties: the summary has a row per entity, the downgraded message is 7-bit, and a
// message cut into message/partial pieces is reassembled to the same bytes.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "message/downgrade.hpp"
#include "message/inspect.hpp"
#include "message/mime.hpp"
#include "message/partial.hpp"

using namespace mailsim::message;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  Limits limits;
  limits.max_parts = 200;  // the default 10000 is slow to reach, not different
  const Message m = Message::parse(bytes, limits);
  const MessageSummary summary = summarize(m);
  if (summary.parts.size() != m.entities().size()) __builtin_trap();
  (void)to_json(summary).dump(2);  // throws (uncaught: a finding) on invalid UTF-8
  (void)to_text(summary);
  for (const Entity* e : m.entities()) {
    std::string problem;
    (void)decoded_content(*e, &problem);
    (void)decoded_text(*e, &problem);
  }
  const DowngradeResult down = downgrade_8bit_to_7bit(bytes);
  const bool seven_bit = std::none_of(down.message.begin(), down.message.end(),
                                      [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (!down.header_has_8bit && !seven_bit) __builtin_trap();
  const PartialSplit split = split_message_partial(down.message, 512, "fuzz@example.org");
  if (split.error.empty() && !reassemble_message_partial(split.pieces).ok()) __builtin_trap();
  return 0;
}
