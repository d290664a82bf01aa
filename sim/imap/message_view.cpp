#include "imap/message_view.hpp"

#include <cstdint>

#include "message/text_util.hpp"

namespace mailsim::imap {

using message::iequals;
using message::to_lower;
using message::trim;

namespace {

constexpr int kMaxDepth = 16;

// Offset just past the blank line ending the header block starting at `from` (or `to`).
std::size_t header_end(std::string_view data, std::size_t from, std::size_t to) {
  if (from < to && data[from] == '\n') return from + 1;  // empty header, bare LF
  if (to - from >= 2 && data.substr(from, 2) == "\r\n") return from + 2;  // empty header
  for (std::size_t pos = from; pos < to;) {
    const auto lf = data.find('\n', pos);
    if (lf == std::string_view::npos || lf >= to) return to;
    const std::size_t next = lf + 1;
    if (next < to && data[next] == '\n') return next + 1;
    if (next + 1 < to && data[next] == '\r' && data[next + 1] == '\n') return next + 2;
    pos = next;
  }
  return to;
}

void parse_part(std::string_view data, Part& p, bool digest_child, int depth);

void split_multipart(std::string_view data, Part& p, int depth) {
  const auto boundary = p.param("boundary");
  if (!boundary || boundary->empty()) return;
  const std::string delim = "--" + *boundary;
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // part content [begin, end)
  std::size_t content_start = std::string_view::npos;
  std::size_t pos = p.body_begin;
  while (pos < p.end) {
    const auto lf = data.find('\n', pos);
    const std::size_t line_end = (lf == std::string_view::npos || lf >= p.end) ? p.end : lf + 1;
    std::string_view line = data.substr(pos, line_end - pos);
    if (line.substr(0, delim.size()) == delim) {
      const std::string_view after = trim(line.substr(delim.size()));
      const bool close = after.substr(0, 2) == "--";
      if (after.empty() || close) {
        if (content_start != std::string_view::npos) {
          // The CRLF before the delimiter belongs to the delimiter (RFC 2046 §5.1.1).
          std::size_t e = pos;
          if (e > content_start && data[e - 1] == '\n') --e;
          if (e > content_start && data[e - 1] == '\r') --e;
          spans.emplace_back(content_start, std::max(e, content_start));
        }
        content_start = line_end;
        if (close) break;
      }
    }
    pos = line_end;
  }
  const bool digest = p.subtype == "digest";
  for (auto [b, e] : spans) {
    Part child;
    child.begin = b;
    child.end = e;
    parse_part(data, child, digest, depth + 1);
    p.children.push_back(std::move(child));
  }
}

void parse_part(std::string_view data, Part& p, bool digest_child, int depth) {
  p.body_begin = header_end(data, p.begin, p.end);
  p.fields = parse_fields(data.substr(p.begin, p.body_begin - p.begin));
  if (digest_child) p.type = "message", p.subtype = "rfc822";
  if (auto ct = p.field("Content-Type")) {
    std::string type, subtype;
    parse_content_type(*ct, type, subtype, p.params);
    if (!type.empty() && !subtype.empty()) p.type = type, p.subtype = subtype;
  }
  if (p.type == "text" && !p.param("charset")) p.params.emplace_back("charset", "us-ascii");
  if (depth >= kMaxDepth) return;
  if (p.is_multipart()) {
    split_multipart(data, p, depth);
  } else if (p.is_message()) {
    Part inner;
    inner.begin = p.body_begin;
    inner.end = p.end;
    parse_part(data, inner, false, depth + 1);
    p.children.push_back(std::move(inner));
  }
}

}  // namespace

std::vector<HeaderField> parse_fields(std::string_view header) {
  std::vector<HeaderField> fields;
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto lf = header.find('\n', pos);
    std::string_view line = header.substr(pos, lf == std::string_view::npos ? std::string_view::npos : lf - pos);
    pos = lf == std::string_view::npos ? header.size() : lf + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if (message::is_wsp(line.front())) {
      if (!fields.empty()) fields.back().value += std::string(line);
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // not a field: ignored
    fields.push_back({std::string(trim(line.substr(0, colon))), std::string(line.substr(colon + 1))});
  }
  for (auto& f : fields) f.value = std::string(trim(f.value));
  return fields;
}

void parse_content_type(std::string_view value, std::string& type, std::string& subtype,
                        std::vector<std::pair<std::string, std::string>>& params) {
  auto semi = value.find(';');
  const std::string_view media = trim(value.substr(0, semi));
  const auto slash = media.find('/');
  if (slash != std::string_view::npos) {
    type = to_lower(trim(media.substr(0, slash)));
    subtype = to_lower(trim(media.substr(slash + 1)));
  }
  while (semi != std::string_view::npos) {
    std::size_t pos = semi + 1;
    while (pos < value.size() && message::is_wsp(value[pos])) ++pos;
    const auto eq = value.find('=', pos);
    if (eq == std::string_view::npos) break;
    std::string name = to_lower(trim(value.substr(pos, eq - pos)));
    std::size_t v = eq + 1;
    while (v < value.size() && message::is_wsp(value[v])) ++v;
    std::string val;
    if (v < value.size() && value[v] == '"') {
      for (++v; v < value.size() && value[v] != '"'; ++v) {
        if (value[v] == '\\' && v + 1 < value.size()) ++v;
        val.push_back(value[v]);
      }
      semi = value.find(';', v);
    } else {
      semi = value.find(';', v);
      val = std::string(trim(value.substr(v, semi == std::string_view::npos ? std::string_view::npos : semi - v)));
    }
    if (!name.empty()) params.emplace_back(std::move(name), std::move(val));
  }
}

std::optional<std::string> Part::field(std::string_view name) const {
  for (const auto& f : fields)
    if (iequals(f.name, name)) return f.value;
  return std::nullopt;
}

std::vector<std::string> Part::all_fields(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& f : fields)
    if (iequals(f.name, name)) out.push_back(f.value);
  return out;
}

std::optional<std::string> Part::param(std::string_view name) const {
  for (const auto& [n, v] : params)
    if (iequals(n, name)) return v;
  return std::nullopt;
}

MessageView::MessageView(std::string_view data) : data_(data) {
  root_.begin = 0;
  root_.end = data.size();
  parse_part(data, root_, false, 0);
}

const Part* MessageView::part(const std::vector<std::uint32_t>& path) const {
  const Part* cur = &root_;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const Part* ctx = cur;  // the entity whose body the number indexes
    if (i > 0 && cur->is_message()) {
      if (cur->children.empty()) return nullptr;
      ctx = &cur->children.front();
    }
    if (ctx->is_multipart()) {
      if (path[i] == 0 || path[i] > ctx->children.size()) return nullptr;
      cur = &ctx->children[path[i] - 1];
    } else if (path[i] == 1) {
      cur = ctx;  // a single-part body has only part 1: itself
    } else {
      return nullptr;
    }
  }
  return cur;
}

}  // namespace mailsim::imap
