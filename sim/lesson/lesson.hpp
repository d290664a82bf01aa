// Theory of operation: lessons, the course step by step (the lesson model of the core).
//
// A lesson is a Markdown file in lessons/ (format: lessons/README.md) written by a teacher:
// a small front matter (id, titles, default scenario), an introduction and numbered steps,
// each with its text in French and in English (`::: fr` / `::: en` blocks). A step is
//   - a *show* step: it points at an event of the scenario's trace (its anchor);
//   - a *predict* step: it asks a question whose answer is computed from the anchored
//     event (the reply code, the host that accepted the message, ...), never written in
//     the lesson; the student's answer is compared with what the simulation did;
//   - a *try* step: it changes the scenario (a host down, an MX record dropped, ESMTP
//     turned off, ...), runs it again and checks the expected outcome with the scenario
//     expectation checker (sim/world/expect.*), the same one `mailsim run` uses.
//   - an *activity*: the student produces something (the lines of a session typed by hand,
//     a list of scenario changes, or a whole scenario file), the simulation runs it and the
//     step's expectations grade it: score = expectations met / expectations.
// Steps of lessons 2 to 4 may look at an address (the RFC 5322/5321 parsers) or at a
// message file (the MIME parser) instead of a trace event.
//
// Anchors are queries over trace events by what happens (kind, host, peer, command, reply
// code, protocol, text, message, nth, after another anchor), not by index, so editing a
// scenario does not break a lesson unless what the lesson talks about stops happening,
// which `mailsim lesson check` reports with the lesson file and line.
//
// API for front ends (the CLI `mailsim lesson`, the GUI lesson panel):
//   load_lessons(dir)                 every lesson of a directory, sorted, with errors
//   LessonRunner                      caches one run per scenario; gives the Simulation
//   find_anchor(query, trace)         index of the event a step points at
//   question_position(step, trace)    where to put the timeline while a question is asked
//   answer_position(step, trace)      ... and once it is answered (the event that answers)
//   expected_answer / evaluate_prediction   the computed answer; is the student right?
//   apply_edits / run_try             a "try it" step: the changed scenario and its checks
//   check_lesson                      everything `mailsim lesson check` verifies
#pragma once
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "explain/catalog.hpp"
#include "scenario/scenario.hpp"
#include "world/simulation.hpp"

