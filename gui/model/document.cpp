#include "model/document.hpp"

#include <fstream>
#include <sstream>

namespace mailsim::gui {

Document::Document(const Scenario& scenario, std::string source_text, Run run)
    : sim_(std::make_unique<Simulation>(scenario)), source_text_(std::move(source_text)) {
  if (run == Run::ToEnd) sim_->run();
  index_ = std::make_unique<TraceIndex>(sim_->trace(), sim_->scenario());
}

LoadOutcome run_document(const Scenario& scenario, const std::string& source_text, Document::Run run) {
  LoadOutcome out;
  try {
    out.document = std::make_unique<Document>(scenario, source_text, run);
  } catch (const std::exception& e) {
    out.errors.push_back(scenario.file + ": the simulation failed: " + e.what());
    out.text = source_text;
  }
  return out;
}

LoadOutcome load_document_text(const std::string& text, const std::string& file_name, Document::Run run) {
  LoadOutcome out;
  out.text = text;  // kept only if the scenario does not load
  LoadResult loaded;
  try {
    loaded = load_scenario_text(text, file_name);
  } catch (const std::exception& e) {
    out.errors.push_back(file_name + ": " + e.what());
    return out;
  }
  for (const auto& err : loaded.errors) out.errors.push_back(err.format());
  if (!loaded.scenario) {
    if (out.errors.empty()) out.errors.push_back(file_name + ": not a valid scenario");
    return out;
  }
  LoadOutcome outcome = run_document(*loaded.scenario, text, run);
  for (const auto& w : loaded.warnings) outcome.warnings.push_back(w.format());
  return outcome;
}

LoadOutcome load_document_file(const std::string& path, Document::Run run) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadOutcome out;
    out.errors.push_back(path + ": cannot open the file");
    return out;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_document_text(text.str(), path, run);
}

}  // namespace mailsim::gui
