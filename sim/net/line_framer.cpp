#include "net/line_framer.hpp"

#include <algorithm>

namespace mailsim {

void LineFramer::feed(std::string_view bytes) {
  pos_ = 0;
  carried_ = buffer_.size();
  if (buffer_.empty()) {
    bytes_ = bytes;  // read in place
    return;
  }
  buffer_.append(bytes);
  bytes_ = buffer_;
}

std::optional<LineFramer::Line> LineFramer::next(std::size_t limit) {
  for (;;) {
    const std::size_t lf = bytes_.find('\n', pos_);
    if (lf == std::string_view::npos) {
      if (dropping_) {
        pos_ = bytes_.size();
        return std::nullopt;
      }
      if (pending() <= limit) return std::nullopt;
      // No end of line within the limit: out once now, the rest dropped as it comes.
      Line line{bytes_.substr(pos_), true, pos_ < carried_, pos_ < carried_ ? 0 : pos_ - carried_};
      dropping_ = true;
      pos_ = bytes_.size();
      return line;
    }
    const std::size_t start = pos_;
    pos_ = lf + 1;
    if (dropping_) {  // the tail of a line already given out as too long
      dropping_ = false;
      continue;
    }
    Line line{bytes_.substr(start, lf - start), false, start < carried_, start < carried_ ? 0 : start - carried_};
    if (!line.text.empty() && line.text.back() == '\r') line.text.remove_suffix(1);
    line.too_long = limit != kNoLimit && line.text.size() + 2 > limit;
    return line;
  }
}

std::string_view LineFramer::take(std::uint64_t n) {
  const std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(n, pending()));
  const std::string_view out = bytes_.substr(pos_, k);
  pos_ += k;
  return out;
}

void LineFramer::keep_rest() {
  if (carried_ > 0) buffer_.erase(0, pos_);  // bytes_ is buffer_
  else buffer_.assign(bytes_.substr(pos_));
  bytes_ = buffer_;
  pos_ = 0;
  carried_ = buffer_.size();
}

void LineFramer::clear() {
  buffer_.clear();
  bytes_ = {};
  pos_ = 0;
  carried_ = 0;
  dropping_ = false;
}

}  // namespace mailsim
