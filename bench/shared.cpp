// What the mailsim-bench subcommands share: their count options and the median.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "benches.hpp"

namespace mailsim::bench {

bool parse_counts(const Args& args, const char* bench, std::initializer_list<Count> counts) {
  for (std::size_t i = 0; i < args.size(); i += 2) {
    const Count* count = nullptr;
    for (const Count& c : counts)
      if (args[i] == c.option) count = &c;
    if (!count) {
      std::fprintf(stderr, "mailsim-bench %s: unknown option '%s'\n", bench, args[i].c_str());
      return false;
    }
    if (i + 1 >= args.size()) {
      std::fprintf(stderr, "mailsim-bench %s: '%s' needs a value\n", bench, args[i].c_str());
      return false;
    }
    char* end = nullptr;
    const std::uint64_t v = std::strtoull(args[i + 1].c_str(), &end, 10);
    if (args[i + 1].empty() || *end != '\0' || v == 0) {
      std::fprintf(stderr, "mailsim-bench %s: '%s' takes a positive whole number, not '%s'\n", bench,
                   args[i].c_str(), args[i + 1].c_str());
      return false;
    }
    *count->value = v;
  }
  return true;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace mailsim::bench
