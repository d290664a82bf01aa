#include "panels/scenario_panel.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "app/scenario_files.hpp"
#include "lesson/lesson.hpp"
#include "model/text_position.hpp"

namespace mailsim::gui {
namespace {

// A combo box over `names` (a few ems wide); true when another entry was picked.
bool pick(const char* id, const std::vector<std::string>& names, int& index, float width) {
  bool picked = false;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * width);
  if (ImGui::BeginCombo(id, names[index].c_str())) {
    for (int i = 0; i < static_cast<int>(names.size()); ++i)
      if (ImGui::Selectable(names[i].c_str(), i == index)) {
        picked = i != index;
        index = i;
      }
    ImGui::EndCombo();
  }
  return picked;
}

}  // namespace

void ScenarioPanel::draw_content(Context& ctx) {
  if (!ctx.load_errors.empty()) draw_problems(ctx, ctx.load_errors, Str::CannotLoad, "##error");
  if (!ctx.load_warnings.empty()) draw_problems(ctx, ctx.load_warnings, Str::LoadsWithWarnings, "##warning");
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
  draw_editor(ctx);
}

void ScenarioPanel::draw_problems(Context& ctx, const std::vector<std::string>& problems, Str heading, const char* id) {
  ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.reply[heading == Str::CannotLoad ? 5 : 4]);
  ImGui::TextUnformatted(tr(heading));
  bool placed = false;
  for (std::size_t i = 0; i < problems.size(); ++i) {
    const std::string& error = problems[i];
    const auto at = error_position(error);
    if (!at) {
      ImGui::BulletText("%s", error.c_str());
      continue;
    }
    placed = true;
    ImGui::Bullet();
    const std::string label = error + id + std::to_string(i);
    if (ImGui::Selectable(label.c_str())) {
      if (!ctx.load_errors_text.empty()) text_ = ctx.load_errors_text;
      jump_ = byte_offset(text_, *at);
      open_editor_ = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", error.c_str());  // a long one is cut off
  }
  ImGui::PopStyleColor();
  if (placed) ImGui::TextDisabled("%s", tr(Str::ErrorHint));
  ImGui::Separator();
}

void ScenarioPanel::draw_editor(Context& ctx) {
  if (open_editor_) ImGui::SetNextItemOpen(true);
  if (!ImGui::CollapsingHeader(tr(Str::Editor))) return;
  if (open_editor_) {
    ImGui::SetScrollHereY(0.0f);
    open_editor_ = false;
  }
  if (jump_) ImGui::SetKeyboardFocusHere();
  ImGui::PushFont(ctx.fonts.mono);
  ImGui::InputTextMultiline("##json", &text_, ImVec2(-1, ImGui::GetFontSize() * 18), ImGuiInputTextFlags_CallbackAlways,
                            &ScenarioPanel::move_cursor, this);
  ImGui::PopFont();
  if (ImGui::Button(tr(Str::Apply))) {
    ctx.requests.apply_text = true;
    ctx.requests.text = text_;
  }
}

int ScenarioPanel::move_cursor(ImGuiInputTextCallbackData* data) {
  auto* self = static_cast<ScenarioPanel*>(data->UserData);
  if (self->jump_) {
    const auto at = static_cast<int>(std::min(*self->jump_, static_cast<std::size_t>(data->BufTextLen)));
    data->CursorPos = data->SelectionStart = data->SelectionEnd = at;
    self->jump_.reset();
  }
  return 0;
}

