// Theory of operation: how a fuzz target feeds an engine the bytes a peer could send.
//
// libFuzzer gives one byte string. Its first byte says how TCP cuts the rest: the low three
// bits are a count n of piece lengths that follow (n bytes, each a length 1..256), and bit 3
// says whether time passes (one minute per piece, with every deadline the engine asks for
// fired on the way); the high four bits are a variant a client target uses to choose its
// script (options the engine was configured with). The pieces cycle through the n lengths; n = 0 gives the stream in one
// piece. So the fuzzer mutates the cutting as freely as the bytes, and a crash reproduces
// from its file alone.
//
// drive() plays the part of a driver (the simulator's network or live mode): on_open, the
// pieces with the output taken after each call (and handed back for reuse, as the network
// does), every line's tag read, the server's input_tag asked for each line it reads, and
// on_peer_closed at the end unless the engine closed first. It returns all the engine wrote.
// check_server() tests the property the servers keep: the same bytes give the same replies
// however they are cut (except after a STARTTLS, where RFC 3207 makes the engine drop what
// was pipelined behind it).
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "net/engine.hpp"

namespace mailsim::fuzz {

struct Input {
  std::vector<std::size_t> lengths;  // piece lengths, cycled; empty: one piece
  bool time_passes = false;
  unsigned variant = 0;              // 0..15
  std::string_view stream;           // the peer's bytes
};

Input split_input(const std::uint8_t* data, std::size_t size);

// Feeds in.stream to `engine` as a driver would; returns everything the engine wrote.
std::string drive(Engine& engine, const Input& in);

// The server targets' test: `replies_to` feeds a fresh server `in` and returns its replies;
// when the input is cut into pieces in real time, and the stream has no STARTTLS or STLS
// (any case), it is fed again in one piece, and different replies abort with both printed
// (a libFuzzer finding).
void check_server(const Input& in, const std::function<std::string(const Input&)>& replies_to, const char* what);

}  // namespace mailsim::fuzz
