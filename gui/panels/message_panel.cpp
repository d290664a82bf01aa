#include "panels/message_panel.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "core/ascii.hpp"
#include "message/encoded_word.hpp"
#include "panels/widgets.hpp"

namespace mailsim::gui {
namespace {

// Header fields, unfolded (continuation lines joined), in order.
std::vector<std::pair<std::string, std::string>> parse_header(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> fields;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    start = end + 1;
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !fields.empty()) {
      fields.back().second += ' ' + line.substr(line.find_first_not_of(" \t"));
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const auto value = line.find_first_not_of(' ', colon + 1);
    fields.emplace_back(line.substr(0, colon), value == std::string::npos ? "" : line.substr(value));
  }
  return fields;
}

}  // namespace

std::uint32_t MessagePanel::pick(const Context& ctx) {
  if (ctx.sel.message) return ctx.sel.message;
  const std::size_t pos = ctx.timeline.pos();
  if (pos == picked_pos_ && ctx.generation == picked_gen_) return picked_;
  picked_pos_ = pos;
  picked_gen_ = ctx.generation;
  return picked_ = ctx.index()->message_before(pos);
}

void MessagePanel::draw_content(Context& ctx) {
  const TraceIndex* index = ctx.index();
  if (!index) {
    ImGui::TextDisabled("%s", tr(Str::NoScenario));
    return;
  }
  const std::uint32_t m = pick(ctx);
  int chosen = static_cast<int>(m);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  if (ImGui::InputInt(tr(Str::Message), &chosen) && chosen >= 0)
    ctx.sel.message = std::min(static_cast<std::uint32_t>(chosen), index->max_message());
  ImGui::SameLine();
  bool follow = ctx.sel.message == 0;
  if (ImGui::Checkbox(tr(Str::Follow), &follow)) ctx.sel.message = follow ? 0 : m;
  const auto& events = index->message_events(m);
  const std::size_t pos = ctx.timeline.pos();
  const std::size_t count =
      static_cast<std::size_t>(std::lower_bound(events.begin(), events.end(), pos) - events.begin());
  if (m == 0 || count == 0) {
    ImGui::TextDisabled("%s", tr(Str::NoMessage));
    return;
  }
  const Trace& trace = index->trace();
  ImGui::BeginChild("##message");
  // The path so far.
  std::string header;
  const TraceEvent* accepted = nullptr;
  for (std::size_t k = 0; k < count; ++k) {
    const TraceEvent& e = trace[events[k]];
    if (e.kind == TraceKind::MessageAccepted) accepted = &e;
    if (e.kind == TraceKind::Headers) {
      header = e.text;
      continue;
    }
    if (e.kind == TraceKind::Line) continue;
    ImGui::PushStyleColor(ImGuiCol_Text, e.kind == TraceKind::Bounced ? ctx.palette.reply[5]
                                         : e.kind == TraceKind::Delivered ? ctx.palette.reply[2]
                                                                          : ctx.palette.text);
    const std::string kind(kind_label(e.kind));
    ImGui::BulletText("%s  %s  %s %s", format_time(e.time).c_str(), event_hosts(trace, e).c_str(), kind.c_str(),
                      event_note(e).c_str());
    ImGui::PopStyleColor();
  }
  draw_envelope(ctx, events, count);
  if (!header.empty()) draw_header(ctx, header);
  if (accepted) draw_source(ctx, *accepted);
  ImGui::EndChild();
}

void MessagePanel::draw_envelope(const Context& ctx, const std::vector<std::uint32_t>& events, std::size_t count) {
  const TraceIndex& index = *ctx.index();
  const Trace& trace = index.trace();
  ImGui::Separator();
  ImGui::TextUnformatted(tr(Str::Envelope));
  for (std::size_t k = 0; k < count; ++k) {
    const TraceEvent& accepted = trace[events[k]];
    if (accepted.kind != TraceKind::MessageAccepted) continue;
    const Connection* c = index.carrier(accepted.index);
    if (!c) {  // a local submission: no SMTP envelope on the wire
      ImGui::BulletText("%s %s:  %s", tr(Str::Hop), trace.name(accepted.host).c_str(), event_note(accepted).c_str());
      continue;
    }
    // The last transaction on this connection before the acceptance.
    std::string from;
    std::vector<std::string> rcpts;
    for (std::uint32_t i : c->events) {
      if (i >= accepted.index) break;
      const TraceEvent& e = trace[i];
      if (e.kind != TraceKind::Line || e.dir != Direction::ClientToServer) continue;
      if (ascii::istarts_with(e.text, "MAIL FROM:")) {
        from = e.text.substr(10);
        rcpts.clear();
      } else if (ascii::istarts_with(e.text, "RCPT TO:")) {
        rcpts.emplace_back(e.text.substr(8));
      }
    }
    std::string to;
    for (const auto& r : rcpts) to += r + ' ';
    ImGui::BulletText("%s %s:  MAIL FROM:%s   RCPT TO:%s", tr(Str::Hop), trace.name(accepted.host).c_str(), from.c_str(),
                      to.c_str());
  }
}

