// Theory of operation: JSON with positions.
//
// nlohmann/json parses well but forgets where each value stood, and a scenario error must
// say `file:line:col`. parse_json_source() is a small strict JSON parser (RFC 8259) that
// builds the same nlohmann::json value and records, for every value, the line and column
// where it starts (and, for object members, where the key starts), indexed by the JSON
// pointer of the value ("/hosts/0/name"). Syntax errors come back with their position.
#pragma once
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace mailsim {

struct TextPos {
  int line = 1;
  int col = 1;
};

struct JsonSource {
  nlohmann::json value;
  std::map<std::string, TextPos> value_pos;  // by JSON pointer
  std::map<std::string, TextPos> key_pos;    // by JSON pointer of the member
  TextPos where(const std::string& pointer) const;      // value position (or the nearest parent's)
  TextPos key_where(const std::string& pointer) const;  // key position, else value position
};

struct JsonSyntaxError {
  TextPos pos;
  std::string message;
};

// Returns the parsed document, or fills `error` and returns nullopt.
std::optional<JsonSource> parse_json_source(const std::string& text, JsonSyntaxError& error);

}  // namespace mailsim
