// Reading lesson files: front matter, language blocks, steps and their properties.
// The format is documented in lessons/README.md. Property values are written in a
// relaxed JSON (bare words need no quotes: `{kind: reply, command: RCPT, nth: 2}`),
// read here into nlohmann::json; every error names the file, line and column.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "export/common.hpp"
#include "lesson/lesson.hpp"
#include "scenario/reader.hpp"

namespace mailsim::lesson {

namespace fs = std::filesystem;

std::string_view step_kind_name(StepKind kind) {
  switch (kind) {
    case StepKind::Predict: return "predict";
    case StepKind::Try: return "try";
    case StepKind::Activity: return "activity";
    default: return "show";
  }
}

std::string_view submit_name(Activity::Submit submit) {
  switch (submit) {
    case Activity::Submit::Edits: return "edits";
    case Activity::Submit::Scenario: return "scenario";
    default: return "lines";
  }
}

std::string LessonError::format() const {
  std::string out = pos.file + ":" + std::to_string(pos.line);
  if (pos.col > 0) out += ":" + std::to_string(pos.col);
  return out + ": " + message;
}

const Step* Lesson::find_step(std::string_view step_id) const {
  for (const auto& s : steps)
    if (s.id == step_id) return &s;
  return nullptr;
}

namespace {

std::string trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

bool is_integer(const std::string& s) {
  if (s.empty() || s.size() > 12) return false;
  std::size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

nlohmann::json bare_value(const std::string& word) {
  if (is_integer(word)) return std::stoll(word);
  if (word == "true") return true;
  if (word == "false") return false;
  return word;
}

// The relaxed JSON of property values.
class Relaxed {
 public:
  explicit Relaxed(std::string_view text) : s_(text) {}

  // A whole value: a structure, a quoted string, or the bare rest of the text; with
  // bare_is_string, always the rest of the text as written (addresses keep their quotes).
  std::optional<nlohmann::json> whole(bool bare_is_string) {
    skip();
    if (!bare_is_string && i_ < s_.size() && (s_[i_] == '{' || s_[i_] == '[' || s_[i_] == '"')) {
      auto v = value(0);
      skip();
      if (v && i_ != s_.size()) fail("unexpected text after the value");
      return error_.empty() ? v : std::nullopt;
    }
    const std::string word = trim(s_.substr(i_));
    i_ = s_.size();
    return bare_is_string ? nlohmann::json(word) : bare_value(word);
  }
  const std::string& error() const { return error_; }
  std::size_t offset() const { return i_; }

 private:
  void skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  void fail(const std::string& what) {
    if (error_.empty()) error_ = what;
  }
  std::optional<std::string> quoted() {
    const std::size_t start = i_++;
    while (i_ < s_.size() && s_[i_] != '"') i_ += s_[i_] == '\\' ? 2 : 1;
    if (i_ >= s_.size()) {
      fail("unterminated string");
      return std::nullopt;
    }
    ++i_;
    try {
      return nlohmann::json::parse(s_.substr(start, i_ - start)).get<std::string>();
    } catch (const std::exception&) {
      fail("bad escape in a string");
      return std::nullopt;
    }
  }
  std::string bare(std::string_view stops) {
    const std::size_t start = i_;
    while (i_ < s_.size() && stops.find(s_[i_]) == std::string_view::npos) ++i_;
    return trim(s_.substr(start, i_ - start));
  }
  std::optional<nlohmann::json> value(int depth) {
    if (depth > 16) {
      fail("too deeply nested");
      return std::nullopt;
    }
    skip();
    if (i_ >= s_.size()) {
      fail("a value is missing");
      return std::nullopt;
    }
    const char c = s_[i_];
    if (c == '"') {
      auto q = quoted();
      if (!q) return std::nullopt;
      return nlohmann::json(*q);
    }
    if (c == '{') {
      ++i_;
      nlohmann::json obj = nlohmann::json::object();
      skip();
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return obj;
      }
      while (true) {
        skip();
        std::string key;
        if (i_ < s_.size() && s_[i_] == '"') {
          auto q = quoted();
          if (!q) return std::nullopt;
          key = *q;
        } else {
          key = bare(":,}]");
        }
        skip();
        if (key.empty() || i_ >= s_.size() || s_[i_] != ':') {
          fail("expected `name: value` in braces");
          return std::nullopt;
        }
        ++i_;
        auto v = value(depth + 1);
        if (!v) return std::nullopt;
        if (obj.contains(key)) {
          fail("\"" + key + "\" is given twice");
          return std::nullopt;
        }
        obj[key] = std::move(*v);
        skip();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == '}') {
          ++i_;
          return obj;
        }
        fail("expected ',' or '}'");
        return std::nullopt;
      }
    }
    if (c == '[') {
      ++i_;
      nlohmann::json arr = nlohmann::json::array();
      skip();
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return arr;
      }
      while (true) {
        auto v = value(depth + 1);
        if (!v) return std::nullopt;
        arr.push_back(std::move(*v));
        skip();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == ']') {
          ++i_;
          return arr;
        }
        fail("expected ',' or ']'");
        return std::nullopt;
      }
    }
    const std::string word = bare(",}]");
    if (word.empty()) {
      fail("a value is missing");
      return std::nullopt;
    }
    return bare_value(word);
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string error_;
};

