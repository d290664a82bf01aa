// Theory of operation: where the widgets are, for the browser test.
//
// The web build compiles Dear ImGui with IMGUI_ENABLE_TEST_ENGINE, whose hooks report
// every item's rectangle and label as it is drawn (the mechanism of ImGui's own test
// engine). While enabled (a page opened with ?test=1) this records, frame by frame, the
// last rectangle each visible label had, so web/browser_check.py can click a menu item or
// a button by its label as a user would. Disabled, the hooks are never called.
#pragma once
#include <string>

namespace mailsim::web {

void enable_item_locator();
void begin_frame_items();  // forget the previous frame's items
// {"x":..,"y":..,"w":..,"h":..} in framebuffer pixels of the last item drawn last frame
// with that label (what precedes "##") in a window whose name starts with `window` (any
// window if ""; the menu bar is "##MainMenuBar", open menus "##Menu_"); "" if none.
std::string item_rect_json(const std::string& label, const std::string& window);

}  // namespace mailsim::web
