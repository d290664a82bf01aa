#!/usr/bin/env python3
"""With --lang fr nothing English remains where a student reads (ctest: cli_french_output).

Theory of operation: runs `mailsim run --lang fr` on every shipped scenario (the load-*
ones with --quiet: their transcript is one dialogue repeated), `mailsim list --lang fr`,
`mailsim check --lang fr` on them all, and `mailsim lesson show --lang fr --answers` of
lessons 02 and 04 (whose steps show the address and MIME parsers' diagnostics). In what
they print it skips the protocol: transcript lines (`C:` and `S:`), a message's header
and body lines in a lesson; and in every other line it blanks what is quoted or data
rather than prose: «...», "...", `...`, <...>, [...], a server's reply from its code on
(`550 5.1.1 User unknown`, `+OK ...`, `a1 OK ...`), names with a dot, @, /, = or _ in
them (hosts, addresses, files, scenario fields). What is left must hold none of the
English words and phrases of ENGLISH (function words and the CLI's own vocabulary:
`the`, `with`, `PASS`, `still queued`, `balance`...). Each line that does is a failure.

The check must be able to fail: the same scan of an English run of basic-smtp and of
lesson 02's English page must find English on at least MIN_ENGLISH lines, or the test
fails as blind.

usage: check_french_output.py MAILSIM REPO
"""
import os
import re
import subprocess
import sys

from check_report import report

# English that a French page must not show (case counts: `From:` and `To` are field names).
ENGLISH = re.compile(
    r"\b(the|and|with|from|is|are|was|were|not|for|of|after|before|into|this|that|which|has|have|been|will|"
    r"its|their|there|queued|delivered|bounced|accepted|refused|expected|attempt|attempts|retry|still|none|"
    r"lost|sender|recipient|recipients|mailbox|holds|reply|replies|server|connection|closed|timeout|events|"
    r"simulated|wall|throughput|balance|expectations|lessons|warning|warnings|fields|new|removed|found|failed|"
    r"answer|choices|computed|error|missing|The|This|No|Every|LOST)\b|^(PASS|FAIL) ")  # (POP3 has a PASS command)
MIN_ENGLISH = 10

PROTOCOL_LINE = re.compile(r"\S  [CS]: |^\s*\| |^[A-Z][A-Za-z0-9]*(-[A-Za-z0-9]+)*: \S")
END_OF_REPLY = r"(?=\) [;:]|\)$|$)"  # a quoted reply ends the line or its parenthesis
BLANKS = [
    re.compile(r"«[^»]*»"), re.compile(r"^[^«]*»"), re.compile(r"«.*$"),  # a quote may span lines
    re.compile(r'"[^"]*"'), re.compile(r"`[^`]*`"), re.compile(r"<[^<>]*>"), re.compile(r"\[[^\]]*\]"),
    re.compile(r"\b[2-5]\d\d\b.*?" + END_OF_REPLY),    # a reply code and the server's text after it
    re.compile(r"[+-](OK|ERR)\b.*?" + END_OF_REPLY), re.compile(r"\b[a-z]\d+ (OK|NO|BAD)\b.*?" + END_OF_REPLY),
    re.compile(r"\S*[A-Za-z0-9][.@/=_][A-Za-z0-9]\S*"),  # hosts, addresses, files, fields
    re.compile(r"\b[a-z0-9]+(-[a-z0-9]+)+\b"),           # scenario and lesson names
    re.compile(r"--[a-z][a-z-]*"),
]


def english_lines(text):
    """The lines of TEXT that still read as English once protocol and data are blanked."""
    found = []
    for line in text.splitlines():
        if PROTOCOL_LINE.search(line):
            continue
        prose = line
        for blank in BLANKS:
            prose = blank.sub(" ", prose)
        match = ENGLISH.search(prose)
        if match:
            found.append((match.group(0), line))
    return found


def output(command):
    done = subprocess.run(command, capture_output=True, text=True, errors="replace")
    return done.returncode, done.stdout + done.stderr


def main():
    mailsim, repo = sys.argv[1], sys.argv[2]
    scenarios = os.path.join(repo, "scenarios")
    lessons = os.path.join(repo, "lessons")
    files = sorted(os.path.join(scenarios, f) for f in os.listdir(scenarios) if f.endswith(".json"))
    runs = []
    for f in files:
        quiet = ["--quiet"] if os.path.basename(f).startswith("load-") else []
        runs.append(("run " + os.path.basename(f), [mailsim, "run", f, "--lang", "fr"] + quiet))
    runs.append(("list", [mailsim, "list", "--lang", "fr", "--dir", lessons, "--scenarios", scenarios]))
    runs.append(("check", [mailsim, "check", "--lang", "fr"] + files))
    for lesson in ("02-addresses", "04-mime"):
        runs.append(("lesson show " + lesson, [mailsim, "lesson", "show", lesson, "--lang", "fr", "--answers", "--dir", lessons]))

    failures, lines = [], 0
    for name, command in runs:
        status, text = output(command)
        lines += text.count("\n")
        if status != 0:
            failures.append(f"{name}: exit status {status}")
        for word, line in english_lines(text):
            failures.append(f"{name}: English ('{word}'): {line.strip()}")

    # The same scan must see English in an English run, or it proves nothing.
    blind = 0
    for command in ([mailsim, "run", os.path.join(scenarios, "basic-smtp.json")],
                    [mailsim, "lesson", "show", "02-addresses", "--answers", "--dir", lessons]):
        blind += len(english_lines(output(command)[1]))
    if blind < MIN_ENGLISH:
        failures.append(f"the scan found English on only {blind} line(s) of English runs (at least {MIN_ENGLISH} expected): it cannot fail")
    return report(failures, f"{len(runs)} French outputs, {lines} lines; {blind} English lines seen in English runs")


if __name__ == "__main__":
    sys.exit(main())
