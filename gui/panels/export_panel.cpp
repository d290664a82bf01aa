#include "panels/export_panel.hpp"

#include <imgui_stdlib.h>

#include <filesystem>

#include "app/live_session.hpp"
#include "export/diagram.hpp"

namespace mailsim::gui {
namespace {

namespace fs = std::filesystem;

constexpr Str kKindNames[ExportPanel::kKinds] = {Str::ExportPcap, Str::ExportDiagram, Str::ExportTrace,
                                                  Str::ExportMailboxes};
// What a name needs after the scenario's: the trace's ".json" would be the scenario's own.
constexpr const char* kSuffixes[ExportPanel::kKinds] = {".pcap", ".mmd", "-trace.json", "-mailboxes"};
constexpr const char* kDiagramExtensions[] = {".mmd", ".svg", ".msc"};
constexpr const char* kDiagramFormats[] = {"Mermaid (.mmd)", "SVG (.svg)", "mscgen (.msc)"};

}  // namespace

bool ExportPanel::draw_menu_items(const Context& ctx) {
  bool picked = false;
  for (int k = 0; k < kKinds; ++k) {
    const std::string label = std::string(tr(kKindNames[k])) + "…";
    if (ImGui::MenuItem(label.c_str(), nullptr, false, ctx.doc != nullptr)) {
      form_.kind = static_cast<Kind>(k);
      picked = true;
    }
  }
  return picked;
}

void ExportPanel::prefill(const Scenario& scenario) {
  const std::string name = scenario.name.empty() ? "mailsim" : scenario.name;
  if (name == prefilled_for_) return;
  prefilled_for_ = name;
  for (int k = 0; k < kKinds; ++k) form_.paths[k] = name + kSuffixes[k];
}

void ExportPanel::draw_content(Context& ctx) {
  if (!ctx.doc) {
    ImGui::TextDisabled("%s", tr(Str::NoScenario));
    return;
  }
  prefill(ctx.doc->scenario());
  int kind = static_cast<int>(form_.kind);
  const char* kinds[kKinds];
  for (int k = 0; k < kKinds; ++k) kinds[k] = tr(kKindNames[k]);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  if (ImGui::Combo("##kind", &kind, kinds, kKinds)) form_.kind = static_cast<Kind>(kind);

  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 6);
  ImGui::InputText((std::string(tr(Str::Path)) + "###path").c_str(), &form_.path());
  std::error_code ec;
  ImGui::TextDisabled(tr(Str::ExportRelativeTo), fs::current_path(ec).string().c_str());
  if (form_.kind == Kind::Diagram) draw_diagram_options(ctx);
  if (form_.kind != Kind::Mailboxes) ImGui::Checkbox(tr(Str::ExportShowPasswords), &form_.show_passwords);
  if (ctx.live) ImGui::TextDisabled("%s", tr(Str::ExportLiveSoFar));

  if (ImGui::Button(tr(Str::Export))) export_now(ctx);
  draw_status(ctx.palette);
}

void ExportPanel::draw_diagram_options(const Context& ctx) {
  const auto format = diagram_format_for(form_.path());
  int chosen = format ? static_cast<int>(*format) : -1;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  if (ImGui::Combo(tr(Str::ExportFormat), &chosen, kDiagramFormats, IM_ARRAYSIZE(kDiagramFormats)))
    form_.path() = fs::path(form_.path()).replace_extension(kDiagramExtensions[chosen]).string();

  const std::uint32_t conn = ctx.sel.shown_conn;
  const std::string conn_name = conn ? "c" + std::to_string(conn) : "–";
  ImGui::BeginDisabled(conn == 0);
  // "###": the same checkbox whatever the connection or the time it names.
  const std::string only = std::string(tr(Str::ExportOnlyConnection)) + " (" + conn_name + ")###only_connection";
  ImGui::Checkbox(only.c_str(), &form_.only_connection);
  ImGui::EndDisabled();

  const Timeline& tl = ctx.timeline;
  ImGui::BeginDisabled(tl.pos() == 0);
  const std::string range = std::string(tr(Str::ExportUpToCursor)) + " (0 – " + format_time(tl.time()) + " s)###up_to_cursor";
  ImGui::Checkbox(range.c_str(), &form_.up_to_cursor);
  ImGui::EndDisabled();
  ImGui::Checkbox(tr(Str::ExportFullBodies), &form_.full_bodies);
}

void ExportPanel::export_now(const Context& ctx) {
  report_.clear();
  notice_.reset();
  ++exports_asked_;
  if (!ctx.doc) return;
  if (form_.path().empty()) {
    notice_ = Str::ExportNoPath;
    return;
  }
  std::error_code ec;
  const fs::path absolute = fs::absolute(form_.path(), ec);
  const std::string path = ec ? form_.path() : absolute.string();
  const Simulation& sim = ctx.doc->simulation();
  if (form_.kind == Kind::Mailboxes) {
    report_ = write_mailboxes(path, sim, sim.scenario());
    if (report_.empty()) notice_ = Str::ExportNoMailstore;
    return;
  }
  ExportRequest request;
  request.mask = !form_.show_passwords;
  if (form_.kind == Kind::Pcap) request.pcap = path;
  if (form_.kind == Kind::Trace) request.trace_json = path;
  if (form_.kind == Kind::Diagram) {
    request.diagram = path;
    if (form_.only_connection && ctx.sel.shown_conn) request.diagram_filter.only_conn = ctx.sel.shown_conn;
    if (form_.up_to_cursor && ctx.timeline.pos() > 0) request.diagram_filter.to = ctx.timeline.time();
    request.diagram_filter.full = form_.full_bodies;
  }
  // Live mode: the TLS connections' bytes as they went on the wire (their records, as the
  // pcap `mailsim serve` writes), not their trace lines in clear.
  if (ctx.live) request.wire = &ctx.live->server().wire_log();
  report_ = write_exports(request, sim.trace(), sim.network(), sim.scenario());
}

void ExportPanel::draw_status(const Palette& palette) const {
  if (notice_) ImGui::TextDisabled("%s", tr(*notice_));
  for (const ExportOutcome& o : report_) {
    if (!o.ok()) {
      ImGui::PushStyleColor(ImGuiCol_Text, palette.reply[5]);
      ImGui::TextWrapped(tr(Str::ExportFailed), o.error.c_str());
      ImGui::PopStyleColor();
    } else if (o.host.empty()) {
      ImGui::TextWrapped(tr(Str::ExportWrote), o.path.c_str());
      if (o.not_utf8 > 0) ImGui::TextWrapped(tr(Str::ExportNotUtf8), o.not_utf8);
    } else {
      ImGui::TextWrapped(tr(Str::ExportWroteMailboxes), o.messages, o.host.c_str(), o.path.c_str());
    }
  }
}

}  // namespace mailsim::gui
