// Theory of operation: MD5 (RFC 1321) and HMAC-MD5 (RFC 2104).
//
// Used by POP3 APOP (RFC 1939 §7: MD5 over the greeting's timestamp and the secret) and
// by SASL CRAM-MD5 (RFC 2195: HMAC-MD5 keyed with the secret over the challenge). MD5 is
// broken for collision resistance; mailsim only reproduces what these protocols specify.
// Md5 is incremental (update() any number of times, then digest()); the free functions
// are one-shot helpers returning raw digests or lowercase hex.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace mailsim {

using Md5Digest = std::array<std::uint8_t, 16>;

class Md5 {
 public:
  Md5();
  void update(std::string_view data);
  Md5Digest digest();  // finishes the computation; the object must not be updated again

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 4> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;  // bytes hashed so far
};

Md5Digest md5(std::string_view data);
Md5Digest hmac_md5(std::string_view key, std::string_view data);
std::string to_hex(const Md5Digest& digest);  // 32 lowercase hex digits
std::string md5_hex(std::string_view data);
std::string hmac_md5_hex(std::string_view key, std::string_view data);

}  // namespace mailsim
