#include "fixture.hpp"

#include <imgui_internal.h>

#include <cmath>
#include <cstdio>
#include <map>

namespace mailsim::gui::test {
namespace {

TraceEvent ev(Trace& t, SimTime time, TraceKind kind, const char* host, const char* peer = "", std::uint32_t conn = 0,
              std::string_view text = {}) {
  TraceEvent e;
  e.time = time;
  e.kind = kind;
  e.host = t.intern(host);
  e.peer = *peer ? t.intern(peer) : kNoHost;
  e.conn = conn;
  e.text = text;  // string literals: they outlive the append
  return e;
}

// The fixture's events carry their text (string literals) in `text` until appended.
void add(Trace& t, const TraceEvent& e) { t.append(e, e.text); }

TraceEvent line(Trace& t, SimTime time, bool client, const char* from, const char* to, std::uint32_t conn,
                std::string_view text, std::uint16_t port) {
  TraceEvent e = ev(t, time, TraceKind::Line, from, to, conn, text);
  e.dir = client ? Direction::ClientToServer : Direction::ServerToClient;
  e.proto = port == 587 ? Protocol::Submission : Protocol::Smtp;
  e.port = port;
  if (!client) e.code = std::atoi(std::string(e.text.substr(0, 3)).c_str());
  // The role an SMTP engine gives its lines: commands, and replies whose last line has a space.
  e.role = client ? LineRole::Command : e.text.size() > 3 && e.text[3] == '-' ? LineRole::ReplyPart : LineRole::Reply;
  return e;
}

HostSpec host(const char* name, std::vector<Role> roles) {
  HostSpec h;
  h.name = name;
  h.roles = std::move(roles);
  return h;
}

}  // namespace

SmallWorld::SmallWorld() {
  scenario.hosts = {host("mua", {Role::Mua}), host("mta", {Role::Msa, Role::Mta}), host("mx", {Role::Mx, Role::Mda})};
  Trace& t = trace;
  auto connect = ev(t, 0, TraceKind::ConnectAttempt, "mua", "mta", 1);
  connect.port = 587;
  add(t, connect);                                                        // 0
  add(t, line(t, 10, false, "mta", "mua", 1, "220 mta ready", 587));       // 1
  add(t, line(t, 20, true, "mua", "mta", 1, "EHLO mua", 587));             // 2
  add(t, line(t, 30, false, "mta", "mua", 1, "250-mta", 587));             // 3
  add(t, line(t, 30, false, "mta", "mua", 1, "250-PIPELINING", 587));      // 4
  add(t, line(t, 30, false, "mta", "mua", 1, "250 8BITMIME", 587));        // 5
  add(t, line(t, 40, true, "mua", "mta", 1, "MAIL FROM:<a@x>", 587));      // 6
  add(t, line(t, 50, false, "mta", "mua", 1, "250 ok", 587));              // 7
  auto accepted = ev(t, 60, TraceKind::MessageAccepted, "mta", "mua", 1);
  accepted.message = 1;
  add(t, accepted);                                                       // 8
  add(t, ev(t, 70, TraceKind::DnsQuery, "mta", "dns", 0, "MX y"));        // 9
  add(t, ev(t, 80, TraceKind::DnsAnswer, "dns", "mta", 0, "mx"));         // 10
  add(t, ev(t, 90, TraceKind::HostDown, "mx"));                           // 11
  auto queued = ev(t, 100, TraceKind::MessageQueued, "mta", "", 0, "retry in 60 s");
  queued.message = 1;
  add(t, queued);                                                         // 12
  add(t, ev(t, 200, TraceKind::HostUp, "mx"));                            // 13
  auto c2 = ev(t, 300, TraceKind::ConnectAttempt, "mta", "mx", 2);
  c2.port = 25;
  add(t, c2);                                                             // 14
  add(t, line(t, 310, false, "mx", "mta", 2, "550 no such user", 25));    // 15
  auto relayed = ev(t, 320, TraceKind::Relayed, "mta", "mx", 2);
  relayed.message = 1;
  add(t, relayed);                                                        // 16
  auto delivered = ev(t, 330, TraceKind::Delivered, "mx", "", 0, "b INBOX");
  delivered.message = 1;
  add(t, delivered);                                                      // 17
  auto stored = ev(t, 330, TraceKind::MailboxChanged, "mx", "", 0, "b INBOX 1 new");
  stored.message = 1;
  add(t, stored);                                                         // 18
}

std::size_t find_event(const TraceIndex& index, TraceKind kind, std::string_view prefix) {
  for (std::size_t i = 0; i < index.size(); ++i)
    if (index.event(i).kind == kind && index.event(i).text.substr(0, prefix.size()) == prefix) return i;
  return index.size();
}

std::string scenario_path(const char* name) { return std::string(MAILSIM_SOURCE_DIR) + "/scenarios/" + name; }

std::string child_window(const char* parent, const char* child) {
  const ImGuiWindow* w = ImGui::FindWindowByName(parent);
  if (!w) return "";
  char name[256];
  std::snprintf(name, sizeof name, "%s/%s_%08X", w->Name, child, ImHashStr(child, 0, w->ID));
  return name;
}

Headless::Headless() {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(1280, 800);
  io.DeltaTime = 1.0f / 60;
  io.IniFilename = nullptr;
  for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = 400 + k;  // native indices for the named keys
}

Headless::~Headless() { ImGui::DestroyContext(); }

void Headless::new_frame(App& app) {
  if (app.fonts_dirty()) app.rebuild_fonts();
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(1));
  ImGui::NewFrame();
}

