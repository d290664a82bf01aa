// Theory of operation: File > Open, a file dialog drawn with ImGui.
//
// The recent files first (the last ones opened, kept in the per-user settings), then a
// folder's listing: "..", its sub-folders and its JSON files, a click on a folder enters
// it and a click on a file opens it (a request the App serves after the frame, as every
// load); a path can also be typed. The listing is read when the folder changes, not per
// frame; a folder that cannot be read says so and keeps the dialog usable.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "panels/panel.hpp"

namespace mailsim::gui {

class OpenPanel : public Panel {
 public:
  OpenPanel() : Panel(Str::OpenFile, "open") {}
  void draw_content(Context& ctx) override;

 private:
  void enter(const std::filesystem::path& dir);
  void request(Context& ctx, const std::string& path);
  std::filesystem::path dir_;
  std::vector<std::string> folders_, files_;  // names in dir_, sorted
  std::string error_;                         // dir_ could not be read
  std::string typed_;
};

}  // namespace mailsim::gui
