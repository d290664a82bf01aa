#include "deep_link.hpp"

#include <cctype>
#include <cstdlib>
#include <string_view>

namespace mailsim::web {
namespace {

constexpr std::string_view kShippedDir = "scenarios/";
constexpr std::string_view kJson = ".json";

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::strtol(std::string(s.substr(i + 1, 2)).c_str(), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace

DeepLink parse_query(const std::string& query) {
  DeepLink link;
  std::string_view rest = query;
  if (!rest.empty() && rest.front() == '?') rest.remove_prefix(1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    const std::string key = percent_decode(pair.substr(0, eq));
    const std::string value = eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    if (key == "scenario") link.scenario = value;
    else if (key == "step" && !value.empty()) link.step = std::strtoull(value.c_str(), nullptr, 10);
    else if (key == "lang") link.lang = value;
    else if (key == "view") link.view = value;
    else if (key == "lesson") link.lesson = value;
    else if (key == "bench-frames") link.bench_frames = std::atoi(value.c_str());
    else if (key == "test") link.test = value != "0";
  }
  return link;
}

std::string to_query(const DeepLink& link) {
  std::string q;
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    q += q.empty() ? '?' : '&';
    q += key;
    q += '=';
    q += percent_encode(value);
  };
  if (!link.lesson.empty()) add("lesson", link.lesson);
  else add("scenario", link.scenario);
  if (link.step) add("step", std::to_string(*link.step));
  add("lang", link.lang);
  add("view", link.view);
  return q;
}

std::string scenario_path(const std::string& scenario) {
  if (scenario.find_first_of("/.") != std::string::npos) return scenario;
  return std::string(kShippedDir) + scenario + std::string(kJson);
}

std::string scenario_name(const std::string& path) {
  std::string_view p = path;
  if (!p.empty() && p.front() == '/') p.remove_prefix(1);  // lessons name them from the root
  if (p.substr(0, kShippedDir.size()) == kShippedDir && p.size() > kShippedDir.size() + kJson.size() &&
      p.substr(p.size() - kJson.size()) == kJson) {
    const std::string_view name = p.substr(kShippedDir.size(), p.size() - kShippedDir.size() - kJson.size());
    if (name.find_first_of("/.") == std::string_view::npos) return std::string(name);
  }
  return path;
}

}  // namespace mailsim::web