void MessagePanel::draw_header(const Context& ctx, const std::string& header) {
  const auto fields = parse_header(header);
  ImGui::Separator();
  ImGui::TextUnformatted(tr(Str::HeaderFields));
  // Encoded words (RFC 2047) decoded, the raw field under it: both are worth reading.
  for (const char* name : {"Return-Path", "From", "To", "Cc", "Bcc", "Subject", "Date", "Message-ID", "Content-Type"})
    for (const auto& [k, v] : fields) {
      if (!ascii::iequals(k, name)) continue;
      const std::string decoded = v.find("=?") == std::string::npos ? v : message::decode_header_text(v);
      ImGui::Bullet();
      ImGui::TextWrapped("%s: %s", k.c_str(), decoded.c_str());
      if (decoded == v) continue;
      ImGui::Indent();
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.dim);
      ImGui::TextWrapped("%s %s", tr(Str::AsSent), v.c_str());
      ImGui::PopStyleColor();
      ImGui::Unindent();
    }
  ImGui::Separator();
  ImGui::TextUnformatted(tr(Str::ReceivedChain));
  int hop = 0;
  for (const auto& [k, v] : fields)
    if (ascii::iequals(k, "Received")) {
      ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.client);
      ImGui::TextWrapped("%d. %s", ++hop, v.c_str());
      ImGui::PopStyleColor();
    }
  if (ImGui::CollapsingHeader(tr(Str::RawHeader))) {
    ImGui::PushFont(ctx.fonts.mono);
    ImGui::TextUnformatted(header.c_str());
    ImGui::PopFont();
  }
}

void MessagePanel::draw_source(const Context& ctx, const TraceEvent& accepted) {
  const TraceIndex& index = *ctx.index();
  if (source_of_ != accepted.index || source_gen_ != ctx.generation) {
    source_of_ = accepted.index;
    source_gen_ = ctx.generation;
    source_.reset();
    // The message text of the client's last transaction on the carrying connection: the
    // lines of its DATA (dot-stuffed) or of its BDAT chunks.
    const Connection* c = index.carrier(accepted.index);
    if (!c) return;
    std::string bytes;
    bool stuffed = false;
    for (std::uint32_t i : c->events) {
      if (i >= accepted.index) break;
      const TraceEvent& e = index.trace()[i];
      if (e.kind != TraceKind::Line || e.dir != Direction::ClientToServer) continue;
      if (e.role == LineRole::Command) {
        if (ascii::istarts_with(e.text, "MAIL ")) bytes.clear();
        stuffed = ascii::iequals(e.text, "DATA");
      } else if (e.role == LineRole::Data) {
        bytes += stuffed && e.text.starts_with("..") ? e.text.substr(1) : e.text;
        bytes += "\r\n";
      }
    }
    if (!bytes.empty()) source_ = message::Message::parse(std::move(bytes));
  }
  if (!source_) return;
  ImGui::Separator();
  ImGui::TextUnformatted(tr(Str::MimeTree));
  for (const message::Entity* entity : source_->entities()) {
    const int depth = entity->path.empty() ? 0 : 1 + static_cast<int>(std::count(entity->path.begin(), entity->path.end(), '.'));
    const std::string filename = entity->filename();
    ImGui::Indent(ImGui::GetFontSize() * static_cast<float>(depth));
    ImGui::BulletText("%s  %s/%s  %s%s%s  (%zu)", entity->path.empty() ? "root" : entity->path.c_str(),
                      entity->type.type.c_str(), entity->type.subtype.c_str(), entity->encoding_name.c_str(),
                      filename.empty() ? "" : "  ", filename.c_str(), entity->body.size());
    ImGui::Unindent(ImGui::GetFontSize() * static_cast<float>(depth));
  }
  if (ImGui::CollapsingHeader(tr(Str::RawSource))) {
    ImGui::PushFont(ctx.fonts.mono);
    const std::string_view raw = source_->bytes();
    ImGui::TextUnformatted(raw.data(), raw.data() + raw.size());
    ImGui::PopFont();
  }
}

}  // namespace mailsim::gui
