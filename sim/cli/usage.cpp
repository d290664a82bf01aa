#include "cli/usage.hpp"

#include <string>

namespace mailsim::cli {

namespace {

constexpr Option kRunOptions[] = {
    {"--format", "text|json", "the transcript as text (default) or as JSON"},
    {"--lang", "en|fr", "the title, description and text transcript in English (default) or French"},
    {"--seed", "N", "the pseudo-random seed (overrides the scenario's own)"},
    {"--quiet", "", "only the expectations and the message balance, no transcript"},
    {"--mailboxes", "DIR", "write every mail store at the end as DIR/<host>/<user> (Maildir or mbox)"},
};

constexpr Option kExportOptions[] = {
    {"--pcap", "FILE", "every connection and DNS query as a capture (tshark, Wireshark)"},
    {"--diagram", "FILE", "the sequence diagram: FILE.mmd (Mermaid), FILE.svg or FILE.msc (mscgen)"},
    {"--diagram-conn", "N", "... only connection N (3 or c3); refused if there is no such connection"},
    {"--diagram-from", "T", "... only events from time T (12.5, 500ms, 2s, 1m)"},
    {"--diagram-to", "T", "... only events up to time T"},
    {"--diagram-full", "", "... message texts line by line (default: one arrow per message)"},
    {"--trace", "FILE", "the whole trace as JSON, with the hosts' addresses"},
    {"--mask-passwords", "", "AUTH, POP3 PASS and IMAP LOGIN secrets as **** in the exports"},
    {"--show-passwords", "", "keep them (the default of run; serve masks them)"},
};

constexpr Option kMessageOptions[] = {
    {"--format", "text|json", "the MIME tree as text (default) or as JSON"},
};

constexpr Option kServeLiveOptions[] = {
    {"--bind", "ADDR", "the address to listen on (default 127.0.0.1; ::1 for IPv6)"},
    {"--port-offset", "N", "real port = simulated port + N (default 10000; +1000 more on a clash)"},
    {"--speed", "X", "simulated time runs X times as fast as the clock (default 1)"},
    {"--duration", "S", "stop after S seconds (default: at Ctrl-C)"},
    {"--max-connections", "N", "open connections in all (default 2048; the busiest address makes room)"},
    {"--max-per-address", "N", "open connections from one client address (default 256)"},
    {"--idle-timeout", "S", "a client silent that long is cut off (default 300)"},
    {"--tls-cert", "FILE", "the server's certificate (PEM) instead of a self-signed one made at start"},
    {"--tls-key", "FILE", "... and its private key (PEM)"},
    {"--tls-ca-out", "FILE", "write the certificate there: clients trust it as their CA file"},
    {"--tls-keylog", "FILE", "append the TLS session keys there (SSLKEYLOGFILE format: Wireshark decrypts)"},
};

constexpr Option kServeOptions[] = {
    {"--seed", "N", "the pseudo-random seed (overrides the scenario's own)"},
    {"--quiet", "", "print the port map and the summary, not the transcript"},
    {"--mailboxes", "DIR", "at the end, every mail store as DIR/<host>/<user>"},
};

constexpr Option kLessonOptions[] = {
    {"--lang", "fr|en", "the language of titles, texts and verdicts (default en)"},
    {"--answers", "", "show, export --html: the teacher's copy, with each question's answer and each try's outcome"},
    {"--dir", "DIR", "the lessons' directory (default: $MAILSIM_LESSONS, else lessons/ here or in a parent)"},
    {"--html", "FILE", "export: the lesson as one standalone printable page"},
    {"--gift", "FILE", "export: the questions as Moodle GIFT, each choice with its feedback"},
    {"--export", "FILE", "progress: write the saved answers and scores as one JSON file to hand in"},
    {"--student", "NAME", "progress --export: the student's name in that file"},
};

constexpr Option kActivityOptions[] = {
    {"--lang", "fr|en", "the language of the texts and of the checks (default en)"},
    {"--dir", "DIR", "the lessons' directory (default: as for mailsim lesson)"},
};

constexpr Option kCheckOptions[] = {
    {"--lang", "en|fr", "the verdict and the scenario's title in English (default) or French"},
};

constexpr Option kListOptions[] = {
    {"--scenarios", "DIR", "the scenarios' directory (default: scenarios/ beside the lessons' directory)"},
    {"--dir", "DIR", "the lessons' directory (default: as for mailsim lesson)"},
    {"--lang", "en|fr", "the scenarios' titles in English (default) or French"},
};

constexpr OptionGroup kRunGroups[] = {{"options", kRunOptions}, {"exports", kExportOptions}};
constexpr OptionGroup kMessageGroups[] = {{"options", kMessageOptions}};
constexpr OptionGroup kServeGroups[] = {
    {"live options", kServeLiveOptions}, {"options", kServeOptions}, {"exports (passwords masked by default)", kExportOptions}};
constexpr OptionGroup kLessonGroups[] = {{"options", kLessonOptions}};
constexpr OptionGroup kListGroups[] = {{"options", kListOptions}};
constexpr OptionGroup kCheckGroups[] = {{"options", kCheckOptions}};
constexpr OptionGroup kActivityGroups[] = {{"options", kActivityOptions}};

constexpr Command kCommands[] = {
    {"run", cmd_run, "FILE [options] [exports]", "run a scenario, print its transcript and check its expectations",
     "Runs the scenario FILE to its end and prints its title, its description and the transcript of\n"
     "everything that happened, then each expectation (PASS or FAIL) and the message balance\n"
     "(accepted, delivered, bounced, still queued). Exit 1 if an expectation fails.",
     kRunGroups},
    {"check", cmd_check, "FILE... [--lang en|fr]", "validate scenarios without running them",
     "Loads each scenario and prints FILE: ok (TITLE), or each error as file:line:col: what.\n"
     "Warnings (a scenario that can load but not work as written: AUTH required but not\n"
     "offered, say) are printed as file:line:col: warning: what.",
     kCheckGroups},
    {"message", cmd_message, "FILE.eml [--format text|json]", "print a message's MIME tree with diagnostics",
     "Parses the message FILE.eml and prints its MIME tree, its decoded header fields and what\n"
     "is wrong with it. Exit 0 when there are at most warnings; 2 when a diagnostic is an error\n"
     "(an empty file, no header, From or Date missing, a boundary that never appears) or the\n"
     "file cannot be read.",
     kMessageGroups},
    {"serve", cmd_serve, "FILE [live options] [options] [exports]", "run the world in real time; real clients on real ports",
     "Runs the scenario's world in real time and gives every service of every simulated host a\n"
     "real port on loopback (the map is printed at start). Real clients (curl, swaks, Thunderbird)\n"
     "speak to the simulated servers as the host live-client. Every service offers STARTTLS\n"
     "(real TLS, with a self-signed certificate made at start: its fingerprint is printed),\n"
     "and submission, IMAP and POP3 also listen with implicit TLS (465, 993, 995). Ctrl-C ends\n"
     "cleanly and writes the exports.",
     kServeGroups},
    {"lesson", cmd_lesson,
     "list [--lang fr|en]\nshow NAME [--lang fr|en] [--answers]\ncheck [NAME...]\nanswer NAME STEP ANSWER [--lang fr|en]\n"
     "try NAME STEP [--lang fr|en]\nexport NAME --html FILE [--answers] [--lang fr|en]\nexport [NAME...] --gift FILE [--lang fr|en]\n"
     "progress [--export FILE [--student NAME]]",
     "the course's lessons: list, show, check, answer a question, try a change, export, progress",
     "NAME is a lesson's id (05-smtp), its number (05) or a part of its id found in only one\n"
     "lesson (dns). STEP is a step's id, as show prints it in brackets. show prints no result\n"
     "before its question unless --answers. answer exits 0 for a right answer, 1 for a wrong\n"
     "one, 2 for one that is none of the choices; check exits 1 when a lesson has a problem.\n"
     "Answers and activity scores are saved in progress.json ($MAILSIM_PROGRESS, else\n"
     "$XDG_DATA_HOME/mailsim, else ~/.local/share/mailsim).",
     kLessonGroups},
    {"activity", cmd_activity, "list [--lang fr|en]\nshow NAME [--lang fr|en]\ncheck NAME FILE [--lang fr|en]",
     "the lessons' graded activities: what to hand in, and a score for a submission",
     "NAME is LESSON/STEP (05-smtp/act-two-rcpt) or the step's id alone when only one lesson\n"
     "has it. check runs the submission FILE (session lines, a JSON list of changes or a\n"
     "scenario, as show says) and prints score=N/M, and for each failed check what was\n"
     "expected and what happened; it exits 0 for full marks, 1 otherwise, 2 for a submission\n"
     "that cannot be run.",
     kActivityGroups},
    {"list", cmd_list, "[--scenarios DIR] [--dir DIR] [--lang en|fr]", "every shipped scenario, its title and the lessons that use it",
     "Prints every scenario of scenarios/ (by default the one beside the lessons' directory):\n"
     "its file name and title, and below them the lessons whose steps run it.",
     kListGroups},
};

constexpr std::string_view kExitStatus = "0 success, 1 an expectation (or a lesson check, an answer) failed, 2 invalid input "
                                         "(a broken scenario or message, a bad command line)";

std::string option_label(const Option& o) {
  std::string label(o.name);
  if (!o.value.empty()) label += " " + std::string(o.value);
  return label;
}

// Each line of `text`, with `prefix` before it.
void print_lines(std::FILE* out, std::string_view text, const char* prefix) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    std::fprintf(out, "%s%.*s\n", prefix, static_cast<int>(line.size()), line.data());
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

void print_synopsis(std::FILE* out, const Command& c, const char* first, const char* next) {
  std::string_view forms = c.synopsis;
  const char* lead = first;
  while (true) {
    const std::size_t end = forms.find('\n');
    const std::string_view form = forms.substr(0, end);
    std::fprintf(out, "%smailsim %.*s %.*s\n", lead, static_cast<int>(c.name.size()), c.name.data(),
                 static_cast<int>(form.size()), form.data());
    lead = next;
    if (end == std::string_view::npos) break;
    forms.remove_prefix(end + 1);
  }
}

void print_groups(std::FILE* out, const Command& c, const char* indent) {
  for (const OptionGroup& g : c.groups) {
    std::fprintf(out, "%s%.*s:\n", indent, static_cast<int>(g.title.size()), g.title.data());
    for (const Option& o : g.options) {
      const std::string label = option_label(o);
      if (label.size() <= 24)
        std::fprintf(out, "%s  %-24s %.*s\n", indent, label.c_str(), static_cast<int>(o.help.size()), o.help.data());
      else
        std::fprintf(out, "%s  %s\n%s  %-24s %.*s\n", indent, label.c_str(), indent, "", static_cast<int>(o.help.size()),
                     o.help.data());
    }
  }
}

// troff: backslashes and minus signs escaped, a leading dot or quote made literal.
std::string roff(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '\\') out += "\\e";
    else if (ch == '-') out += "\\-";
    else out += ch;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

// A paragraph of man page: its lines joined (troff fills them again).
void print_roff_paragraph(std::FILE* out, std::string_view text) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::fprintf(out, "%s\n", roff(text.substr(0, end)).c_str());
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

}  // namespace

std::span<const Command> commands() { return kCommands; }

const Command* find_command(std::string_view name) {
  for (const Command& c : kCommands)
    if (c.name == name) return &c;
  return nullptr;
}

void print_command_help(std::FILE* out, const Command& c) {
  print_synopsis(out, c, "usage: ", "       ");
  std::fprintf(out, "\n");
  print_lines(out, c.description, "");
  if (!c.groups.empty()) std::fprintf(out, "\n");
  print_groups(out, c, "");
  std::fprintf(out, "\nexit status: %.*s\n", static_cast<int>(kExitStatus.size()), kExitStatus.data());
}

void print_summary(std::FILE* out) {
  std::fprintf(out, "usage: mailsim COMMAND [ARGS]\n\n");
  for (const Command& c : kCommands)
    std::fprintf(out, "  %-8.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(), static_cast<int>(c.summary.size()),
                 c.summary.data());
  std::fprintf(out, "\nmailsim COMMAND --help for a command's options, mailsim --help for all of them\n");
}

void print_overview(std::FILE* out) {
  std::fprintf(out, "usage: mailsim COMMAND [ARGS]   (mailsim COMMAND --help for one command)\n\ncommands:\n");
  for (const Command& c : kCommands) {
    std::fprintf(out, "\n  %.*s: %.*s\n", static_cast<int>(c.name.size()), c.name.data(), static_cast<int>(c.summary.size()),
                 c.summary.data());
    print_synopsis(out, c, "    ", "    ");
    print_groups(out, c, "    ");
  }
  std::fprintf(out,
               "\noptions:\n  --help      this text\n  --version   the version\n  --man       this text as a man page (troff)\n"
               "\nexit status: %.*s\n",
               static_cast<int>(kExitStatus.size()), kExitStatus.data());
}

void print_man_page(std::FILE* out) {
  std::fprintf(out, ".\\\" Generated by `mailsim --man` from sim/cli/usage.cpp: do not edit, regenerate.\n");
  std::fprintf(out, ".TH MAILSIM 1 \"\" \"mailsim %s\" \"User Commands\"\n", MAILSIM_VERSION);
  std::fprintf(out, ".SH NAME\nmailsim \\- an educational simulator of Internet mail, on the command line\n");
  std::fprintf(out, ".SH SYNOPSIS\n");
  for (const Command& c : kCommands) {
    std::string_view forms = c.synopsis;
    while (true) {
      const std::size_t end = forms.find('\n');
      std::fprintf(out, ".B mailsim %s\n%s\n.br\n", roff(c.name).c_str(), roff(forms.substr(0, end)).c_str());
      if (end == std::string_view::npos) break;
      forms.remove_prefix(end + 1);
    }
  }
  std::fprintf(out, ".B mailsim\n\\-\\-help | \\-\\-version | \\-\\-man\n");
  std::fprintf(out,
               ".SH DESCRIPTION\n"
               "mailsim simulates SMTP, ESMTP, LMTP, POP3, IMAP, DNS MX, queues and mailboxes in one process, as\n"
               "a discrete\\-event simulation. A scenario (a JSON file, see scenarios/README.md) describes\n"
               "the hosts, the DNS, the scripted clients, the faults and the expected outcome; the servers'\n"
               "replies come from the protocol engines. The window, mailsim\\-gui, shows the same runs.\n");
  std::fprintf(out, ".SH COMMANDS\n");
  for (const Command& c : kCommands) {
    std::fprintf(out, ".SS %s\n", roff(c.name).c_str());
    print_roff_paragraph(out, c.description);
    for (const OptionGroup& g : c.groups) {
      std::fprintf(out, ".PP\n%s:\n", roff(g.title).c_str());
      for (const Option& o : g.options) {
        std::fprintf(out, ".TP\n\\fB%s\\fR", roff(o.name).c_str());
        if (!o.value.empty()) std::fprintf(out, " \\fI%s\\fR", roff(o.value).c_str());
        std::fprintf(out, "\n%s\n", roff(o.help).c_str());
      }
    }
  }
  std::fprintf(out, ".SH EXIT STATUS\n%s\n", roff(kExitStatus).c_str());
  std::fprintf(out,
               ".SH FILES\n.TP\n.B scenarios/\nthe shipped scenarios (mailsim list)\n.TP\n.B lessons/\n"
               "the lessons, in French and English (mailsim lesson list)\n"
               ".SH SEE ALSO\nmailsim\\-gui \\-\\-help; README.md, scenarios/README.md and lessons/README.md in the sources\n");
}

int usage_error(std::string_view command, const std::string& message) {
  std::fprintf(stderr, "mailsim %.*s: %s\n", static_cast<int>(command.size()), command.data(), message.c_str());
  if (const Command* c = find_command(command)) {
    print_synopsis(stderr, *c, "usage: ", "       ");
    std::fprintf(stderr, "(mailsim %.*s --help for every option)\n", static_cast<int>(command.size()), command.data());
  }
  return 2;
}

std::optional<int> screen_options(const Command& c, const Args& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      print_command_help(stdout, c);
      return 0;
    }
    if (a.rfind("--", 0) != 0) continue;
    const std::string name = a.substr(0, a.find('='));
    const Option* found = nullptr;
    for (const OptionGroup& g : c.groups)
      for (const Option& o : g.options)
        if (o.name == name) found = &o;
    std::string error;
    if (!found) error = "unknown option '" + name + "'";
    else if (!found->value.empty() && name == a && i + 1 >= args.size()) error = name + " needs a value";
    else if (found->value.empty() && name != a) error = name + " takes no value";
    if (!error.empty()) return usage_error(c.name, error);
    if (!found->value.empty() && name == a) ++i;  // its value, whatever it looks like
  }
  return std::nullopt;
}

}  // namespace mailsim::cli