namespace mailsim::lesson {

using Lang = explain::Lang;  // one language switch for the lessons, the catalogue and the notes
using explain::lang_name;
using explain::parse_lang;

// A text in both languages (Markdown).
struct Text {
  std::string fr, en;
  const std::string& get(Lang lang) const { return lang == Lang::Fr ? fr : en; }
  std::string& get(Lang lang) { return lang == Lang::Fr ? fr : en; }
};

// A query over trace events (see lessons/README.md, "Anchors"). Fields left empty match
// anything. `kind` is a trace kind name ("line", "delivered", "dns-query", ...) or one of
// the pseudo-kinds "command" (a client line outside message text) and "reply" (the final
// line of a server reply); for a reply, `command` is the verb of the command it answers.
struct AnchorQuery {
  std::string kind, host, peer, command, proto, text, message, state;
  int code = 0;
  int port = 0;
  int nth = 1;                           // 1 = first match; -1 = last match
  std::shared_ptr<AnchorQuery> after;    // search only after the event this one finds
  SourcePos pos;                         // where it is written in the lesson
  std::string describe() const;          // "reply to RCPT from artemis.ibp.fr, nth 2"
};
// Parses `{kind: reply, command: RCPT, nth: 2}` (already read as JSON); errors in words.
std::optional<AnchorQuery> parse_anchor(const nlohmann::json& spec, std::string* error);

// What a predict step asks (see lessons/README.md, "Predictions").
struct Prediction {
  std::string field;   // trace: code, reply, host, peer, command, message, state, port, kind, text,
                       //        count, header-count; address: valid, mailbox, local_part, domain,
                       //        display_name, route, same; message: parts, type, encoding, charset,
                       //        header, diagnostics
  std::string name;    // header-count / header: the field name; same: the other address
  std::string part;    // message fields: the part path ("" = root, "1", "2.1")
  std::vector<std::string> options;  // optional multiple choice; the computed answer must be one
};

// What an activity asks the student to hand in (see lessons/README.md, "Activities").
struct Activity {
  enum class Submit { Lines, Edits, Scenario };
  Submit submit = Submit::Lines;
  std::string edit;                    // Lines: the change the lines go into, as JSON text ({"set_client":1} or {"add_raw":...})
  std::string good, partial;           // solution files (resolved): full score / partial score (for `lesson check`)
  SourcePos pos;
};
std::string_view submit_name(Activity::Submit submit);

enum class StepKind { Show, Predict, Try, Activity };
std::string_view step_kind_name(StepKind kind);

// An expectation as a lesson writes it, typed against the changed scenario by run_try.
struct ExpectSpec {
  std::string spec;                    // as JSON text, parsed when the lesson loaded
  SourcePos pos;
};

struct Step {
  std::string id;
  StepKind kind = StepKind::Show;
  Text title;                          // the `### ` line opening each language block
  Text body;                           // the rest of the block
  Text answer;                         // `::: fr answer` blocks: shown after a prediction; {{answer}} is replaced
  std::map<std::string, Text> feedback;  // `::: fr if CHOICE` blocks: why that (wrong) choice is wrong
  std::string scenario;                // resolved scenario file ("" when the step needs none)
  std::optional<AnchorQuery> anchor;   // trace anchor (in the changed scenario for a try step)
  std::optional<Prediction> predict;
  std::string address;                 // an address to parse (lesson 2)
  std::string address_kind = "header"; // "header" (RFC 5322) or "path" (RFC 5321 MAIL/RCPT path)
  std::string message_file;            // a message file to parse (resolved path)
  std::vector<std::string> edits;      // try: scenario changes as JSON text, in order
  std::vector<ExpectSpec> expect;      // try: expected outcome (scenario expectations, typed before the run)
  std::optional<Activity> activity;
  SourcePos pos;                       // the `## step` line
};

struct Lesson {
  std::string id;                      // "05-smtp"
  std::string file;
  Text title;
  Text intro;
  std::string scenario;                // default scenario of the steps (resolved path)
  std::vector<Step> steps;
  const Step* find_step(std::string_view id) const;
};

struct LessonError {
  SourcePos pos;
  std::string message;
  std::string format() const;  // "file:line:col: message" (col omitted when 0)
};

struct LessonLoad {
  std::vector<Lesson> lessons;        // sorted by id
  std::vector<LessonError> errors;    // syntax and structure errors of all files
};

// One file. Scenario names resolve to <repo>/scenarios/NAME.json, looked up from the
// lesson's directory upwards; message files to <repo>/scenarios/messages/FILE.
std::optional<Lesson> load_lesson_file(const std::string& path, std::vector<LessonError>& errors);
std::optional<Lesson> load_lesson_text(const std::string& text, const std::string& file,
                                       std::vector<LessonError>& errors);
// Every *.md of `dir` except README.md.
LessonLoad load_lessons(const std::string& dir);
// The lessons a name stands for: the one whose id it is, else every lesson whose id contains
// it ("05"; "smtp": 05-smtp and 07-esmtp). find_lesson: the one lesson, or nullptr with
// `error` saying which lessons exist or which ones the name could be.
std::vector<const Lesson*> match_lessons(const LessonLoad& all, const std::string& name);
const Lesson* find_lesson(const LessonLoad& all, const std::string& name, std::string& error);
// Activities are named LESSON/STEP ("05-smtp/two-rcpt"), or by the step id alone when unique.
struct ActivityRef {
  const Lesson* lesson = nullptr;
  const Step* step = nullptr;
  std::string name;  // "05-smtp/two-rcpt"
};
std::vector<ActivityRef> list_activities(const LessonLoad& all);
std::optional<ActivityRef> find_activity(const LessonLoad& all, const std::string& name);
// The lessons directory: $MAILSIM_LESSONS, else ./lessons or one of its parents' lessons/.
std::string default_lessons_dir();

// A try step: the scenario with the step's edits applied (errors in words); each edit is the
// JSON text of one change ({"host_down": "shiva.jussieu.fr"}), as a lesson keeps it.
std::optional<Scenario> apply_edits(const Scenario& base, const std::vector<std::string>& edits,
                                    std::vector<std::string>& errors);
struct TryResult {
  std::vector<std::string> errors;             // edits that could not be applied
  std::optional<Scenario> changed;
  std::unique_ptr<Simulation> sim;             // the run of the changed scenario
  std::vector<ExpectationResult> results;      // the step's expected outcome, checked
  bool passed() const;
};
TryResult run_try(const Step& step, const Scenario& base);

// Runs each scenario once and keeps the result (scenarios are deterministic).
class LessonRunner {
 public:
  // The finished run of a scenario file, or nullptr with `error` set.
  const Simulation* simulation(const std::string& scenario_file, std::string* error = nullptr);
  const Scenario* scenario(const std::string& scenario_file, std::string* error = nullptr);
  // The run a step's anchor and question refer to: the step's scenario, or for a try step
  // the changed scenario (run once, kept). nullptr for address/message steps or on error.
  const Simulation* simulation_for(const Step& step, std::string* error = nullptr);
  // A try step's result (run once, kept); nullptr if the step is not a try step.
  const TryResult* try_result(const Step& step, std::string* error = nullptr);

