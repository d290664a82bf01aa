// Reading raw messages from disk (.eml files: one RFC 5322 message, CRLF or LF line ends)
// and attachment files. The size is capped so that a wrong path (a disk image,
// /dev/zero) cannot exhaust memory.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include "message/limits.hpp"
#include "message/mime.hpp"

namespace mailsim::message {

constexpr std::size_t kMaxFileBytes = 256u << 20;  // 256 MiB

// The file's bytes, or nullopt with `error` saying why (missing, unreadable, too big).
std::optional<std::string> read_file_bytes(const std::string& path, std::string* error = nullptr);
// read_file_bytes() then Message::parse().
std::optional<Message> load_eml(const std::string& path, std::string* error = nullptr, const Limits& limits = {});

}  // namespace mailsim::message
