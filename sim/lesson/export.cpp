// Theory of operation: lessons exported for a course platform or for print.
//
// GIFT (Moodle's question text format): every predict step becomes a question named
// "LESSON/STEP": a multiple choice when the step offers options (the computed answer is the
// right one, each other choice carries its `if CHOICE` feedback or a general one), else a
// short answer. The explanation is the right answer's feedback. GIFT's special characters
// (~ = # { } :) are escaped; texts are marked [markdown].
//
// HTML: one standalone page per lesson (no script, no external file): the introduction, and
// for each step its text, the transcript excerpt of its StepView and an inline SVG
// sequence diagram of the same exchange (sim/export/diagram), a question with lines to
// write on, and, only with `answers`, the computed answer and its explanation. Because
// both come from the student's StepView, the page given to students shows no result
// before its question. Markdown is rendered for paragraphs, `code`, **bold**, links and lists.
#include <filesystem>
#include <sstream>

#include "export/common.hpp"
#include "export/diagram.hpp"
#include "lesson/lesson.hpp"

namespace mailsim::lesson {

namespace {

std::string gift_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '~' || c == '=' || c == '#' || c == '{' || c == '}' || c == ':' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

// `code`, **bold** and [links](target) inside a line of escaped text.
std::string inline_markdown(const std::string& escaped) {
  std::string out;
  bool code = false, bold = false;
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '`') {
      out += code ? "</code>" : "<code>";
      code = !code;
    } else if (const std::size_t mid = escaped[i] == '[' && !code ? escaped.find("](", i) : std::string::npos;
               mid != std::string::npos && escaped.find(')', mid) != std::string::npos) {  // [text](target)
      const std::size_t end = escaped.find(')', mid);
      out += "<a href=\"" + escaped.substr(mid + 2, end - mid - 2) + "\">" + escaped.substr(i + 1, mid - i - 1) + "</a>";
      i = end;
    } else if (!code && escaped.compare(i, 2, "**") == 0) {
      out += bold ? "</strong>" : "<strong>";
      bold = !bold;
      ++i;
    } else {
      out += escaped[i];
    }
  }
  if (code) out += "</code>";
  if (bold) out += "</strong>";
  return out;
}

// Paragraphs (blank-line separated) and "- " lists.
std::string markdown_html(const std::string& text) {
  std::string out, para;
  bool list = false;
  auto flush = [&] {
    if (!para.empty()) out += "<p>" + inline_markdown(html_escape(para)) + "</p>\n";
    para.clear();
  };
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const bool item = line.rfind("- ", 0) == 0;
    if (line.empty() || item) flush();
    if (list && !item && (line.empty() || line[0] != ' ')) {
      out += "</ul>\n";
      list = false;
    }
    if (item) {
      if (!list) out += "<ul>\n";
      list = true;
      out += "<li>" + inline_markdown(html_escape(line.substr(2))) + "</li>\n";
    } else if (!line.empty()) {
      para += (para.empty() ? "" : " ") + line;
    }
  }
  flush();
  if (list) out += "</ul>\n";
  return out;
}

// The exchange of the step's excerpt as an inline SVG: its connection, up to its last event.
std::string step_diagram(const StepView& v) {
  if (!v.trace || v.excerpt.empty()) return "";
  const TraceEvent& first = (*v.trace)[v.excerpt.front().index];
  const TraceEvent& last = (*v.trace)[v.excerpt.back().index];
  if (first.conn == 0 || first.conn != last.conn) return "";
  // The diagram ends at a time range; it must not reach an event the excerpt leaves out.
  for (std::size_t i = v.excerpt.back().index + 1; i < v.trace->size() && (*v.trace)[i].time <= last.time; ++i)
    if ((*v.trace)[i].conn == first.conn) return "";
  ExportOptions o;
  o.only_conn = first.conn;
  o.from = first.time;
  o.to = last.time;
  o.mask_secrets = true;
  std::string svg = diagram_text(*v.trace, o, DiagramFormat::Svg);
  if (const auto at = svg.find("<svg"); at != std::string::npos) svg.erase(0, at);  // no XML declaration inside HTML
  return "<div class=\"diagram\">" + svg + "</div>\n";
}

}  // namespace