void Headless::frame(App& app, int count) {
  for (int i = 0; i < count; ++i) {
    new_frame(app);
    app.frame(1.0 / 60);
    ImGui::Render();
  }
}

std::string Headless::panel_text(App& app, const char* id) {
  Panel* panel = app.find_panel(id);
  if (!panel) return "";
  new_frame(app);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
  ImGui::Begin("##probe", nullptr, ImGuiWindowFlags_NoDecoration);
  ImGui::LogToBuffer(0);  // depth 0: trees and headers stay as they are
  panel->draw_content(app.context());
  std::string text = GImGui->LogBuffer.c_str();  // before LogFinish(), which empties the buffer
  ImGui::LogFinish();
  ImGui::End();
  ImGui::Render();
  return text;
}

std::string Headless::frame_text(App& app) {
  frame(app);
  return drawn().text;
}

Drawn drawn(const ImGuiWindow* within) {
  // Every glyph of the atlas by the top-left corner of its texture rectangle.
  std::map<std::pair<float, float>, const ImFontGlyph*> glyphs;
  for (const ImFont* font : ImGui::GetIO().Fonts->Fonts)
    for (const ImFontGlyph& g : font->Glyphs) glyphs[{g.U0, g.V0}] = &g;
  auto inside = [within](const ImGuiWindow* w) {
    for (; within && w && w != within; w = w->ParentWindow) {}
    return !within || w == within;
  };
  Drawn out;
  auto put = [&out](std::string_view bytes, ImVec2 at) {
    out.text += bytes;
    out.where.insert(out.where.end(), bytes.size(), at);
  };
  for (const ImGuiWindow* w : GImGui->Windows) {
    if (!w->Active || w->Hidden || !inside(w)) continue;
    const ImVector<ImDrawVert>& v = w->DrawList->VtxBuffer;
    float pen_end = 0, line_top = -1e9f;
    for (int i = 0; i + 3 < v.Size; ++i) {
      const auto it = glyphs.find({v[i].uv.x, v[i].uv.y});
      if (it == glyphs.end()) continue;
      const ImFontGlyph& g = *it->second;
      if (v[i + 2].uv.x != g.U1 || v[i + 2].uv.y != g.V1 || g.Y1 <= g.Y0) continue;
      // The quad is the glyph's box scaled: back to the pen position and the line's top.
      const float scale = (v[i + 2].pos.y - v[i].pos.y) / (g.Y1 - g.Y0);
      const float pen = v[i].pos.x - g.X0 * scale, top = v[i].pos.y - g.Y0 * scale;
      const float size = ImGui::GetFontSize();
      const ImVec2 at(pen, top);
      if (std::abs(top - line_top) > size * 0.5f) put("\n", at);
      else if (pen - pen_end > size * 0.15f) put(" ", at);
      char utf8[5];
      put(ImTextCharToUtf8(utf8, g.Codepoint), at);
      pen_end = pen + g.AdvanceX * scale;
      line_top = top;
      i += 3;
    }
    put("\n", ImVec2(0, 0));
  }
  return out;
}

