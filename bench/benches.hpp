// mailsim-bench subcommands; each prints its figures, the key one as its last line.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace mailsim::bench {
using Args = std::vector<std::string>;

// "--name N" pairs, each N a positive whole number; false (with a message) on anything else.
struct Count {
  const char* option;
  std::uint64_t* value;
};
bool parse_counts(const Args& args, const char* bench, std::initializer_list<Count> counts);  // bench/shared.cpp
double median(std::vector<double> values);  // the middle one (the upper of the two middle ones); values not empty

int bench_hold(const Args& args);     // bench/bench_hold.cpp
int bench_message(const Args& args);  // bench/bench_message.cpp
int bench_pages(const Args& args);    // bench/bench_pages.cpp
}  // namespace mailsim::bench
