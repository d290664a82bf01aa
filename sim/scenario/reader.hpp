// Theory of operation: reading validated fields out of a scenario's JSON.
//
// An ObjectReader wraps one JSON object of the scenario and its JSON pointer. Each typed
// getter checks the member's type and range and reports problems at the member's
// position; finish() reports every member that no getter asked for ("unknown field"),
// listing the fields that are allowed there. Errors accumulate, so one run of
// `mailsim check` shows all of them.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "scenario/json_source.hpp"
#include "scenario/scenario.hpp"

namespace mailsim {

class ScenarioChecker {
 public:
  ScenarioChecker(const JsonSource& source, std::string file, std::vector<ScenarioError>& errors)
      : source_(source), file_(std::move(file)), errors_(errors) {}
  void error(const std::string& pointer, const std::string& message, bool at_key = false);
  SourcePos pos(const std::string& pointer) const;
  const std::string& file() const { return file_; }

 private:
  const JsonSource& source_;
  std::string file_;
  std::vector<ScenarioError>& errors_;
};

class ObjectReader {
 public:
  ObjectReader(ScenarioChecker& checker, const nlohmann::json& value, std::string pointer, std::string what);
  bool ok() const { return object_ != nullptr; }
  const std::string& pointer() const { return pointer_; }
  std::string member(const char* key) const;  // the member's JSON pointer
  bool has(const char* key) const;

  std::optional<std::string> string(const char* key, bool required = false);
  std::optional<std::int64_t> integer(const char* key, std::int64_t min, std::int64_t max, bool required = false);
  std::optional<bool> boolean(const char* key);
  std::optional<SimTime> duration(const char* key, bool required = false);
  std::vector<std::string> strings(const char* key, bool required = false);  // a string or a list of strings
  const nlohmann::json* array(const char* key, bool required = false);
  const nlohmann::json* object(const char* key, bool required = false);
  const nlohmann::json* any(const char* key);  // no type check
  // Reports members no getter asked for.
  void finish();

 private:
  const nlohmann::json* get(const char* key, bool required);
  ScenarioChecker& checker_;
  const nlohmann::json* object_ = nullptr;
  std::string pointer_;
  std::string what_;
  std::set<std::string> asked_;
};

// "250ms", "10s", "1.5s", "5m", "2h", "1d" → microseconds; nullopt if malformed.
std::optional<SimTime> parse_duration(const std::string& text);
// "1999-03-04T17:24:07Z" → Unix time; nullopt if malformed.
std::optional<std::int64_t> parse_utc_datetime(const std::string& text);

}  // namespace mailsim
