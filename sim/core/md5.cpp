// MD5 per RFC 1321 §3 (four rounds of sixteen operations over 512-bit blocks) and
// HMAC per RFC 2104 §2 with B = 64.
#include "core/md5.hpp"

#include <cmath>

namespace mailsim {

namespace {

constexpr std::uint32_t kShift[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                      5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                      4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                      6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};

// T[i] = floor(2^32 * |sin(i + 1)|), RFC 1321 §3.4.
constexpr std::uint32_t kSine[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};

std::uint32_t rotl(std::uint32_t x, std::uint32_t n) { return (x << n) | (x >> (32 - n)); }

}  // namespace

Md5::Md5() : state_{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476} {}

void Md5::block(const std::uint8_t* p) {
  std::uint32_t x[16];
  for (int i = 0; i < 16; ++i)
    x[i] = std::uint32_t(p[4 * i]) | std::uint32_t(p[4 * i + 1]) << 8 | std::uint32_t(p[4 * i + 2]) << 16 |
           std::uint32_t(p[4 * i + 3]) << 24;
  std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
  for (int i = 0; i < 64; ++i) {
    std::uint32_t f;
    int g;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) % 16;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) % 16;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) % 16;
    }
    const std::uint32_t next = b + rotl(a + f + kSine[i] + x[g], kShift[i]);
    a = d;
    d = c;
    c = b;
    b = next;
  }
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
}

void Md5::update(std::string_view data) {
  length_ += data.size();
  for (char ch : data) {
    buffer_[buffered_++] = static_cast<std::uint8_t>(ch);
    if (buffered_ == 64) {
      block(buffer_.data());
      buffered_ = 0;
    }
  }
}

Md5Digest Md5::digest() {
  const std::uint64_t bits = length_ * 8;
  std::string pad(1, '\x80');
  pad.append((buffered_ < 56 ? 55 - buffered_ : 119 - buffered_), '\0');
  for (int i = 0; i < 8; ++i) pad.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  update(pad);
  Md5Digest out;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::uint8_t>((state_[i] >> (8 * j)) & 0xff);
  return out;
}

Md5Digest md5(std::string_view data) {
  Md5 h;
  h.update(data);
  return h.digest();
}

Md5Digest hmac_md5(std::string_view key, std::string_view data) {
  std::string k(key);
  if (k.size() > 64) {
    const Md5Digest d = md5(k);
    k.assign(d.begin(), d.end());
  }
  k.resize(64, '\0');
  std::string ipad = k, opad = k;
  for (std::size_t i = 0; i < 64; ++i) {
    ipad[i] = static_cast<char>(ipad[i] ^ 0x36);
    opad[i] = static_cast<char>(opad[i] ^ 0x5c);
  }
  Md5 inner;
  inner.update(ipad);
  inner.update(data);
  const Md5Digest d = inner.digest();
  Md5 outer;
  outer.update(opad);
  outer.update(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
  return outer.digest();
}

std::string to_hex(const Md5Digest& digest) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (std::uint8_t b : digest) {
    s.push_back(digits[b >> 4]);
    s.push_back(digits[b & 15]);
  }
  return s;
}

std::string md5_hex(std::string_view data) { return to_hex(md5(data)); }
std::string hmac_md5_hex(std::string_view key, std::string_view data) { return to_hex(hmac_md5(key, data)); }

}  // namespace mailsim
