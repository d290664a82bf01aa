// mailsim-bench: dispatches to one benchmark by name (see benches.hpp).
#include <cstdio>
#include <string_view>

#include "benches.hpp"

namespace {
struct Bench {
  std::string_view name;
  int (*run)(const mailsim::bench::Args&);
  std::string_view usage;
};
constexpr Bench kBenches[] = {
    {"hold", mailsim::bench::bench_hold, "hold [--pending P] [--events E] [--seed S]   the classic hold model of the event kernel"},
    {"message", mailsim::bench::bench_message, "message [--runs R] [--scale N] [--seed S]   parse+decode a MIME corpus (vs GMime if built with it)"},
    {"pages", mailsim::bench::bench_pages, "pages [--mb M] [--rest S] [--rounds R]   the cost of a fresh page, just freed vs after a rest"},
};
}  // namespace

int main(int argc, char** argv) {
  const std::string_view name = argc > 1 ? argv[1] : "";
  for (const auto& b : kBenches)
    if (b.name == name) return b.run(mailsim::bench::Args(argv + 2, argv + argc));
  std::fprintf(name == "--help" ? stdout : stderr, "usage: mailsim-bench NAME [ARGS]\n");
  for (const auto& b : kBenches) std::fprintf(stderr, "  %.*s\n", static_cast<int>(b.usage.size()), b.usage.data());
  return name == "--help" ? 0 : 2;
}
