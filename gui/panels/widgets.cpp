#include "panels/widgets.hpp"

#include "app/i18n.hpp"
#include "explain/catalog.hpp"
#include "explain/notes.hpp"

namespace mailsim::gui {

ImU32 line_colour(const Palette& p, const TraceEvent& e) {
  if (e.kind != TraceKind::Line) return p.dim;
  if (e.dir == Direction::ClientToServer) return p.client;
  const int c = reply_class(e);
  return c ? p.reply[c] : p.server;
}

void explain_hover(const TraceEvent& e) {
  if (ImGui::IsItemHovered()) explain_tooltip(e);
}

void explain_tooltip(const TraceEvent& e) {
  if (e.kind != TraceKind::Line) return;
  const explain::Entry* entry = nullptr;
  if (e.dir == Direction::ClientToServer) {
    entry = explain::command(e.proto, e.text);
  } else {
    entry = explain::reply(e.code);
    if (!entry) entry = explain::status(e.proto, e.text);
  }
  if (!entry) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
  ImGui::TextUnformatted(entry->key.data(), entry->key.data() + entry->key.size());
  ImGui::SameLine();
  ImGui::TextDisabled("(%.*s)", static_cast<int>(entry->rfc.size()), entry->rfc.data());
  const auto text = entry->text(language());
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
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

std::string event_hosts(const Trace& trace, const TraceEvent& e) {
  std::string s = trace.name(e.host);
  if (e.peer != kNoHost) s += " > " + trace.name(e.peer);
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
