#include "imap/message_view.hpp"

#include <cstdint>

#include "message/text_util.hpp"

namespace mailsim::imap {

using message::iequals;

namespace {

Part convert(const message::Entity& e, std::string_view base) {
  Part p;
  p.begin = static_cast<std::size_t>(e.raw.data() - base.data());
  p.body_begin = static_cast<std::size_t>(e.body.data() - base.data());
  p.end = p.body_begin + e.body.size();
  for (const auto& f : e.header.fields) p.fields.push_back({f.name, f.value});
  p.type = e.type.type;
  p.subtype = e.type.subtype;
  // Parameters as the header writes them (RFC 2231 sections and encodings kept, as Dovecot does).
  if (const auto* t = e.header.find("Content-Type"); t && !e.type_defaulted)
    p.params = message::parse_parameterized_value(t->value).as_written;
  if (p.type == "text" && !p.param("charset")) p.params.emplace_back("charset", e.charset());
  if (const auto* d = e.header.find("Content-Disposition")) {
    auto value = message::parse_parameterized_value(d->value);
    p.disposition = value.value;
    p.disposition_params = std::move(value.as_written);
  }
  if (p.is_multipart() || p.is_message())
    for (const auto& child : e.children) p.children.push_back(convert(child, base));
  return p;
}

}  // namespace

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

MessageView::MessageView(std::string_view data)
    : parsed_(message::Message::parse(std::string(data))), data_(parsed_.bytes()),
      root_(convert(parsed_.root(), data_)) {}

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