// Where the scenarios of a lesson live: <dir>/scenarios or a parent's scenarios/.
std::string find_scenarios_dir(const std::string& lesson_file) {
  std::error_code ec;
  fs::path dir = fs::absolute(fs::path(lesson_file), ec).parent_path();
  for (int up = 0; up < 5 && !dir.empty(); ++up) {
    if (fs::is_directory(dir / "scenarios", ec)) return (dir / "scenarios").string();
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return "scenarios";
}

class Parser {
 public:
  Parser(const std::string& text, std::string file, std::vector<LessonError>& errors)
      : file_(std::move(file)), errors_(errors) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines_.push_back(line);
    }
    scenarios_dir_ = find_scenarios_dir(file_);
  }

  std::optional<Lesson> parse() {
    const std::size_t before = errors_.size();
    Lesson lesson;
    lesson.file = file_;
    lesson.id = fs::path(file_).stem().string();
    std::size_t i = 0;
    if (lines_.empty() || trim(lines_[0]) != "---") {
      error(1, 1, "a lesson starts with a front matter between two `---` lines");
      return std::nullopt;
    }
    for (i = 1; i < lines_.size() && trim(lines_[i]) != "---"; ++i) front_matter_line(lesson, i);
    if (i >= lines_.size()) {
      error(1, 1, "the front matter is not closed by a `---` line");
      return std::nullopt;
    }
    ++i;
    // Introduction: blocks until the first step.
    Step intro_holder;
    i = blocks(i, intro_holder, /*is_intro=*/true);
    lesson.intro = intro_holder.body;
    while (i < lines_.size()) {
      Step step;
      i = step_at(i, lesson, step);
      for (const auto& s : lesson.steps)
        if (s.id == step.id) error(step.pos.line, 1, "step id \"" + step.id + "\" is used twice");
      lesson.steps.push_back(std::move(step));
    }
    if (errors_.size() != before) return std::nullopt;
    return lesson;
  }

 private:
  void error(int line, int col, const std::string& message) {
    errors_.push_back(LessonError{SourcePos{file_, line, col}, message});
  }

  // A change or an expectation is kept as JSON text; none when it holds bytes that are not
  // UTF-8, which JSON cannot carry.
  static std::optional<std::string> json_text(const nlohmann::json& value) {
    std::size_t not_utf8 = 0;
    std::string text = dump_json(value, -1, &not_utf8);
    if (not_utf8 != 0) return std::nullopt;
    return text;
  }
  static constexpr const char* kNotUtf8 = "holds bytes that are not UTF-8: save the lesson file as UTF-8";

  std::string resolve_scenario(const std::string& name) const {
    if (name.find('/') != std::string::npos || (name.size() > 5 && name.substr(name.size() - 5) == ".json")) {
      fs::path p(name);
      if (p.is_relative()) p = fs::path(file_).parent_path() / p;
      return p.lexically_normal().string();
    }
    return (fs::path(scenarios_dir_) / (name + ".json")).lexically_normal().string();
  }
  std::string resolve_message(const std::string& name) const {
    fs::path p(name);
    if (p.is_relative()) p = fs::path(scenarios_dir_) / "messages" / p;
    return p.lexically_normal().string();
  }

  // "key: value" → key, value offset; false if the line has no such form.
  static bool split_property(const std::string& line, std::string& key, std::size_t& value_at) {
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) return false;
    key = trim(std::string_view(line).substr(0, colon));
    if (key.empty()) return false;
    for (char c : key)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) return false;
    value_at = colon + 1;
    return true;
  }

  void front_matter_line(Lesson& lesson, std::size_t i) {
    const std::string& line = lines_[i];
    const int ln = static_cast<int>(i + 1);
    if (trim(line).empty() || trim(line)[0] == '#') return;
    std::string key;
    std::size_t at = 0;
    if (!split_property(line, key, at)) {
      error(ln, 1, "front matter: expected `key: value`");
      return;
    }
    const std::string value = trim(std::string_view(line).substr(at));
    if (key == "id") lesson.id = value;
    else if (key == "title.fr") lesson.title.fr = value;
    else if (key == "title.en") lesson.title.en = value;
    else if (key == "scenario") lesson.scenario = resolve_scenario(value);
    else error(ln, 1, "front matter: unknown key \"" + key + "\" (keys: id, title.fr, title.en, scenario)");
  }

  // Reads `::: fr` / `::: en` / `::: fr answer` / `::: fr if CHOICE` blocks until a `## step` line.
  std::size_t blocks(std::size_t i, Step& step, bool is_intro) {
    while (i < lines_.size()) {
      const std::string t = trim(lines_[i]);
      const int ln = static_cast<int>(i + 1);
      if (t.rfind("## step", 0) == 0) return i;
      if (t.empty() || (t.rfind("<!--", 0) == 0 && t.size() >= 7 && t.substr(t.size() - 3) == "-->")) {
        ++i;
        continue;
      }
      if (t.rfind(":::", 0) != 0 || t == ":::") {
        error(ln, 1, "text outside a `::: fr` or `::: en` block");
        ++i;
        continue;
      }
      std::istringstream words(t.substr(3));
      std::string lang_word, extra, more;
      words >> lang_word >> extra;
      std::getline(words, more);
      more = trim(more);
      const auto lang = parse_lang(lang_word);
      const bool choice = extra == "if" && !more.empty() && !is_intro;  // `::: fr if 220`: feedback for that choice
      if (!lang || (!more.empty() && !choice) || (!extra.empty() && ((extra != "answer" && !choice) || is_intro))) {
        error(ln, 1, is_intro ? "expected `::: fr` or `::: en`"
                              : "expected `::: fr`, `::: en`, `::: fr answer`, `::: en answer` or `::: fr if CHOICE`");
        ++i;
        continue;
      }
      const bool answer = extra == "answer" || choice;
      std::string text;
      std::size_t j = i + 1;
      for (; j < lines_.size() && trim(lines_[j]) != ":::"; ++j) {
        if (trim(lines_[j]).rfind("::: ", 0) == 0 || trim(lines_[j]).rfind("## step", 0) == 0) break;
        text += lines_[j];
        text += '\n';
      }
      if (j >= lines_.size() || trim(lines_[j]) != ":::") {
        error(ln, 1, "this block is not closed by a `:::` line");
        i = j;  // go on with the next block or step (a caller expects a step line or the end)
        continue;
      }
      Text& target = choice ? step.feedback[more] : answer ? step.answer : step.body;
      if (!target.get(*lang).empty())
        error(ln, 1, std::string("a second `::: ") + std::string(lang_name(*lang)) + (choice ? " if " + more : answer ? " answer" : "") +
                         "` block here");
      // A step block opens with its title: `### Title`.
      std::string body = text;
      if (!is_intro && !answer) {
        std::size_t k = 0;
        while (k < body.size() && (body[k] == '\n' || body[k] == ' ')) ++k;
        if (body.compare(k, 4, "### ") == 0) {
          const std::size_t end = body.find('\n', k);
          step.title.get(*lang) = trim(body.substr(k + 4, end - k - 4));
          body = end == std::string::npos ? "" : body.substr(end + 1);
        }
      }
      target.get(*lang) = trim(body);
      i = j + 1;
    }
    return i;
  }

  std::optional<nlohmann::json> value_at(std::size_t i, std::size_t at, bool bare_is_string) {
    Relaxed r(std::string_view(lines_[i]).substr(at));
    auto v = r.whole(bare_is_string);
    if (!v) error(static_cast<int>(i + 1), static_cast<int>(at + r.offset() + 1), r.error());
    return v;
  }

  void property(Step& step, std::size_t i) {
    const int ln = static_cast<int>(i + 1);
    std::string key;
    std::size_t at = 0;
    if (!split_property(lines_[i], key, at)) {
      error(ln, 1, "expected a step property `key: value` (or a blank line before the text blocks)");
      return;
    }
    const SourcePos pos{file_, ln, static_cast<int>(at + 2)};
    static const char* const kKeys = "scenario, anchor, predict, options, try, expect, activity, address, path, message";
    if (key == "scenario" || key == "address" || key == "path" || key == "message") {
      auto v = value_at(i, at, true);
      if (!v) return;
      if (!v->is_string()) return error(ln, pos.col, key + " takes a text");
      const std::string s = v->get<std::string>();
      if (key == "scenario") step.scenario = resolve_scenario(s);
      else if (key == "message") step.message_file = resolve_message(s);
      else {
        step.address = s;
        step.address_kind = key == "path" ? "path" : "header";
      }
    } else if (key == "anchor") {
      auto v = value_at(i, at, false);
      if (!v) return;
      std::string why;
      auto q = parse_anchor(*v, &why);
      if (!q) return error(ln, pos.col, "anchor: " + why);
      set_pos(*q, pos);
      step.anchor = std::move(*q);
    } else if (key == "predict") {
      auto v = value_at(i, at, false);
      if (!v) return;
      Prediction p = step.predict.value_or(Prediction{});
      if (v->is_string()) {
        p.field = v->get<std::string>();
      } else if (v->is_object()) {
        for (const auto& [k, x] : v->items()) {
          if (k == "field" && x.is_string()) p.field = x.get<std::string>();
          else if (k == "name" && x.is_string()) p.name = x.get<std::string>();
          else if (k == "part") p.part = x.is_string() ? x.get<std::string>() : x.dump();
          else return error(ln, pos.col, "predict: unknown or mistyped key \"" + k + "\" (keys: field, name, part)");
        }
      } else {
        return error(ln, pos.col, "predict takes a field name or {field: ..., name: ..., part: ...}");
      }
      static const char* const kFields[] = {"code", "reply", "host", "peer", "command", "message", "state", "port",
                                            "kind", "text", "count", "header-count", "header", "valid", "mailbox",
                                            "local_part", "domain", "display_name", "route", "same", "parts",
                                            "type", "encoding", "charset", "diagnostics", "word"};
      if (std::find(std::begin(kFields), std::end(kFields), p.field) == std::end(kFields))
        return error(ln, pos.col, "predict: unknown field \"" + p.field + "\" (see lessons/README.md)");
      step.predict = std::move(p);
    } else if (key == "options") {
      auto v = value_at(i, at, false);
      if (!v) return;
      if (!v->is_array()) return error(ln, pos.col, "options takes a list: [250, 550]");
      if (!step.predict) step.predict = Prediction{};
      for (const auto& x : *v) step.predict->options.push_back(x.is_string() ? x.get<std::string>() : x.dump());
    } else if (key == "try") {
      auto v = value_at(i, at, false);
      if (!v) return;
      if (!v->is_object() && !v->is_array())
        return error(ln, pos.col, "try takes a change {host_down: ...} or a list of them");
      for (const auto& x : v->is_array() ? *v : nlohmann::json::array({*v})) {
        auto text = json_text(x);
        if (!text) return error(ln, pos.col, std::string("try ") + kNotUtf8);
        step.edits.push_back(std::move(*text));
      }
      try_pos_.push_back(pos);
    } else if (key == "activity") {
      auto v = value_at(i, at, false);
      if (!v) return;
      std::string why;
      auto a = parse_activity(*v, pos, &why);
      if (!a) return error(ln, pos.col, "activity: " + why);
      step.activity = std::move(*a);
    } else if (key == "expect") {
      auto v = value_at(i, at, false);
      if (!v) return;
      std::vector<nlohmann::json> list;
      if (v->is_object()) list.push_back(*v);
      else if (v->is_array()) list = v->get<std::vector<nlohmann::json>>();
      else return error(ln, pos.col, "expect takes an expectation {delivered: ...} or a list of them");
      for (const auto& x : list) {
        auto text = json_text(x);
        if (!text) return error(ln, pos.col, std::string("expect ") + kNotUtf8);
        step.expect.push_back(ExpectSpec{std::move(*text), pos});
      }
    } else {
      error(ln, 1, "unknown step property \"" + key + "\" (properties: " + kKeys + ")");
    }
  }

  // `{submit: lines, edit: {set_client: 1}, good: FILE, partial: FILE}` (see lessons/README.md).
  std::optional<Activity> parse_activity(const nlohmann::json& v, const SourcePos& pos, std::string* why) const {
    const auto fail = [why](std::string message) {
      *why = std::move(message);
      return std::optional<Activity>{};
    };
    if (!v.is_object()) return fail("takes {submit: lines|edits|scenario, ...}");
    Activity a;
    a.pos = pos;
    for (const auto& [k, x] : v.items()) {
      if (k == "submit" && x.is_string()) {
        const std::string w = x.get<std::string>();
        if (w == "lines") a.submit = Activity::Submit::Lines;
        else if (w == "edits") a.submit = Activity::Submit::Edits;
        else if (w == "scenario") a.submit = Activity::Submit::Scenario;
        else return fail("submit is lines, edits or scenario, not \"" + w + "\"");
      } else if (k == "edit" && x.is_object()) {
        auto text = json_text(x);
        if (!text) return fail(std::string("edit ") + kNotUtf8);
        a.edit = std::move(*text);
      } else if ((k == "good" || k == "partial") && x.is_string()) {
        (k == "good" ? a.good : a.partial) = resolve_solution(x.get<std::string>());
      } else {
        return fail("unknown or mistyped key \"" + k + "\" (keys: submit, edit, good, partial)");
      }
    }
    if (!v.contains("submit")) return fail("say what the student hands in: submit: lines, edits or scenario");
    if ((a.submit == Activity::Submit::Lines) != !a.edit.empty())
      return fail(!a.edit.empty() ? "only submit: lines takes an edit"
                                     : "submit: lines needs the edit the lines go into ({set_client: 1} or {add_raw: HOST, server: HOST})");
    return a;
  }
  // Solutions live in lessons/solutions/ (a name) or relative to the lesson file (a path).
  std::string resolve_solution(const std::string& name) const {
    fs::path p(name);
    if (p.is_relative()) p = fs::path(file_).parent_path() / (name.find('/') == std::string::npos ? "solutions/" + name : name);
    return p.lexically_normal().string();
  }

  static void set_pos(AnchorQuery& q, const SourcePos& pos) {
    q.pos = pos;
    if (q.after) set_pos(*q.after, pos);
  }

  std::size_t step_at(std::size_t i, Lesson& lesson, Step& step) {
    const int ln = static_cast<int>(i + 1);
    step.pos = SourcePos{file_, ln, 1};
    step.id = trim(std::string_view(trim(lines_[i])).substr(7));  // blocks() stops at a trimmed "## step"
    if (step.id.empty() || step.id.find(' ') != std::string::npos)
      error(ln, 1, "a step starts with `## step ID` (one word, e.g. `## step greeting`)");
    ++i;
    try_pos_.clear();
    while (i < lines_.size() && !trim(lines_[i]).empty() && trim(lines_[i]).rfind(":::", 0) != 0 &&
           trim(lines_[i]).rfind("## step", 0) != 0) {
      property(step, i);
      ++i;
    }
    i = blocks(i, step, false);
    if (step.scenario.empty() && step.address.empty() && step.message_file.empty()) step.scenario = lesson.scenario;
    if (step.activity) {
      step.kind = StepKind::Activity;
      if (!step.edits.empty()) error(ln, 1, "step " + step.id + ": an activity is not a `try` step too");
      if (step.expect.empty()) error(ln, 1, "step " + step.id + ": an activity is graded by its `expect` list");
      if (step.predict) error(ln, 1, "step " + step.id + ": an activity asks no `predict` question");
    } else if (!step.edits.empty() || !step.expect.empty()) {
      step.kind = StepKind::Try;
      if (step.edits.empty()) error(ln, 1, "step " + step.id + ": an `expect` needs a `try` change");
      if (step.expect.empty()) error(ln, 1, "step " + step.id + ": a `try` step states its expected outcome with `expect`");
    } else if (step.predict) {
      step.kind = StepKind::Predict;
      if (step.predict->field.empty()) error(ln, 1, "step " + step.id + ": `options` without `predict`");
    }
    return i;
  }

  std::string file_;
  std::vector<LessonError>& errors_;
  std::vector<std::string> lines_;
  std::string scenarios_dir_;
  std::vector<SourcePos> try_pos_;
};

}  // namespace

