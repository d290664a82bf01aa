#include "imap/framing.hpp"

#include <algorithm>

namespace mailsim::imap {

void LiteralFramer::feed(std::string_view bytes) {
  input_.erase(0, pos_);
  pos_ = 0;
  input_.append(bytes);
}

std::optional<std::string_view> LiteralFramer::next_line(std::string& assembled) {
  if (literal_left_ > 0) {
    const std::size_t take = std::min(literal_left_, input_.size() - pos_);
    assembled.append(input_, pos_, take);
    pos_ += take;
    literal_left_ -= take;
    if (literal_left_ > 0) return std::nullopt;
  }
  const std::size_t lf = input_.find('\n', pos_);
  if (lf == std::string::npos) return std::nullopt;
  std::string_view line(input_.data() + pos_, lf - pos_);
  pos_ = lf + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

void LiteralFramer::discard() {
  input_.clear();
  pos_ = 0;
}

}  // namespace mailsim::imap
