// Theory of operation: one loaded scenario, run to completion.
//
// A Document owns the Simulation built from a validated scenario, runs it to the end on
// load (fast: the kernel is in-process) and indexes its trace for the panels. Loading
// never throws: a broken file gives a list of `file:line:col: message` errors and no
// document, so the window can show them and keep the previous one. In live mode
// (app/live_session.hpp) the simulation is not run on load: its driver advances it and
// extends the index as the trace grows, through the non-const accessors.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "model/trace_index.hpp"
#include "world/simulation.hpp"

namespace mailsim::gui {

class Document {
 public:
  enum class Run { ToEnd, Live };
  Document(const Scenario& scenario, std::string source_text, Run run = Run::ToEnd);
  const Simulation& simulation() const { return *sim_; }
  Simulation& simulation() { return *sim_; }
  const Scenario& scenario() const { return sim_->scenario(); }
  const TraceIndex& index() const { return *index_; }
  TraceIndex& index() { return *index_; }
  const std::string& source_text() const { return source_text_; }

 private:
  std::unique_ptr<Simulation> sim_;
  std::unique_ptr<TraceIndex> index_;
  std::string source_text_;
};

struct LoadOutcome {
  std::unique_ptr<Document> document;
  std::vector<std::string> errors;
  std::vector<std::string> warnings;  // loaded, but cannot work as written (scenario/contradictions.hpp)
  std::string text;  // no document: the scenario text the errors are about ("" if unread)
};

LoadOutcome load_document_file(const std::string& path, Document::Run run = Document::Run::ToEnd);
LoadOutcome load_document_text(const std::string& text, const std::string& file_name,
                               Document::Run run = Document::Run::ToEnd);
// Re-run a scenario changed in memory (the what-if actions).
LoadOutcome run_document(const Scenario& scenario, const std::string& source_text,
                         Document::Run run = Document::Run::ToEnd);

}  // namespace mailsim::gui
