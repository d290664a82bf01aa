#!/usr/bin/env python3
"""Every command the READMEs show works as written (ctest: readme_commands).

Theory of operation: the code blocks of the Markdown files given (fenced with ``` or
indented by four spaces) are read line by line; a line that starts with one of mailsim's
programs is a command. A command written as it would be typed (no placeholder such as
FILE or NAME, no [optional] part) is run, from a temporary directory where `scenarios/`
and `lessons/` point to the repository's, and must exit 0 (`lesson answer` may also exit
1: a wrong answer is judged, not refused; a trailing `# exit N` comment states another
status). A synopsis, a command that would serve forever (`mailsim serve`, the window) or a
benchmark is checked against the program instead: its subcommand exists and every
`--option` it names is one the program's --help lists. `./mailsim.sh WORD` must be a
command `./mailsim.sh help` lists, and a bench script must exist and define its options.
So a renamed step, scenario or option fails the build rather than the reader. A table
row that names a scenario (`` `NAME.json` ``) in its first cell and lessons (`05-smtp, ...`)
in its last must name the lessons `mailsim list` gives for it.

usage: readme_commands.py REPO BIN_DIR WORK_DIR FILE.md...
"""
import os
import re
import shlex
import subprocess
import sys

from check_report import report

PLACEHOLDER = re.compile(r"^(FILE|NAME|STEP|ANSWER|DIR|ADDR|PX|PNG|N|K|S|T|X|SECONDS|BYTES)([.\w]*)$")
OPTION = re.compile(r"--[a-z][a-z0-9-]*")


def code_lines(path):
    """(line number, text) of each line inside a code block, continuations joined."""
    out, fence, pending = [], False, None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith("```"):
            fence = not fence
            continue
        if fence:
            text = line
        elif line.startswith("    ") and not line.lstrip().startswith(("-", "|", "*")):
            text = line[4:]
        else:
            continue
        if pending:
            pending = (pending[0], pending[1] + " " + text.strip())
        else:
            pending = (number, text.strip())
        if pending[1].endswith("\\"):
            pending = (pending[0], pending[1][:-1].rstrip())
            continue
        out.append(pending)
        pending = None
    return out


def split_comment(text):
    """The command and its trailing comment (`cmd   # comment`)."""
    m = re.search(r"\s#\s", text)
    return (text[: m.start()].strip(), text[m.end():].strip()) if m else (text, "")


def is_synopsis(words):
    return any(c in w for w in words for c in "[]|") or any(PLACEHOLDER.match(w) for w in words) or "..." in words


