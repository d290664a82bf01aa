// mailsim-bench subcommands; each prints its figures, the key one as its last line.
#pragma once
#include <string>
#include <vector>

namespace mailsim::bench {
using Args = std::vector<std::string>;
int bench_hold(const Args& args);  // bench/bench_hold.cpp
int bench_message(const Args& args);  // bench/bench_message.cpp
}  // namespace mailsim::bench