std::optional<ImVec2> Drawn::find(std::string_view s) const {
  const std::size_t at = text.find(s);
  if (at == std::string::npos || s.empty()) return std::nullopt;
  const ImVec2 first = where[at], last = where[at + s.size() - 1];
  return ImVec2((first.x + last.x) / 2 + ImGui::GetFontSize() * 0.3f, first.y + ImGui::GetFontSize() / 2);
}

ImGuiWindow* window_in(const char* root, const char* part) {
  const ImGuiWindow* r = ImGui::FindWindowByName(root);
  for (ImGuiWindow* w : GImGui->Windows)
    if (r && w->RootWindow == r && std::string_view(w->Name).find(part) != std::string_view::npos) return w;
  return nullptr;
}

ImGuiID Headless::item_id(const char* window, const char* label, const char* push_id) {
  ImGuiWindow* w = ImGui::FindWindowByName(window);
  if (!w) return 0;
  ImGuiID seed = w->ID;
  if (push_id) seed = ImHashStr(push_id, 0, seed);
  return ImHashStr(label, 0, seed);
}

bool Headless::locate(App& app, const char* window, ImGuiID id, ImVec2& out) {
  ImGuiWindow* w = ImGui::FindWindowByName(window);
  if (!w || id == 0) return false;
  auto scan = [&] {
    const ImRect r = w->Rect();
    const float step_y = ImGui::GetFontSize() * 0.5f;
    for (float y = r.Min.y + 1; y < r.Max.y; y += step_y)
      for (float x = r.Min.x + 2; x < r.Max.x; x += 8) {
        ImGui::GetIO().MousePos = ImVec2(x, y);
        frame(app);
        if (GImGui->HoveredId == id) {
          out = ImVec2(x, y);
          return true;
        }
      }
    return false;
  };
  if (scan()) return true;
  // Not in view: scroll down the window half a height at a time, as a user looks for it.
  for (float y = 0; y <= w->ScrollMax.y + w->Size.y / 2; y += w->Size.y / 2) {
    ImGui::SetScrollY(w, y);
    frame(app, 2);
    if (scan()) return true;
  }
  return false;
}

bool Headless::click_at(App& app, ImVec2 pos) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = pos;
  frame(app);
  io.MouseDown[0] = true;
  frame(app);
  io.MouseDown[0] = false;
  frame(app, 2);
  return true;
}

bool Headless::click(App& app, const char* window, ImGuiID id) {
  ImVec2 pos;
  if (!locate(app, window, id, pos)) return false;
  return click_at(app, pos);
}

Loaded::Loaded(const char* scenario) {
  set_language(Lang::En);
  app.open(scenario_path(scenario));
  ui.frame(app, 3);
}

bool Loaded::click(const char* window, const std::string& label, const char* push_id) {
  return ui.click(app, window, Headless::item_id(window, label.c_str(), push_id));
}

void Headless::press_key(App& app, int native_key) {
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[native_key] = true;
  frame(app);
  io.KeysDown[native_key] = false;
  frame(app);
}

}  // namespace mailsim::gui::test