class Checker:
    def __init__(self, repo, bin_dir, work):
        self.repo, self.bin, self.work = repo, bin_dir, work
        self.failures, self.ran, self.checked = [], 0, 0
        self._help = {}
        os.makedirs(work, exist_ok=True)
        for name in ("scenarios", "lessons"):
            link = os.path.join(work, name)
            if not os.path.lexists(link):
                os.symlink(os.path.join(repo, name), link)

    def fail(self, where, text, why):
        self.failures.append(f"{where}: `{text}`: {why}")

    def help_of(self, program, *words):
        key = (program,) + words
        if key not in self._help:
            p = subprocess.run([program, *words, "--help"], capture_output=True, text=True, timeout=60)
            self._help[key] = (p.returncode, p.stdout + p.stderr)
        return self._help[key]

    def program(self, word):
        for name in ("mailsim", "mailsim-gui", "mailsim-bench"):
            if word in (name, "build/bin/" + name):
                path = os.path.join(self.bin, name)
                return name, (path if os.access(path, os.X_OK) else None)
        return None, None

    def check_options(self, where, text, program, words):
        """Every --option of `text` is listed by `program words... --help`."""
        status, helptext = self.help_of(program, *words)
        if status != 0:
            self.fail(where, text, f"`{' '.join([os.path.basename(program), *words])} --help` exits {status}")
            return
        known = set(OPTION.findall(helptext))
        for option in OPTION.findall(text):
            if option not in known:
                self.fail(where, text, f"{option} is not an option of {' '.join([os.path.basename(program), *words])}")
        self.checked += 1

    def mailsim(self, where, text, words, expected):
        exe = self.program("mailsim")[1]
        sub = words[1] if len(words) > 1 else "--help"
        if sub.endswith(":"):  # a line of output shown after the command ("mailsim serve: ...")
            return
        if sub.startswith("-"):
            self.check_options(where, text, exe, [])
            return
        status, helptext = self.help_of(exe)
        if not re.search(rf"^\s*(mailsim )?{re.escape(sub)}\b", helptext, re.M):
            self.fail(where, text, f"mailsim has no subcommand '{sub}'")
            return
        if sub == "serve" or is_synopsis(words):
            self.check_options(where, text, exe, [sub])
            files = [w for w in words[2:] if w.endswith((".json", ".eml"))]
            for f in files:
                if not os.path.exists(os.path.join(self.repo, f)) and "/" in f:
                    self.fail(where, text, f"{f} does not exist")
            return
        p = subprocess.run([exe, *words[1:]], cwd=self.work, capture_output=True, text=True, timeout=600)
        allowed = expected if expected is not None else ({0, 1} if words[1:3] == ["lesson", "answer"] else {0})
        if p.returncode not in allowed:
            self.fail(where, text, f"exit {p.returncode} (expected {sorted(allowed)}):\n{p.stderr.strip()[-800:]}")
        self.ran += 1

    def line(self, where, raw):
        text, comment = split_comment(raw.lstrip("$ ").strip())
        try:
            words = shlex.split(text)
        except ValueError:
            return
        if not words:
            return
        m = re.match(r"exit (\d+)", comment)
        expected = {int(m.group(1))} if m else None
        name, exe = self.program(words[0])
        if name == "mailsim":
            if exe is None:
                self.fail(where, text, "no mailsim binary in " + self.bin)
            else:
                self.mailsim(where, text, words, expected)
        elif name in ("mailsim-gui", "mailsim-bench"):
            if exe is None:  # not built in this configuration (MAILSIM_GUI=OFF)
                return
            if name == "mailsim-bench" and len(words) > 1:
                usage = self.help_of(exe)[1]
                if not re.search(rf"^\s+{re.escape(words[1])}\b", usage, re.M):
                    self.fail(where, text, f"mailsim-bench has no benchmark '{words[1]}'")
                    return
            self.check_options(where, text, exe, [])
        elif words[0] == "./mailsim.sh":
            usage = subprocess.run([os.path.join(self.repo, "mailsim.sh"), "help"], capture_output=True, text=True).stdout
            if len(words) > 1 and not re.search(rf"\./mailsim\.sh {re.escape(words[1])}\b", usage):
                self.fail(where, text, f"./mailsim.sh help lists no command '{words[1]}'")
            for f in words[2:]:
                if not is_synopsis([f]) and not os.path.exists(os.path.join(self.repo, f)):
                    self.fail(where, text, f"{f} does not exist")
            self.checked += 1
        else:
            script = next((w for w in words[:2] if w.startswith("bench/")), None)
            if script:
                path = os.path.join(self.repo, script)
                if not os.path.exists(path):
                    self.fail(where, text, f"{script} does not exist")
                    return
                source = open(path, encoding="utf-8").read()
                for option in OPTION.findall(text):
                    if option not in source:
                        self.fail(where, text, f"{script} defines no {option}")
                self.checked += 1


def check_lesson_rows(checker, md, rel):
    """Rows `| `NAME.json` | ... | 01-x, 05-y |` against `mailsim list`."""
    listed = subprocess.run([checker.program("mailsim")[1], "list"], cwd=checker.work, capture_output=True,
                            text=True).stdout
    users = dict(re.findall(r"^(\S+\.json) .*\n\s+lessons: (.*)$", listed, re.M))
    with open(md, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            m = re.match(r"^\| `([\w.-]+\.json)` \|.*\| ((?:\d\d-[\w-]+(?:, )?)+) \|$", line.strip())
            if m and m.group(2) != users.get(m.group(1)):
                checker.fail(f"{rel}:{number}", m.group(1), f"lessons {m.group(2)}, but mailsim list says {users.get(m.group(1))}")


def main():
    if len(sys.argv) < 5:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    repo, bin_dir, work = (os.path.abspath(a) for a in sys.argv[1:4])
    checker = Checker(repo, bin_dir, work)
    for md in sys.argv[4:]:
        rel = os.path.relpath(md, repo)
        for number, text in code_lines(md):
            checker.line(f"{rel}:{number}", text)
        if checker.program("mailsim")[1]:
            check_lesson_rows(checker, md, rel)
    return report(checker.failures, f"{checker.ran} commands run, {checker.checked} checked against --help")


if __name__ == "__main__":
    sys.exit(main())
