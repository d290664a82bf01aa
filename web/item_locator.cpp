#include "item_locator.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstdio>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mailsim::web {
namespace {

struct Item {
  std::string window, label;
  ImRect rect;
};

std::unordered_map<ImGuiID, ImRect> g_rects;  // this frame's items, by id
std::vector<Item> g_items, g_last_frame;      // labelled items of this frame and the last

}  // namespace

void enable_item_locator() { ImGui::GetCurrentContext()->TestEngineHookItems = true; }

void begin_frame_items() {
  g_rects.clear();
  g_last_frame.swap(g_items);
  g_items.clear();
}

std::string item_rect_json(const std::string& label, const std::string& window) {
  for (auto it = g_last_frame.rbegin(); it != g_last_frame.rend(); ++it) {
    if (it->label != label || it->window.compare(0, window.size(), window) != 0) continue;
    char buf[160];
    std::snprintf(buf, sizeof buf, R"({"x":%.1f,"y":%.1f,"w":%.1f,"h":%.1f})", it->rect.Min.x, it->rect.Min.y,
                  it->rect.GetWidth(), it->rect.GetHeight());
    return buf;
  }
  return {};
}

}  // namespace mailsim::web

// The hooks Dear ImGui calls when built with IMGUI_ENABLE_TEST_ENGINE.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, const ImRect& bb, ImGuiID id) { mailsim::web::g_rects[id] = bb; }

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
  const auto it = mailsim::web::g_rects.find(id);
  if (it == mailsim::web::g_rects.end() || !label) return;
  const std::string_view text = label;
  const char* window = ctx->CurrentWindow ? ctx->CurrentWindow->Name : "";
  mailsim::web::g_items.push_back({window, std::string(text.substr(0, text.find("##"))), it->second});
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
