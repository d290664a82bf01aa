// Fresh memory: what a page costs the first time it is written. Each round maps --mb MiB,
// writes one byte in each 4 KiB page (a fault each, as the trace's blocks fill), and
// unmaps it. Rounds alternate between starting at once, when the memory just freed is
// still the guest's, and starting after a pause of --rest seconds, long enough for a
// virtual machine that reports free memory to its host (virtio free page reporting) to
// have given it back, so that the host must fault each page in again. Prints the median
// cost per page of each kind, measured in the same run; `mailsim serve` keeps about
// half a page per message (README, live throughput).
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "benches.hpp"

namespace mailsim::bench {

namespace {

constexpr std::size_t kPage = 4096;

// Microseconds per page to map, first-write and unmap `bytes`; negative if mmap fails.
double us_per_fresh_page(std::size_t bytes) {
  const auto t0 = std::chrono::steady_clock::now();
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return -1;
  auto* bytes_at = static_cast<volatile char*>(p);
  for (std::size_t off = 0; off < bytes; off += kPage) bytes_at[off] = 1;
  ::munmap(p, bytes);
  const std::chrono::duration<double, std::micro> dt = std::chrono::steady_clock::now() - t0;
  return dt.count() / static_cast<double>(bytes / kPage);
}

}  // namespace

int bench_pages(const Args& args) {
  std::uint64_t mb = 128, rest = 5, rounds = 3;
  if (!parse_counts(args, "pages", {{"--mb", &mb}, {"--rest", &rest}, {"--rounds", &rounds}})) return 2;
  const std::size_t bytes = static_cast<std::size_t>(mb) << 20;
  std::vector<double> soon, rested;
  us_per_fresh_page(bytes);  // the first round only makes the memory the guest's
  for (std::uint64_t r = 0; r < rounds; ++r) {
    const double at_once = us_per_fresh_page(bytes);
    std::this_thread::sleep_for(std::chrono::seconds(rest));
    const double after_rest = us_per_fresh_page(bytes);
    if (at_once < 0 || after_rest < 0) {
      std::fprintf(stderr, "mailsim-bench pages: cannot map %llu MiB\n", static_cast<unsigned long long>(mb));
      return 1;
    }
    std::printf("round %llu: %.2f us/page freed just before, %.2f us/page after %llu s of rest\n",
                static_cast<unsigned long long>(r + 1), at_once, after_rest, static_cast<unsigned long long>(rest));
    soon.push_back(at_once);
    rested.push_back(after_rest);
  }
  std::printf("median: %.2f us/page freed just before, %.2f us/page after %llu s of rest (%.1fx)\n", median(soon),
              median(rested), static_cast<unsigned long long>(rest), median(rested) / median(soon));
  return 0;
}

}  // namespace mailsim::bench
