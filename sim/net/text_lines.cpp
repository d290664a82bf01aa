#include "net/text_lines.hpp"

namespace mailsim {

void append_dot_stuffed(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size() + 16);
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t lf = text.find('\n', start);
    const std::size_t end = lf == std::string_view::npos ? text.size() : lf;
    const std::size_t content_end = end > start && text[end - 1] == '\r' ? end - 1 : end;
    if (content_end > start && text[start] == '.') out += '.';
    out.append(text, start, content_end - start);
    out += "\r\n";
    start = lf == std::string_view::npos ? text.size() : lf + 1;
  }
}

}  // namespace mailsim