void ScenarioPanel::draw_what_if(Context& ctx) {
  const Scenario& sc = ctx.doc->scenario();
  ImGui::PushID("whatif");
  if (!sc.hosts.empty()) {
    std::vector<std::string> names;
    for (const auto& h : sc.hosts) names.push_back(h.name);
    host_ = std::clamp(host_, 0, static_cast<int>(names.size()) - 1);
    pick("##host", names, host_, 12);
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
  // MX records one by one ("example.org MX 10 mx1.example.org"): drop one, or all of its domain.
  std::vector<std::size_t> mx_records;
  std::vector<std::string> mx_labels;
  for (std::size_t i = 0; i < sc.dns.size(); ++i)
    if (sc.dns[i].type == "MX") {
      mx_records.push_back(i);
      mx_labels.push_back(sc.dns[i].name + " MX " + std::to_string(sc.dns[i].preference) + ' ' + sc.dns[i].value);
    }
  if (!mx_records.empty()) {
    mx_ = std::clamp(mx_, 0, static_cast<int>(mx_records.size()) - 1);
    pick("##mx", mx_labels, mx_, 18);
    const DnsRecordSpec& record = sc.dns[mx_records[mx_]];
    if (ImGui::Button(tr(Str::DropMxRecord))) {
      auto changed = std::make_unique<Scenario>(sc);
      changed->dns.erase(changed->dns.begin() + static_cast<std::ptrdiff_t>(mx_records[mx_]));
      ctx.requests.what_if = std::move(changed);
    }
    ImGui::SameLine();
    if (ImGui::Button(tr(Str::DropMx))) {
      auto changed = std::make_unique<Scenario>(sc);
      const std::string domain = record.name;
      std::erase_if(changed->dns, [&](const DnsRecordSpec& r) { return r.type == "MX" && r.name == domain; });
      ctx.requests.what_if = std::move(changed);
    }
  }
  draw_extension_off(ctx, sc);
  if (!ctx.undo.empty()) {
    const std::string undo = std::string(tr(Str::Undo)) + " (" + std::to_string(ctx.undo.size()) + ")";
    if (ImGui::Button(undo.c_str())) ctx.requests.undo = true;
  }
  if (ctx.compare_before) {
    draw_compare(ctx);
    draw_expectations(ctx);
  }
  ImGui::PopID();
}

void ScenarioPanel::draw_extension_off(Context& ctx, const Scenario& sc) {
  // The hosts that answer EHLO (or LHLO) with a list of extensions.
  std::vector<int> servers;
  std::vector<std::string> names;
  for (int i = 0; i < static_cast<int>(sc.hosts.size()); ++i) {
    const HostSpec& h = sc.hosts[i];
    const bool lmtp = std::any_of(sc.hosts.begin(), sc.hosts.end(), [&h](const HostSpec& o) { return o.mda_host == h.name; });
    if (h.esmtp && (h.has(Role::Msa) || h.has(Role::Mta) || h.has(Role::Mx) || lmtp) && !h.ehlo_extensions().empty()) {
      servers.push_back(i);
      names.push_back(h.name);
    }
  }
  if (servers.empty()) return;
  int slot = static_cast<int>(std::find(servers.begin(), servers.end(), ext_host_) - servers.begin());
  if (slot == static_cast<int>(servers.size())) slot = 0;
  if (pick("##ext_host", names, slot, 12)) ext_ = 0;
  ext_host_ = servers[slot];
  const HostSpec& host = sc.hosts[ext_host_];
  const std::vector<std::string> extensions = host.ehlo_extensions();
  ext_ = std::clamp(ext_, 0, static_cast<int>(extensions.size()) - 1);
  ImGui::SameLine();
  pick("##ext", extensions, ext_, 10);
  ImGui::SameLine();
  if (ImGui::Button(tr(Str::TurnOff))) {
    std::vector<std::string> kept = extensions;
    kept.erase(kept.begin() + ext_);
    std::vector<std::string> errors;
    auto changed = lesson::apply_edits(sc, {nlohmann::json{{"set_host", host.name}, {"extensions", kept}}.dump()}, errors);
    if (changed) ctx.requests.what_if = std::make_unique<Scenario>(std::move(*changed));
    else ctx.load_errors = std::move(errors);
  }
}

// After a what-if's re-run: each of the scenario's expectations, PASS or FAIL.
void ScenarioPanel::draw_expectations(const Context& ctx) {
  if (expected_gen_ != ctx.generation) {  // checked once per run, not per frame
    expected_gen_ = ctx.generation;
    expected_ = ctx.doc->simulation().check_expectations();
  }
  if (expected_.empty()) return;
  ImGui::TextUnformatted(tr(Str::Expectations));
  for (const ExpectationResult& r : expected_) {
    ImGui::PushStyleColor(ImGuiCol_Text, r.passed ? ctx.palette.reply[2] : ctx.palette.reply[5]);
    ImGui::Bullet();
    ImGui::TextWrapped("%s %s%s%s", r.passed ? "PASS" : "FAIL", r.description.c_str(), r.passed ? "" : ": ", r.detail.c_str());
    ImGui::PopStyleColor();
  }
}

void ScenarioPanel::draw_compare(const Context& ctx) {
  const MessageBalance& b = *ctx.compare_before;
  const MessageBalance a = ctx.doc->simulation().balance();
  ImGui::TextUnformatted(tr(Str::Compare));
  if (!ImGui::BeginTable("##compare", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) return;
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

}  // namespace mailsim::gui
