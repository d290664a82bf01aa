// .eml loading (see eml.hpp): a bounded read of the whole file.
#include "message/eml.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace mailsim::message {

std::optional<std::string> read_file_bytes(const std::string& path, std::string* error) {
  const auto fail = [&](const std::string& why) {
    if (error) *error = "cannot read '" + path + "': " + why;
    return std::nullopt;
  };
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return fail(std::strerror(errno));
  std::string bytes;
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
    if (bytes.size() + n > kMaxFileBytes) {
      std::fclose(f);
      return fail("larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB");
    }
    bytes.append(buffer, n);
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return fail("read error (is it a directory?)");
  return bytes;
}

std::optional<Message> load_eml(const std::string& path, std::string* error, const Limits& limits) {
  auto bytes = read_file_bytes(path, error);
  if (!bytes) return std::nullopt;
  return Message::parse(std::move(*bytes), limits);
}

}  // namespace mailsim::message
