// `mailsim run` and `mailsim check`: load scenarios, report errors as file:line:col,
// run, print the transcript (text or JSON), the expectations and the message balance.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "export/request.hpp"
#include "explain/notes.hpp"
#include "world/simulation.hpp"

namespace mailsim::cli {

namespace {

int usage(const std::string& message) { return usage_error("run", message); }

// Errors (nothing loaded) or warnings (loaded, but it cannot work as written).
void print_problems(const LoadResult& loaded) {
  for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.format().c_str());
  for (const auto& w : loaded.warnings) std::fprintf(stderr, "%s\n", w.format().c_str());
}

// "== NAME: TITLE", then the description, wrapped at 90 columns: what the run is about,
// in LANG where the scenario has it (title_fr, description_fr), else in English.
void print_heading(const Scenario& scenario, explain::Lang lang) {
  const std::string& title = scenario.title_in(lang);
  const bool titled = !title.empty() && title != scenario.name;
  const char* colon = lang == explain::Lang::Fr ? " : " : ": ";
  std::printf("== %s%s%s\n", scenario.name.c_str(), titled ? colon : "", titled ? title.c_str() : "");
  std::string line;
  std::size_t start = 0;
  const std::string& text = scenario.description_in(lang);
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > 87) {
      std::printf("   %s\n", line.c_str());
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  if (!line.empty()) std::printf("   %s\n", line.c_str());
}

}  // namespace

