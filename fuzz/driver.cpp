#include "driver.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/ascii.hpp"

namespace mailsim::fuzz {

Input split_input(const std::uint8_t* data, std::size_t size) {
  Input in;
  if (size == 0) return in;
  const std::size_t n = data[0] & 7u;
  in.time_passes = (data[0] & 8u) != 0;
  in.variant = data[0] >> 4;
  std::size_t pos = 1;
  for (; pos < size && in.lengths.size() < n; ++pos) in.lengths.push_back(std::size_t{data[pos]} + 1);
  in.stream = std::string_view(reinterpret_cast<const char*>(data) + pos, size - pos);
  return in;
}

namespace {

// Takes the engine's output, reads each line's tag as the trace would, gives the buffer back.
void collect(Engine& engine, std::string& all) {
  std::string out = engine.take_output();
  if (out.empty()) return;
  for (std::size_t i = 0; i < out.size(); ++i)
    if (i == 0 || out[i - 1] == '\n') (void)engine.output_tag_at(i);
  all += out;
  engine.reuse_output_buffer(std::move(out));
}

void fire_due_timers(Engine& engine, SimTime now, std::string& all) {
  // A deadline that does not move after on_timer would loop: a driver fires it once per turn.
  for (int i = 0; i < 64 && !engine.wants_close(); ++i) {
    const SimTime due = engine.deadline();
    if (due == kNoDeadline || due > now) return;
    engine.on_timer(due);
    collect(engine, all);
  }
}

}  // namespace

std::string drive(Engine& engine, const Input& in) {
  std::string all;
  SimTime now = 0;
  engine.on_open(now);
  collect(engine, all);
  std::size_t pos = 0, turn = 0;
  while (pos < in.stream.size() && !engine.wants_close()) {
    const std::size_t len = in.lengths.empty() ? in.stream.size() : in.lengths[turn++ % in.lengths.size()];
    const std::string_view piece = in.stream.substr(pos, len);
    pos += piece.size();
    for (std::size_t start = 0; start < piece.size();) {  // what a live driver asks of each line
      const std::size_t lf = piece.find('\n', start);
      const std::size_t end = lf == std::string_view::npos ? piece.size() : lf + 1;
      (void)engine.input_tag(piece.substr(start, end - start));
      start = end;
    }
    engine.on_bytes(piece, now);
    collect(engine, all);
    if (in.time_passes) {
      now += kMinute;
      fire_due_timers(engine, now, all);
    }
  }
  if (!engine.wants_close()) {
    engine.on_peer_closed(now);
    collect(engine, all);
  }
  return all;
}

namespace {
bool cutting_may_not_matter(std::string_view stream) {
  const std::string upper = ascii::to_upper(stream);
  return upper.find("STARTTLS") == std::string::npos && upper.find("STLS") == std::string::npos;
}
}  // namespace

void check_server(const Input& in, const std::function<std::string(const Input&)>& replies_to, const char* what) {
  const std::string cut = replies_to(in);
  if (in.lengths.empty() || in.time_passes || !cutting_may_not_matter(in.stream)) return;
  Input whole = in;
  whole.lengths.clear();
  const std::string once = replies_to(whole);
  if (once == cut) return;
  const auto diff = std::mismatch(once.begin(), once.end(), cut.begin(), cut.end());
  const std::size_t at = static_cast<std::size_t>(diff.first - once.begin());
  std::fprintf(stderr, "%s: the replies depend on how the input is cut (first difference at byte %zu)\n"
                       "--- in one piece:\n%s\n--- cut:\n%s\n", what, at, once.c_str(), cut.c_str());
  std::abort();
}

}  // namespace mailsim::fuzz