std::string export_gift(const std::vector<const Lesson*>& lessons, LessonRunner& runner, Lang lang) {
  const bool fr = lang == Lang::Fr;
  std::string out = fr ? "// Questions des leçons de mailsim (format GIFT de Moodle)\n\n"
                       : "// Questions of the mailsim lessons (Moodle GIFT format)\n\n";
  for (const Lesson* l : lessons) {
    out += "$CATEGORY: mailsim/" + l->id + "\n\n";
    for (const Step& step : l->steps) {
      if (!step.predict) continue;
      const Simulation* sim = runner.simulation_for(step);
      const PredictionResult r = reveal_answer(step, sim ? &sim->trace() : nullptr, lang);
      if (!r.error.empty()) continue;  // `lesson check` reports it
      const std::string right = gift_escape(r.explanation);
      const std::string& title = step.title.get(lang);
      const bool ends_sentence = !title.empty() && std::string_view(".?!:").find(title.back()) != std::string_view::npos;
      out += "::" + gift_escape(l->id + "/" + step.id) + "::[markdown]" + gift_escape(title) + (ends_sentence ? " " : ". ") +
             gift_escape(step.body.get(lang));
      const std::string subject = !step.address.empty() ? step.address : std::filesystem::path(step.message_file).filename().string();
      if (!subject.empty()) out += " `" + gift_escape(subject) + "`";
      out += " {\n";
      if (step.predict->options.empty()) {
        out += "  =" + gift_escape(r.expected) + (right.empty() ? "" : "#" + right) + "\n";
      } else {
        for (const auto& o : step.predict->options) {
          const bool ok = answers_match(*step.predict, r.expected, o) || answers_match(*step.predict, o, r.expected);
          std::string why;
          if (ok) why = right;
          else if (auto f = step.feedback.find(o); f != step.feedback.end()) why = gift_escape(f->second.get(lang));
          else why = gift_escape(fr ? "Non : la simulation donne " + r.expected + "." : "No: the simulation gives " + r.expected + ".");
          out += std::string("  ") + (ok ? "=" : "~") + gift_escape(display_answer(o, lang)) + (why.empty() ? "" : "#" + why) + "\n";
        }
      }
      out += "}\n\n";
    }
  }
  return out;
}

std::string export_html(const Lesson& lesson, LessonRunner& runner, Lang lang, bool answers) {
  const bool fr = lang == Lang::Fr;
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(lang_name(lang)) + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                    html_escape(lesson.title.get(lang)) + "</title>\n<style>\n"
                    "body{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.4}\n"
                    "pre{background:#f4f4f4;padding:.5em;overflow-x:auto;font-size:85%}\n"
                    ".step{page-break-inside:avoid;border-top:1px solid #ccc;margin-top:1.5em}\n"
                    ".kind{color:#666;font-size:80%}\n.mark{font-weight:bold;background:#ffe9a8}\n"
                    ".answer{border-left:4px solid #2a7;padding-left:.8em}\n"
                    ".write{border-bottom:1px dotted #999;height:1.8em}\n"
                    ".diagram svg{max-width:100%;height:auto}\n"
                    "@media print{.diagram{page-break-inside:avoid}}\n</style>\n</head>\n<body>\n";
  out += "<h1>" + html_escape(lesson.title.get(lang)) + "</h1>\n";
  if (answers) out += std::string("<p class=\"kind\">") + (fr ? "Version enseignant : avec les réponses." : "Teacher's copy: with the answers.") + "</p>\n";
  out += markdown_html(lesson.intro.get(lang));
  int n = 0;
  for (const Step& step : lesson.steps) {
    const StepView v = view_step(step, runner, lang, answers);
    out += "<div class=\"step\">\n<h2>" + std::to_string(++n) + ". " + html_escape(step.title.get(lang)) + " <span class=\"kind\">[" +
           std::string(step_kind_name(step.kind)) + " " + html_escape(step.id) + "]</span></h2>\n";
    out += markdown_html(step.body.get(lang));
    if (!v.subject.empty()) out += "<pre>" + html_escape(v.subject) + "</pre>\n";
    else if (!v.subject_source.empty()) out += "<pre>" + html_escape(v.subject_source) + "</pre>\n";
    if (!v.changes.empty()) {
      out += std::string("<p>") + (fr ? "Modification :" : "Change:") + "</p>\n<pre>";
      for (const auto& c : v.changes) out += html_escape(c) + "\n";
      out += "</pre>\n";
    }
    out += step_diagram(v);
    if (!v.excerpt.empty()) {
      out += "<pre>";
      for (const auto& x : v.excerpt) {
        out += x.marked ? "<span class=\"mark\">" + html_escape(x.text) + "</span>\n" : html_escape(x.text) + "\n";
        for (const auto& h : x.header) out += "    | " + html_escape(h) + "\n";
      }
      if (v.asks) out += "    ?\n";
      out += "</pre>\n";
    }
    if (!v.choices.empty()) {
      out += "<p>";
      for (const auto& c : v.choices) out += "&#9744; " + html_escape(c) + " &nbsp; ";
      out += "</p>\n";
    }
    if (step.kind != StepKind::Show && !answers) out += "<div class=\"write\"></div><div class=\"write\"></div>\n";
    if (!v.outcome.empty()) {
      out += "<pre>";
      for (const auto& o : v.outcome) out += html_escape(o) + "\n";
      out += "</pre>\n";
    }
    if (!v.answer.empty())
      out += std::string("<div class=\"answer\"><p><strong>") + (fr ? "Réponse : " : "Answer: ") + html_escape(v.answer) +
             "</strong></p>\n" + markdown_html(v.explanation) + "</div>\n";
    out += "</div>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace mailsim::lesson
