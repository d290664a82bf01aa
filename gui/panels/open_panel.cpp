#include "panels/open_panel.hpp"

#include <imgui_stdlib.h>

#include <algorithm>

namespace mailsim::gui {

namespace fs = std::filesystem;

void OpenPanel::enter(const fs::path& dir) {
  std::error_code ec;
  dir_ = fs::weakly_canonical(dir, ec);
  if (ec) dir_ = dir;
  folders_.clear();
  files_.clear();
  error_.clear();
  for (fs::directory_iterator it(dir_, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code kind;
    if (it->is_directory(kind)) folders_.push_back(name);
    else if (it->path().extension() == ".json") files_.push_back(name);
  }
  if (ec) error_ = dir_.string() + ": " + ec.message();
  std::sort(folders_.begin(), folders_.end());
  std::sort(files_.begin(), files_.end());
}

void OpenPanel::request(Context& ctx, const std::string& path) {
  ctx.requests.open_path = path;
  open = false;
}

void OpenPanel::draw_content(Context& ctx) {
  if (dir_.empty()) {  // the loaded scenario's folder, else the current one
    std::error_code ec;
    const fs::path here = ctx.doc ? fs::path(ctx.doc->scenario().file).parent_path() : fs::path();
    enter(here.empty() ? fs::current_path(ec) : here);
  }
  if (!ctx.recent_files.empty() && ImGui::CollapsingHeader(tr(Str::RecentFiles), ImGuiTreeNodeFlags_DefaultOpen)) {
    for (const std::string& path : ctx.recent_files)
      if (ImGui::Selectable(path.c_str())) request(ctx, path);
    ImGui::Separator();
  }
  ImGui::TextWrapped("%s", dir_.string().c_str());
  if (!error_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.reply[5]);
    ImGui::TextWrapped("%s", error_.c_str());
    ImGui::PopStyleColor();
  }
  const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
  ImGui::BeginChild("##listing", ImVec2(0, -footer), true);
  fs::path go;
  if (dir_.has_parent_path() && dir_ != dir_.root_path() && ImGui::Selectable("../")) go = dir_.parent_path();
  for (const std::string& name : folders_)
    if (ImGui::Selectable((name + "/").c_str())) go = dir_ / name;
  for (const std::string& name : files_)
    if (ImGui::Selectable(name.c_str())) request(ctx, (dir_ / name).string());
  ImGui::EndChild();
  if (!go.empty()) enter(go);
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize(tr(Str::Open)).x - ImGui::GetStyle().FramePadding.x * 4);
  const bool typed = ImGui::InputText("##typed", &typed_, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button(tr(Str::Open)) || typed) && !typed_.empty()) {
    std::error_code ec;
    const fs::path path = fs::path(typed_).is_absolute() ? fs::path(typed_) : dir_ / typed_;
    if (fs::is_directory(path, ec)) enter(path);
    else request(ctx, path.string());
    typed_.clear();
  }
}

}  // namespace mailsim::gui
