#include "smtp/command_args.hpp"

#include <cctype>

namespace mailsim::smtp {

namespace {
std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

PathArgument parse_path_argument(const std::string& arg, const char* keyword) {
  PathArgument out;
  const std::string kw = std::string(keyword) + ":";
  if (arg.size() < kw.size() || upper(arg.substr(0, kw.size())) != kw) {
    out.error = std::string("expected ") + keyword + ":<address>";
    return out;
  }
  std::size_t i = kw.size();
  while (i < arg.size() && arg[i] == ' ') ++i;  // tolerated, as most servers do
  if (i >= arg.size() || arg[i] != '<') {
    out.error = "the address must be enclosed in angle brackets <...>";
    return out;
  }
  // Find the closing bracket, skipping quoted strings ("a>b"@x is one local part).
  std::size_t j = i + 1;
  bool quoted = false;
  for (; j < arg.size(); ++j) {
    if (quoted && arg[j] == '\\') {
      ++j;
      continue;
    }
    if (arg[j] == '"') quoted = !quoted;
    else if (!quoted && arg[j] == '>') break;
  }
  if (j >= arg.size()) {
    out.error = "missing closing '>'";
    return out;
  }
  std::string path = arg.substr(i + 1, j - i - 1);
  // A source route "@a,@b:user@c" is accepted and ignored (RFC 5321 section 4.1.2, C).
  if (!path.empty() && path[0] == '@') {
    const std::size_t colon = path.find(':');
    if (colon == std::string::npos) {
      out.error = "source route without ':'";
      return out;
    }
    path = path.substr(colon + 1);
  }
  out.path = path;
  // Parameters: space-separated KEYWORD[=VALUE].
  std::size_t k = j + 1;
  while (k < arg.size()) {
    while (k < arg.size() && arg[k] == ' ') ++k;
    if (k >= arg.size()) break;
    std::size_t end = arg.find(' ', k);
    if (end == std::string::npos) end = arg.size();
    const std::string param = arg.substr(k, end - k);
    const std::size_t eq = param.find('=');
    if (eq == 0) {
      out.error = "parameter without a keyword: " + param;
      return out;
    }
    out.params.emplace_back(upper(param.substr(0, eq)), eq == std::string::npos ? "" : param.substr(eq + 1));
    k = end;
  }
  out.ok = true;
  return out;
}

}  // namespace mailsim::smtp