std::optional<Lesson> load_lesson_text(const std::string& text, const std::string& file,
                                       std::vector<LessonError>& errors) {
  return Parser(text, file, errors).parse();
}

std::optional<Lesson> load_lesson_file(const std::string& path, std::vector<LessonError>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back(LessonError{SourcePos{path, 0, 0}, "cannot read the file"});
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_lesson_text(text.str(), path, errors);
}

LessonLoad load_lessons(const std::string& dir) {
  LessonLoad out;
  std::error_code ec;
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".md") continue;
    if (entry.path().filename() == "README.md") continue;
    files.push_back(entry.path().string());
  }
  if (ec) out.errors.push_back(LessonError{SourcePos{dir, 0, 0}, "cannot list the lessons directory: " + ec.message()});
  std::sort(files.begin(), files.end());
  for (const auto& f : files)
    if (auto l = load_lesson_file(f, out.errors)) out.lessons.push_back(std::move(*l));
  std::sort(out.lessons.begin(), out.lessons.end(), [](const Lesson& a, const Lesson& b) { return a.id < b.id; });
  return out;
}

namespace {
std::string join_ids(const std::vector<const Lesson*>& lessons) {
  std::string out;
  for (const Lesson* l : lessons) out += (out.empty() ? "" : ", ") + l->id;
  return out;
}
}  // namespace

