// Header section reader and folder (see header.hpp). The reader walks the text line by
// line once; a field's value is collected from its first line and its continuation
// lines, each continuation's line break removed (unfolding).
#include "message/header.hpp"

#include <utility>

#include "message/text_util.hpp"

namespace mailsim::message {

namespace {

bool is_field_name(std::string_view name) {
  if (name.empty()) return false;
  for (const unsigned char c : name)
    if (c < 33 || c > 126 || c == ':') return false;
  return true;
}

}  // namespace

std::string location(std::string_view part_path, std::size_t line) {
  std::string where = part_path.empty() ? "" : "part " + std::string(part_path);
  if (line > 0) where += (where.empty() ? "line " : ", line ") + std::to_string(line);
  return where;
}

const HeaderField* HeaderSection::find(std::string_view name) const {
  for (const auto& f : fields)
    if (iequals(f.name, name)) return &f;
  return nullptr;
}

std::vector<const HeaderField*> HeaderSection::find_all(std::string_view name) const {
  std::vector<const HeaderField*> found;
  for (const auto& f : fields)
    if (iequals(f.name, name)) found.push_back(&f);
  return found;
}

HeaderSection parse_header_section(std::string_view text, Diagnostics& diagnostics, std::string_view where,
                                   std::size_t first_line, const Limits& limits) {
  HeaderSection section;
  std::size_t pos = 0, line_number = first_line;
  bool too_many_reported = false;
  const auto finish = [&](std::size_t header_size, std::size_t body_offset) {
    for (auto& field : section.fields) field.value = std::string(trim(field.value));
    section.header_size = header_size;
    section.body_offset = body_offset;
    return std::move(section);
  };
  if (text.substr(0, 5) == "From ") {  // mbox separator line, not part of the message
    const std::size_t nl = text.find('\n');
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_number;
    diagnostics.add(Severity::note, location(where, first_line), "skipped an mbox \"From \" separator line");
  }
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view line = text.substr(pos, (nl == std::string_view::npos ? text.size() : nl) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {  // the empty line: the header ends, the body follows
      return finish(pos, next);
    }
    if (line.size() > limits.max_line_octets)
      diagnostics.add(Severity::warning, location(where, line_number),
                      "header line of " + std::to_string(line.size()) + " octets, more than " +
                          std::to_string(limits.max_line_octets) + " (RFC 5322 §2.1.1)");
    if (is_wsp(line.front())) {
      if (section.fields.empty()) {
        diagnostics.add(Severity::warning, location(where, line_number),
                        "continuation line before any header field was ignored (RFC 5322 §2.2.3)");
      } else {
        HeaderField& field = section.fields.back();
        field.value += line;  // the line break is dropped, the leading whitespace stays
        field.raw_size = next - field.raw_offset;
      }
    } else {
      const std::size_t colon = line.find(':');
      const std::string_view name = colon == std::string_view::npos ? std::string_view{} : trim(line.substr(0, colon));
      if (!is_field_name(name)) {
        diagnostics.add(Severity::warning, location(where, line_number),
                        "this line is not a header field, so the header ends here without the empty line that "
                        "should separate it from the body (RFC 5322 §2.1)");
        return finish(pos, pos);
      }
      if (colon > 0 && is_wsp(line[colon - 1]))
        diagnostics.add(Severity::note, location(where, line_number),
                        "whitespace before the colon of '" + std::string(name) + "' is obsolete syntax (RFC 5322 §4.5)");
      if (section.fields.size() >= limits.max_header_fields) {
        if (!too_many_reported)
          diagnostics.add(Severity::error, location(where, line_number),
                          "more than " + std::to_string(limits.max_header_fields) + " header fields; the rest are ignored");
        too_many_reported = true;
      } else {
        section.fields.push_back({std::string(name), std::string(line.substr(colon + 1)), line_number, pos, next - pos});
      }
    }
    pos = next;
    ++line_number;
  }
  return finish(text.size(), text.size());
}

std::string fold_header_field(std::string_view name, std::string_view value, std::size_t width) {
  std::string out(name);
  out += ':';
  std::size_t line_length = out.size();
  std::size_t i = 0;
  while (i < value.size()) {
    // Next word with the blanks before it.
    std::size_t start = i;
    while (i < value.size() && is_wsp(value[i])) ++i;
    while (i < value.size() && !is_wsp(value[i])) ++i;
    std::string_view word = value.substr(start, i - start);
    const bool leading_blank = !word.empty() && is_wsp(word.front());
    if (start == 0 && !leading_blank) {
      out += ' ';
      ++line_length;
    } else if (line_length + word.size() > width && line_length > name.size() + 2 && leading_blank) {
      out += "\r\n";  // fold: the blank starts the continuation line
      line_length = 0;
    }
    out += word;
    line_length += word.size();
  }
  out += "\r\n";
  return out;
}

std::string unfold(std::string_view folded) {
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const bool crlf_fold = folded[i] == '\r' && i + 2 < folded.size() && folded[i + 1] == '\n' && is_wsp(folded[i + 2]);
    const bool lf_fold = folded[i] == '\n' && i + 1 < folded.size() && is_wsp(folded[i + 1]);
    if (crlf_fold) ++i;
    if (crlf_fold || lf_fold) continue;
    out += folded[i];
  }
  return out;
}

}  // namespace mailsim::message
