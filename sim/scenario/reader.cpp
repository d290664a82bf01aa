#include "scenario/reader.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace mailsim {

std::string SourcePos::format() const {
  if (line == 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

std::string ScenarioError::format() const { return pos.format() + ": " + message; }

SourcePos ScenarioChecker::pos(const std::string& pointer) const {
  const TextPos p = source_.where(pointer);
  return SourcePos{file_, p.line, p.col};
}

void ScenarioChecker::error(const std::string& pointer, const std::string& message, bool at_key) {
  const TextPos p = at_key ? source_.key_where(pointer) : source_.where(pointer);
  errors_.push_back(ScenarioError{SourcePos{file_, p.line, p.col}, message});
}

ObjectReader::ObjectReader(ScenarioChecker& checker, const nlohmann::json& value, std::string pointer,
                           std::string what)
    : checker_(checker), pointer_(std::move(pointer)), what_(std::move(what)) {
  if (value.is_object()) object_ = &value;
  else checker_.error(pointer_, what_ + " must be a JSON object {...}");
}

std::string ObjectReader::member(const char* key) const {
  std::string token;
  for (const char* c = key; *c; ++c) token += *c == '/' ? "~1" : *c == '~' ? "~0" : std::string(1, *c);
  return pointer_ + "/" + token;
}

bool ObjectReader::has(const char* key) const { return object_ && object_->contains(key); }

const nlohmann::json* ObjectReader::get(const char* key, bool required) {
  asked_.insert(key);
  if (!object_) return nullptr;
  auto it = object_->find(key);
  if (it == object_->end()) {
    if (required) checker_.error(pointer_, what_ + ": missing required field \"" + key + "\"");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> ObjectReader::string(const char* key, bool required) {
  const nlohmann::json* v = get(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    checker_.error(member(key), what_ + ": \"" + key + "\" must be a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<std::int64_t> ObjectReader::integer(const char* key, std::int64_t min, std::int64_t max, bool required) {
  const nlohmann::json* v = get(key, required);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    checker_.error(member(key), what_ + ": \"" + key + "\" must be a whole number");
    return std::nullopt;
  }
  const std::int64_t n = v->is_number_unsigned() && v->get<std::uint64_t>() > INT64_MAX ? INT64_MAX : v->get<std::int64_t>();
  if (n < min || n > max) {
    checker_.error(member(key), what_ + ": \"" + key + "\" must be between " + std::to_string(min) + " and " +
                                    std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> ObjectReader::boolean(const char* key) {
  const nlohmann::json* v = get(key, false);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    checker_.error(member(key), what_ + ": \"" + key + "\" must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<SimTime> ObjectReader::duration(const char* key, bool required) {
  const nlohmann::json* v = get(key, required);
  if (!v) return std::nullopt;
  std::optional<SimTime> d = v->is_string() ? parse_duration(v->get<std::string>()) : std::nullopt;
  if (!d) checker_.error(member(key), what_ + ": \"" + key + "\" must be a duration such as \"250ms\", \"10s\", \"5m\", \"2h\" or \"1d\"");
  return d;
}

std::vector<std::string> ObjectReader::strings(const char* key, bool required) {
  const nlohmann::json* v = get(key, required);
  std::vector<std::string> out;
  if (!v) return out;
  if (v->is_string()) {
    out.push_back(v->get<std::string>());
    return out;
  }
  if (!v->is_array()) {
    checker_.error(member(key), what_ + ": \"" + key + "\" must be a string or a list of strings");
    return out;
  }
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) checker_.error(member(key) + "/" + std::to_string(i), what_ + ": \"" + key + "\" must hold strings only");
    else out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

const nlohmann::json* ObjectReader::array(const char* key, bool required) {
  const nlohmann::json* v = get(key, required);
  if (v && !v->is_array()) {
    checker_.error(member(key), what_ + ": \"" + key + "\" must be a list [...]");
    return nullptr;
  }
  return v;
}

const nlohmann::json* ObjectReader::object(const char* key, bool required) {
  const nlohmann::json* v = get(key, required);
  if (v && !v->is_object()) {
    checker_.error(member(key), what_ + ": \"" + key + "\" must be an object {...}");
    return nullptr;
  }
  return v;
}

const nlohmann::json* ObjectReader::any(const char* key) { return get(key, false); }

void ObjectReader::finish() {
  if (!object_) return;
  for (auto it = object_->begin(); it != object_->end(); ++it) {
    if (asked_.count(it.key())) continue;
    std::string known;
    for (const auto& k : asked_) known += (known.empty() ? "" : ", ") + k;
    checker_.error(member(it.key().c_str()), what_ + ": unknown field \"" + it.key() + "\" (allowed: " + known + ")", true);
  }
}

std::optional<SimTime> parse_duration(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  if (i == 0 || i > 15) return std::nullopt;
  char* end = nullptr;
  const std::string number = text.substr(0, i);
  const double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !std::isfinite(value)) return std::nullopt;
  const std::string unit = text.substr(i);
  double scale;
  if (unit == "us") scale = 1;
  else if (unit == "ms") scale = kMillisecond;
  else if (unit == "s") scale = kSecond;
  else if (unit == "m" || unit == "min") scale = kMinute;
  else if (unit == "h") scale = kHour;
  else if (unit == "d") scale = 24.0 * kHour;
  else return std::nullopt;
  const double us = value * scale;
  if (us > 1e15) return std::nullopt;  // about 31 years: beyond any sensible scenario
  return static_cast<SimTime>(std::llround(us));
}

std::optional<std::int64_t> parse_utc_datetime(const std::string& text) {
  int y, mo, d, h, mi, s;
  char z = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 || z != 'Z' ||
      text.size() != 20)
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  // Days from civil (inverse of the algorithm in format_rfc5322_date).
  const int yy = mo <= 2 ? y - 1 : y;
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  return days * 86400 + h * 3600 + mi * 60 + s;
}

}  // namespace mailsim