 private:
  struct Entry {
    std::optional<Scenario> scenario;
    std::unique_ptr<Simulation> sim;
    std::string error;
  };
  Entry& get(const std::string& file);
  std::map<std::string, Entry> cache_;
  std::map<const Step*, std::unique_ptr<TryResult>> tries_;
};

// The index of the event a query points at, or nullopt.
std::optional<std::size_t> find_anchor(const AnchorQuery& query, const Trace& trace);
// Every event the query matches (ignoring nth).
std::vector<std::size_t> match_events(const AnchorQuery& query, const Trace& trace);
// For a predict step: the last event the student may see before answering (the timeline
// stops there). For "reply" it is the anchored command itself; for the other trace fields
// the event just before the anchored one. nullopt if the anchor matches nothing.
std::optional<std::size_t> question_position(const Step& step, const Trace& trace);
// The event that shows a step's answer (for "reply", the reply to the anchored command; else
// the anchored event): where the timeline goes once the student has answered.
std::optional<std::size_t> answer_position(const Step& step, const Trace& trace);

struct Answer {
  bool ok = false;           // false: the answer cannot be computed (error says why)
  std::string value;         // the computed answer, for display
  std::string error;
};
// The answer computed from the simulation (trace fields) or from the parsers (address,
// message). `trace` may be null for address and message steps.
Answer expected_answer(const Step& step, const Trace* trace);

struct PredictionResult {
  bool correct = false;
  bool refused = false;      // the answer is not one of the offered choices: neither right nor wrong
  std::string feedback;      // the step's `if CHOICE` text for the answer given (language chosen)
  std::string expected;      // the computed answer
  std::string explanation;   // the step's answer text with {{answer}} filled in (language chosen)
  std::string error;         // the answer could not be computed
};
// Compares a student's answer with the computed one: case, accents and surrounding spaces do
// not matter; a reply code matches "250" or "250 OK"; yes/no accepts oui/non/true/false. With
// options, an answer that is none of them is refused (`refused`), not judged.
PredictionResult evaluate_prediction(const Step& step, const Trace* trace, std::string_view student_answer,
                                     Lang lang = Lang::En);
// The computed answer and its explanation, whatever the student said (the teacher's view).
PredictionResult reveal_answer(const Step& step, const Trace* trace, Lang lang);
bool answers_match(const Prediction& prediction, std::string_view expected, std::string_view student);
// An answer as shown to a student: yes/no in the lesson's language.
std::string display_answer(std::string_view value, Lang lang);

// An activity graded: each of the step's expectations is one point.
struct ActivityResult {
  std::vector<std::string> errors;             // the submission could not be read or applied (score 0)
  std::vector<ExpectationResult> results;
  std::size_t score() const;
  std::size_t total = 0;
};
// `submission` is the text the student handed in (lines, a JSON list of changes, or a
// scenario), `submission_name` its file name for messages.
ActivityResult grade_activity(const Step& step, const Scenario& base, const std::string& submission,
                              const std::string& submission_name);

// The student's progress (answers, activity scores) in progress.json, in $MAILSIM_PROGRESS,
// else $XDG_DATA_HOME/mailsim, else ~/.local/share/mailsim; exported as one file to hand in.
std::string progress_file();
nlohmann::json load_progress();
// `warning` (optional) receives a sentence when the answer or the student's name held bytes
// that are not UTF-8 (written as U+FFFD).
bool record_answer(const std::string& lesson, const std::string& step, const std::string& answer, bool correct,
                   std::string* error = nullptr, std::string* warning = nullptr);
bool record_score(const std::string& activity, std::size_t score, std::size_t total, std::string* error = nullptr);
bool export_progress(const std::string& path, const std::string& student, std::string* error,
                     std::string* warning = nullptr);

// What a front end shows of a step: in student mode nothing that gives a predict, try or
// activity step's result away; with `answers`, everything (the teacher's view).
struct ExcerptLine {
  std::size_t index = 0;              // the event's index in the trace
  std::string text;                   // the trace line, formatted in the lesson's language
  bool marked = false;                // the anchored event (for a question: the last event shown)
  std::vector<std::string> header;    // a marked headers event: its lines
};
struct StepView {
  std::string subject;                // what the parser found (address/message steps)
  std::string subject_source;         // the address or message file the step looks at
  std::vector<std::string> changes;   // try: the scenario changes
  std::vector<std::string> outcome;   // try/activity with answers: the checks ("PASS ...")
  std::vector<ExcerptLine> excerpt;   // the transcript around the anchor (up to the question)
  std::size_t event = 0;              // the trace index the excerpt stops at (or the anchor)
  bool asks = false;                  // the excerpt stops at a question ("?")
  std::vector<std::string> choices;
  std::string answer, explanation;    // with answers: the computed answer and its explanation
  std::vector<std::string> problems;  // the scenario does not load, the anchor matches nothing
  const Trace* trace = nullptr;       // the run the excerpt comes from (nullptr: none)
};
StepView view_step(const Step& step, LessonRunner& runner, Lang lang, bool answers);



// What `mailsim lesson check` verifies for one lesson; one line per problem.
struct CheckProblem {
  SourcePos pos;
  std::string message;
  std::string format() const;
};
std::vector<CheckProblem> check_lesson(const Lesson& lesson, LessonRunner& runner);

// A short text for address and message steps: what the parser found (for display).
// In French, the parsers' findings are translated (explain/notes).
std::string subject_summary(const Step& step, Lang lang = Lang::En);

// Every predict step of `lessons` as Moodle GIFT questions, with their feedback.
std::string export_gift(const std::vector<const Lesson*>& lessons, LessonRunner& runner, Lang lang);
// A standalone HTML page of a lesson (answers only with `answers`), printable to PDF.
std::string export_html(const Lesson& lesson, LessonRunner& runner, Lang lang, bool answers);

}  // namespace mailsim::lesson
