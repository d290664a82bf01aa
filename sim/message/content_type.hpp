// Parameterized MIME header values (RFC 2045 §5.1, RFC 2183, RFC 2231):
//   Content-Type: text/plain; charset="iso-8859-1"
//   Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf
// Values are tokens or quoted strings; comments are allowed between them. RFC 2231 adds
// continuations (name*0, name*1, ...) and extended values (name*=charset'lang'%XX),
// which are joined and decoded here to UTF-8. Parsing is lenient: unquoted values with
// special characters are read up to the next ';', and problems are reported, not fatal.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailsim::message {

struct MimeParameter {
  std::string name;      // lower case, without RFC 2231 "*n*" suffixes
  std::string value;     // UTF-8
  std::string language;  // RFC 2231 language tag, if one was given
};

struct ParameterizedValue {
  std::string value;  // lower case: "multipart/mixed", "attachment"
  std::vector<MimeParameter> parameters;
  // Every parameter as the header writes it, lower-case name with its RFC 2231 suffix
  // ("filename*0*") and value undecoded ("utf-8''%C3%A9t%C3%A9.txt"): IMAP's
  // BODYSTRUCTURE passes parameters on as they are (RFC 3501 §7.4.2).
  std::vector<std::pair<std::string, std::string>> as_written;
  // Value of a parameter (name case-insensitive), or "" if absent.
  std::string parameter(std::string_view name) const;
  bool has_parameter(std::string_view name) const;
};

// Parses "value *(; parameter)". The problems found (if any) are appended to `problems`.
ParameterizedValue parse_parameterized_value(std::string_view field_body, std::vector<std::string>* problems = nullptr);

struct MediaType {
  std::string type = "text";      // lower case
  std::string subtype = "plain";  // lower case
  std::vector<MimeParameter> parameters;
  std::string parameter(std::string_view name) const;
  bool is(std::string_view t, std::string_view sub = "") const;  // sub "" matches any subtype
  std::string mime_type() const { return type + "/" + subtype; }
};

// A Content-Type value; nullopt if it has no "type/subtype" (RFC 2045 §5.2 then says to
// assume text/plain; charset=us-ascii).
std::optional<MediaType> parse_media_type(std::string_view field_body, std::vector<std::string>* problems = nullptr);

// Serializes a parameter for a header: quoted when needed; RFC 2231 extended form
// (name*=utf-8''...) when the value is not ASCII.
std::string format_parameter(std::string_view name, std::string_view utf8_value);

}  // namespace mailsim::message
