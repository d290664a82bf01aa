#include "panels/scenario_panel.hpp"

#include <imgui_stdlib.h>

#include <filesystem>
#include <set>

#include "app/scenario_files.hpp"

namespace mailsim::gui {

void ScenarioPanel::draw_content(Context& ctx) {
  if (!ctx.load_errors.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.reply[5]);
    ImGui::TextUnformatted(tr(Str::CannotLoad));
    for (const auto& err : ctx.load_errors) ImGui::BulletText("%s", err.c_str());
    ImGui::PopStyleColor();
    ImGui::Separator();
  }
  if (ctx.doc && ImGui::CollapsingHeader(tr(Str::WhatIf), ImGuiTreeNodeFlags_DefaultOpen)) draw_what_if(ctx);
  if (ImGui::CollapsingHeader(tr(Str::ShippedScenarios), ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::BeginChild("##shipped", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 8), true);
    for (const auto& path : shipped_scenarios()) {
      const bool current = ctx.doc && same_file(ctx.doc->scenario().file, path);
      if (ImGui::Selectable(std::filesystem::path(path).filename().string().c_str(), current))
        ctx.requests.open_path = path;
    }
    ImGui::EndChild();
    ImGui::InputText(tr(Str::Path), &path_);
    ImGui::SameLine();
    if (ImGui::Button(tr(Str::Open)) && !path_.empty()) ctx.requests.open_path = path_;
  }
  if (ctx.doc && text_gen_ != ctx.generation) {
    text_gen_ = ctx.generation;
    text_ = ctx.doc->source_text();
  }
  if (ImGui::CollapsingHeader(tr(Str::Editor))) {
    ImGui::PushFont(ctx.fonts.mono);
    ImGui::InputTextMultiline("##json", &text_, ImVec2(-1, ImGui::GetFontSize() * 18));
    ImGui::PopFont();
    if (ImGui::Button(tr(Str::Apply))) {
      ctx.requests.apply_text = true;
      ctx.requests.text = text_;
    }
  }
}

void ScenarioPanel::draw_what_if(Context& ctx) {
  const Scenario& sc = ctx.doc->scenario();
  ImGui::PushID("whatif");
  if (!sc.hosts.empty()) {
    host_ = std::clamp(host_, 0, static_cast<int>(sc.hosts.size()) - 1);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::BeginCombo("##host", sc.hosts[host_].name.c_str())) {
      for (int i = 0; i < static_cast<int>(sc.hosts.size()); ++i)
        if (ImGui::Selectable(sc.hosts[i].name.c_str(), i == host_)) host_ = i;
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputFloat(tr(Str::FromTime), &down_from_, 0, 0, "%.3f");
    ImGui::SameLine();
    if (ImGui::Button(tr(Str::TakeDown))) {
      auto changed = std::make_unique<Scenario>(sc);
      FaultSpec f;
      f.kind = FaultSpec::Kind::HostDown;
      f.target = sc.hosts[host_].name;
      f.from = static_cast<SimTime>(static_cast<double>(std::max(down_from_, 0.0f)) * kSecond);
      changed->faults.push_back(f);
      ctx.requests.what_if = std::move(changed);
    }
  }
  std::set<std::string> mx_domains;
  for (const auto& r : sc.dns)
    if (r.type == "MX") mx_domains.insert(r.name);
  if (!mx_domains.empty()) {
    std::vector<std::string> domains(mx_domains.begin(), mx_domains.end());
    mx_ = std::clamp(mx_, 0, static_cast<int>(domains.size()) - 1);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::BeginCombo("##mx", domains[mx_].c_str())) {
      for (int i = 0; i < static_cast<int>(domains.size()); ++i)
        if (ImGui::Selectable(domains[i].c_str(), i == mx_)) mx_ = i;
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr(Str::DropMx))) {
      auto changed = std::make_unique<Scenario>(sc);
      std::erase_if(changed->dns, [&](const DnsRecordSpec& r) { return r.type == "MX" && r.name == domains[mx_]; });
      ctx.requests.what_if = std::move(changed);
    }
  }
  if (ctx.compare_before) {
    const MessageBalance& b = *ctx.compare_before;
    const MessageBalance a = ctx.doc->simulation().balance();
    ImGui::TextUnformatted(tr(Str::Compare));
    if (ImGui::BeginTable("##compare", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("");
      ImGui::TableSetupColumn(tr(Str::Before));
      ImGui::TableSetupColumn(tr(Str::After));
      ImGui::TableHeadersRow();
      const std::pair<Str, std::size_t MessageBalance::*> rows[] = {{Str::Accepted, &MessageBalance::accepted},
                                                                     {Str::Delivered, &MessageBalance::delivered},
                                                                     {Str::Bounced, &MessageBalance::bounced},
                                                                     {Str::Queued, &MessageBalance::queued}};
      for (auto [label, field] : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr(label));
        ImGui::TableNextColumn();
        ImGui::Text("%zu", b.*field);
        ImGui::TableNextColumn();
        ImGui::Text("%zu", a.*field);
      }
      ImGui::EndTable();
    }
  }
  ImGui::PopID();
}

}  // namespace mailsim::gui
