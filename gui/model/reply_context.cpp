#include "model/reply_context.hpp"

#include <algorithm>
#include <deque>

#include "core/ascii.hpp"

namespace mailsim::gui {
namespace {

constexpr std::size_t kMaxReplay = 20000;  // lines of one connection replayed at most

bool smtp_like(Protocol p) { return p == Protocol::Smtp || p == Protocol::Submission || p == Protocol::Lmtp; }

std::string verb_of(std::string_view line) { return ascii::to_upper(line.substr(0, line.find_first_of(" :"))); }

}  // namespace

std::string answered_command(const TraceIndex& index, std::size_t event) {
  const TraceEvent& target = index.event(event);
  if (target.kind != TraceKind::Line || target.dir != Direction::ServerToClient || !smtp_like(target.proto)) return "";
  const Connection* c = index.connection(target.conn);
  if (!c || c->events.size() > kMaxReplay) return "";
  std::deque<std::string> pending;  // commands sent and not yet answered
  bool greeted = false, in_data = false, challenge = false;
  int accepted = 0;  // recipients accepted in the transaction (LMTP answers the dot once each)
  for (const std::uint32_t i : c->events) {
    const TraceEvent& e = index.event(i);
    if (e.kind != TraceKind::Line) continue;
    if (e.dir == Direction::ClientToServer) {
      if (challenge) {
        challenge = false;  // the client's answer to a 334, not a command
      } else if (in_data) {
        if (e.text != ".") continue;
        in_data = false;
        for (int n = e.proto == Protocol::Lmtp ? std::max(accepted, 1) : 1; n > 0; --n) pending.push_back(".");
      } else {
        pending.push_back(verb_of(e.text));
      }
      continue;
    }
    const bool more = e.text.size() > 3 && e.text[3] == '-';
    std::string verb;
    if (greeted && !pending.empty()) verb = pending.front();
    if (i == event) return verb;
    if (more) continue;
    if (greeted && !pending.empty()) pending.pop_front();
    greeted = true;
    if (e.code == 334) {
      pending.push_front(verb);
      challenge = true;
    }
    if (verb == "DATA" && e.code == 354) in_data = true;
    if (verb == "MAIL") accepted = 0;
    if (verb == "RCPT" && e.code / 100 == 2) ++accepted;
  }
  return "";
}

}  // namespace mailsim::gui
