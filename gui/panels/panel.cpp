#include "panels/panel.hpp"

#include <string>

namespace mailsim::gui {

void Panel::draw(Context& ctx, ImGuiWindowFlags flags) {
  if (!open) return;
  const std::string label = std::string(tr(title_)) + "###" + id_;
  if (ImGui::Begin(label.c_str(), &open, flags)) draw_content(ctx);
  ImGui::End();
}

}  // namespace mailsim::gui
