#include "scenario/message_json.hpp"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "message/eml.hpp"

namespace mailsim {

using message::AttachmentSpec;
using message::kMaxFileBytes;
using message::MessageSpec;

MessageDescription read_message_description(const nlohmann::json& d, std::vector<std::string>& errors) {
  MessageDescription description;
  const auto fail = [&](const std::string& field, const std::string& what) { errors.push_back("message." + field + ": " + what); };
  if (!d.is_object()) {
    errors.push_back("message: expected an object");
    return description;
  }
  if (auto eml = d.find("eml"); eml != d.end()) {
    if (!eml->is_string() || d.size() != 1) fail("eml", "give the file's path alone, as a string");
    else description.eml = eml->get<std::string>();
    return description;
  }
  if (d.contains("body") && d.contains("text")) {
    fail("body", "give \"text\" or \"body\", not both");
    return description;
  }
  MessageSpec& spec = description.spec;
  const auto string_of = [&](const nlohmann::json& v, const std::string& field, std::string& out) {
    if (v.is_string()) out = v.get<std::string>();
    else fail(field, "expected a string");
  };
  const auto list_of = [&](const nlohmann::json& v, const std::string& field, std::vector<std::string>& out) {
    if (v.is_string()) {
      out.push_back(v.get<std::string>());
      return;
    }
    if (!v.is_array()) return fail(field, "expected a string or an array of strings");
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i].is_string()) out.push_back(v[i].get<std::string>());
      else fail(field + "[" + std::to_string(i) + "]", "expected a string");
    }
  };
  for (const auto& [key, v] : d.items()) {
    if (key == "from") string_of(v, key, spec.from), description.has_from = true;
    else if (key == "to") list_of(v, key, spec.to), description.has_to = true;
    else if (key == "cc") list_of(v, key, spec.cc);
    else if (key == "bcc") list_of(v, key, spec.bcc);
    else if (key == "subject") string_of(v, key, spec.subject);
    else if (key == "text" || key == "body") string_of(v, key, spec.text.emplace());
    else if (key == "html") string_of(v, key, spec.html.emplace());
    else if (key == "charset") string_of(v, key, spec.charset);
    else if (key == "encoding") string_of(v, key, spec.encoding);
    else if (key == "date") string_of(v, key, spec.date), description.has_date = true;
    else if (key == "message_id") string_of(v, key, spec.message_id), description.has_message_id = true;
    else if (key == "leave_to_msa") {
      if (v.is_boolean()) description.leave_to_msa = v.get<bool>();
      else fail(key, "expected true or false");
    } else if (key == "headers") {
      if (!v.is_object()) fail(key, "expected an object of name: value");
      else
        for (const auto& [name, value] : v.items()) {
          std::string text;
          string_of(value, "headers." + name, text);
          spec.extra_headers.emplace_back(name, text);
        }
    } else if (key == "attachments") {
      if (!v.is_array()) {
        fail(key, "expected an array");
        continue;
      }
      for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string field = "attachments[" + std::to_string(i) + "]";
        if (!v[i].is_object()) {
          fail(field, "expected an object");
          continue;
        }
        AttachmentSpec a;
        for (const auto& [akey, av] : v[i].items()) {
          if (akey == "filename") string_of(av, field + ".filename", a.filename);
          else if (akey == "content_type") string_of(av, field + ".content_type", a.content_type);
          else if (akey == "path") string_of(av, field + ".path", a.path.emplace());
          else if (akey == "content") string_of(av, field + ".content", a.content.emplace());
          else if (akey == "size" && av.is_number_integer() && av.get<std::int64_t>() >= 0) a.generated_size = av.get<std::size_t>();
          else if (akey == "seed" && av.is_number_integer() && av.get<std::int64_t>() >= 0) a.seed = av.get<std::uint64_t>();
          else if (akey == "size" || akey == "seed") fail(field + "." + akey, "expected a non-negative integer");
          else fail(field + "." + akey, "unknown field (expected filename, content_type, path, content, size, seed)");
        }
        if (a.generated_size > kMaxFileBytes) fail(field + ".size", "at most " + std::to_string(kMaxFileBytes) + " octets");
        if (static_cast<int>(a.path.has_value()) + static_cast<int>(a.content.has_value()) + static_cast<int>(v[i].contains("size")) != 1)
          fail(field, "give exactly one of path, content or size");
        spec.attachments.push_back(std::move(a));
      }
    } else {
      fail(key, "unknown field");
    }
  }
  return description;
}

}  // namespace mailsim