std::vector<const Lesson*> match_lessons(const LessonLoad& all, const std::string& name) {
  for (const auto& l : all.lessons)
    if (l.id == name) return {&l};
  std::vector<const Lesson*> found;
  for (const auto& l : all.lessons)
    if (l.id.find(name) != std::string::npos) found.push_back(&l);
  return found;
}

const Lesson* find_lesson(const LessonLoad& all, const std::string& name, std::string& error) {
  const auto found = match_lessons(all, name);
  if (found.size() == 1) return found.front();
  if (found.empty()) {
    std::vector<const Lesson*> every;
    for (const auto& l : all.lessons) every.push_back(&l);
    error = "no lesson matches '" + name + "' (the lessons: " + join_ids(every) + ")";
  } else {
    error = "'" + name + "' matches " + std::to_string(found.size()) + " lessons: " + join_ids(found) + "; say which";
  }
  return nullptr;
}

std::vector<ActivityRef> list_activities(const LessonLoad& all) {
  std::vector<ActivityRef> out;
  for (const auto& l : all.lessons)
    for (const auto& s : l.steps)
      if (s.kind == StepKind::Activity) out.push_back({&l, &s, l.id + "/" + s.id});
  return out;
}

std::optional<ActivityRef> find_activity(const LessonLoad& all, const std::string& name) {
  const std::size_t slash = name.find('/');
  std::optional<ActivityRef> found;
  for (const auto& a : list_activities(all)) {
    std::string unused;
    const bool match = slash == std::string::npos ? a.step->id == name
                                                  : a.step->id == name.substr(slash + 1) &&
                                                        find_lesson(all, name.substr(0, slash), unused) == a.lesson;
    if (!match) continue;
    if (found) return std::nullopt;  // the step id alone names activities of two lessons
    found = a;
  }
  return found;
}

std::string default_lessons_dir() {
  if (const char* env = std::getenv("MAILSIM_LESSONS"); env && *env) return env;
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  for (int up = 0; up < 5 && !dir.empty(); ++up) {
    if (fs::is_directory(dir / "lessons", ec)) return (dir / "lessons").string();
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  // Next to the program: <build>/bin/mailsim → <repo>/lessons when built inside the repository.
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec)
    for (fs::path d = exe.parent_path(); !d.empty() && d != d.parent_path(); d = d.parent_path())
      if (fs::is_directory(d / "lessons", ec)) return (d / "lessons").string();
  return "lessons";
}

}  // namespace mailsim::lesson
