#include "panels/widgets.hpp"

#include "app/i18n.hpp"
#include "explain/catalog.hpp"
#include "explain/notes.hpp"
#include "model/reply_context.hpp"

#include <optional>

namespace mailsim::gui {

ImU32 line_colour(const Palette& p, const TraceEvent& e) {
  if (e.kind != TraceKind::Line) return p.dim;
  if (e.dir == Direction::ClientToServer) return p.client;
  const int c = reply_class(e);
  return c ? p.reply[c] : p.server;
}

void explain_hover(const TraceIndex& index, std::size_t i) {
  if (ImGui::IsItemHovered()) explain_tooltip(index, i);
}

namespace {

void entry_text(const explain::Entry& entry) {
  ImGui::TextUnformatted(entry.key.data(), entry.key.data() + entry.key.size());
  ImGui::SameLine();
  ImGui::TextDisabled("(%.*s)", static_cast<int>(entry.rfc.size()), entry.rfc.data());
  const auto text = entry.text(language());
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
}

// "5.1.1: permanent failure · addressing · bad destination mailbox (RFC 3463)".
void enhanced_text(const explain::EnhancedStatus& s) {
  const Lang lang = language();
  std::string line(s.code);
  line += ": ";
  line += s.klass->text(lang);
  if (s.subject) (line += " · ") += s.subject->text(lang);
  if (s.detail) (line += " · ") += s.detail->text(lang);
  ImGui::TextUnformatted(line.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("(%.*s)", static_cast<int>(s.klass->rfc.size()), s.klass->rfc.data());
}

}  // namespace

void explain_tooltip(const TraceIndex& index, std::size_t i) {
  const TraceEvent& e = index.event(i);
  if (e.kind != TraceKind::Line) return;
  const explain::Entry* entry = nullptr;
  const explain::Entry* in_context = nullptr;
  std::optional<explain::EnhancedStatus> enhanced;
  if (e.role == LineRole::Command) {
    entry = explain::command(e.proto, e.text);
  } else if (e.role == LineRole::Reply || e.role == LineRole::ReplyPart) {
    entry = explain::reply(e.code);
    if (!entry) entry = explain::status(e.proto, e.text);
    if (e.code) {
      in_context = explain::reply_to(answered_command(index, i), e.code);
      enhanced = explain::enhanced_status(e.text);
    }
  }
  if (!entry) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
  if (in_context) {  // what it means here first, then the code in general
    const std::string verb = answered_command(index, i);
    ImGui::TextDisabled("%s %s", tr(Str::ReplyTo), verb == "." ? tr(Str::EndOfMessage) : verb.c_str());
    entry_text(*in_context);
    ImGui::Separator();
  }
  entry_text(*entry);
  if (enhanced) {
    ImGui::Separator();
    enhanced_text(*enhanced);
  }
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

std::string connection_label(const TraceIndex& index, const Connection& c) {
  std::string label = "c" + std::to_string(c.id);
  if (c.link >= 0) {
    const Link& l = index.links()[c.link];
    label += ' ' + index.nodes()[l.client].name + " > " + index.nodes()[l.server].name + ':' + std::to_string(l.port);
  }
  return label;
}

std::string event_hosts(const Trace& trace, const TraceEvent& e, bool short_names) {
  auto name = [&](HostRef h) {
    const std::string& full = trace.name(h);
    return short_names ? full.substr(0, full.find('.')) : full;
  };
  std::string s = name(e.host);
  if (e.peer != kNoHost) s += " > " + name(e.peer);
  return s;
}

std::string_view first_line(std::string_view text) {
  return std::string_view(text).substr(0, text.find('\n'));
}

std::string event_note(const TraceEvent& e) {
  if (e.kind == TraceKind::Line) return std::string(e.text);
  return explain::localize_note(first_line(e.text), language());
}

void scroll_to_row(std::size_t row, float row_height) {
  const float y = static_cast<float>(row) * row_height;
  const float top = ImGui::GetScrollY(), height = ImGui::GetWindowHeight();
  if (y < top || y + row_height > top + height - row_height)
    ImGui::SetScrollY(y - height * 0.5f);
}

}  // namespace mailsim::gui
