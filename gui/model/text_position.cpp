#include "model/text_position.hpp"

#include <charconv>

namespace mailsim::gui {
namespace {

// The number after the last ':' of `head` ("file:12" -> 12), which it then drops; nullopt,
// with `head` as it was, when what follows the last ':' is not a number.
std::optional<int> take_number(std::string_view& head) {
  const std::size_t colon = head.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == head.size()) return std::nullopt;
  int n = 0;
  const char* first = head.data() + colon + 1;
  const char* last = head.data() + head.size();
  const auto [end, ec] = std::from_chars(first, last, n);
  if (ec != std::errc() || end != last) return std::nullopt;
  head = head.substr(0, colon);
  return n;
}

}  // namespace

std::optional<TextPosition> error_position(std::string_view error) {
  const std::size_t message = error.find(": ");
  if (message == std::string_view::npos) return std::nullopt;
  std::string_view head = error.substr(0, message);
  const auto last = take_number(head);
  const auto first = take_number(head);
  if (!last || *last < 1 || (first && *first < 1) || head.empty()) return std::nullopt;  // lines and columns count from 1
  return first ? TextPosition{*first, *last} : TextPosition{*last, 1};
}

std::size_t byte_offset(std::string_view text, TextPosition at) {
  std::size_t i = 0;
  for (int line = 1; line < at.line && i < text.size(); ++i)
    if (text[i] == '\n') ++line;
  for (int col = 1; col < at.col && i < text.size() && text[i] != '\n'; ++col) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;  // UTF-8 continuation
  }
  return i;
}

}  // namespace mailsim::gui