int cmd_run(const Args& args) {
  std::string file, format = "text";
  explain::Lang lang = explain::Lang::En;  // of the text transcript; JSON stays in the trace's English
  std::optional<std::uint64_t> seed;
  bool quiet = false;
  std::string mailboxes;
  ExportRequest exports;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string export_error;
    if (parse_export_option(args, i, exports, export_error)) {
      if (!export_error.empty()) return usage(export_error);
      continue;
    }
    if (a == "--format" && i + 1 < args.size()) format = args[++i];
    else if (a == "--lang" && i + 1 < args.size()) {
      const auto parsed = explain::parse_lang(args[++i]);
      if (!parsed) return usage("--lang is en or fr");
      lang = *parsed;
    } else if (a == "--seed" && i + 1 < args.size()) {
      char* end = nullptr;
      seed = std::strtoull(args[++i].c_str(), &end, 10);
      if (*end != '\0') return usage("--seed takes a whole number");
    } else if (a == "--quiet") quiet = true;
    else if (a == "--mailboxes" && i + 1 < args.size()) mailboxes = args[++i];
    else if (!a.empty() && a[0] == '-') return usage("unknown option '" + a + "'");
    else if (file.empty()) file = a;
    else return usage("give one scenario file");
  }
  if (file.empty()) return usage("no scenario file given");
  if (format != "text" && format != "json") return usage("--format is text or json");

  LoadResult loaded = load_scenario_file(file);
  print_problems(loaded);
  if (!loaded.scenario) return 2;
  const auto start = std::chrono::steady_clock::now();
  Simulation sim(*loaded.scenario, seed);
  sim.run();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Trace& trace = sim.trace();
  const auto results = sim.check_expectations();
  const MessageBalance balance = sim.balance();
  bool all_passed = true;
  for (const auto& r : results) all_passed = all_passed && r.passed;
  if (!print_export_report(write_exports(exports, trace, sim.network(), *loaded.scenario), "mailsim")) return 2;
  if (!mailboxes.empty() && !print_export_report(write_mailboxes(mailboxes, sim, *loaded.scenario), "mailsim run"))
    return 2;

  if (format == "json") {
    nlohmann::json out;
    out["scenario"] = loaded.scenario->name;
    out["title"] = loaded.scenario->title;
    out["description"] = loaded.scenario->description;
    if (!loaded.scenario->title_fr.empty()) out["title_fr"] = loaded.scenario->title_fr;
    if (!loaded.scenario->description_fr.empty()) out["description_fr"] = loaded.scenario->description_fr;
    out["seed"] = seed.value_or(loaded.scenario->seed);
    nlohmann::json events = nlohmann::json::array();
    if (!quiet)
      for (const auto& e : trace.events()) events.push_back(trace.to_json(e));
    out["trace"] = std::move(events);
    nlohmann::json expectations = nlohmann::json::array();
    for (const auto& r : results)
      expectations.push_back({{"expect", r.description}, {"passed", r.passed}, {"detail", r.detail}, {"at", r.pos.format()}});
    out["expectations"] = std::move(expectations);
    out["balance"] = {{"accepted", balance.accepted}, {"delivered", balance.delivered}, {"bounced", balance.bounced},
                      {"queued", balance.queued}, {"holds", balance.holds()}};
    std::size_t not_utf8 = 0;
    std::printf("%s\n", dump_json(out, -1, &not_utf8).c_str());
    if (not_utf8 > 0) std::fprintf(stderr, "mailsim run: %s\n", not_utf8_note(not_utf8).c_str());
  } else {
    print_heading(*loaded.scenario, lang);
    if (!quiet) {
      std::string buffer = "\n";
      for (const auto& e : trace.events()) {
        buffer += explain::format_line(trace, e, lang);
        buffer += '\n';
        if (buffer.size() > (1 << 16)) {
          std::fwrite(buffer.data(), 1, buffer.size(), stdout);
          buffer.clear();
        }
      }
      std::fwrite(buffer.data(), 1, buffer.size(), stdout);
    }
    const bool fr = lang == explain::Lang::Fr;
    std::printf(fr ? "\n== attentes\n" : "\n== expectations\n");
    for (const auto& r : results) {
      std::printf("%s %s", std::string(explain::verdict(r.passed, lang)).c_str(), explain::localize_expectation(r.description, lang).c_str());
      if (!r.passed) std::printf(" -- %s (%s)", explain::localize_expectation(r.detail, lang).c_str(), r.pos.format().c_str());
      std::printf("\n");
    }
    if (results.empty()) std::printf(fr ? "(aucune)\n" : "(none)\n");
    std::printf("%s\n", explain::balance_line(balance.accepted, balance.delivered, balance.bounced, balance.queued, balance.holds(), lang).c_str());
    // Throughput: messages accepted (per recipient) and trace events per wall-clock second.
    const double wall = seconds > 0 ? seconds : 1e-9;
    if (fr) {
      std::printf("== %zu événements, %s s simulées, %.3f s réelles\n", trace.size(), format_time(sim.now()).c_str(), seconds);
      std::printf("== débit : %.0f messages/s, %.0f événements/s\n", static_cast<double>(balance.accepted) / wall,
                  static_cast<double>(trace.size()) / wall);
    } else {
      std::printf("== %zu events, %s s simulated, %.3f s wall\n", trace.size(), format_time(sim.now()).c_str(), seconds);
      std::printf("== throughput: msgs_per_s %.0f, events_per_s %.0f\n", static_cast<double>(balance.accepted) / wall,
                  static_cast<double>(trace.size()) / wall);
    }
  }
  const int status = all_passed && balance.holds() ? 0 : 1;
  if (trace.size() > 1'000'000) {
    // A huge run: the process ends here, and freeing millions of trace strings one by one
    // would take longer than some of the run itself. Flush and leave without destructors.
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(status);
  }
  return status;
}

int cmd_check(const Args& args) {
  explain::Lang lang = explain::Lang::En;
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--lang" && i + 1 < args.size()) {
      const auto parsed = explain::parse_lang(args[++i]);
      if (!parsed) return usage_error("check", "--lang is en or fr");
      lang = *parsed;
    } else if (!args[i].empty() && args[i][0] == '-') return usage_error("check", "unknown option '" + args[i] + "'");
    else files.push_back(args[i]);
  }
  if (files.empty()) return usage_error("check", "give one or more scenario files");
  const bool fr = lang == explain::Lang::Fr;
  int status = 0;
  for (const auto& file : files) {
    LoadResult loaded = load_scenario_file(file);
    print_problems(loaded);
    if (!loaded.scenario) {
      status = 2;
      continue;
    }
    // "FILE: ok (TITLE)": which scenario the file is, in the reader's language.
    std::string verdict = fr ? " : ok" : ": ok";
    if (!loaded.warnings.empty())
      verdict += ", " + std::to_string(loaded.warnings.size()) + (fr ? " avertissement(s)" : " warning(s)");
    const std::string& title = loaded.scenario->title_in(lang);
    if (!title.empty() && title != loaded.scenario->name) verdict += " (" + title + ")";
    std::printf("%s%s\n", file.c_str(), verdict.c_str());
  }
  return status;
}

}  // namespace mailsim::cli
