#!/usr/bin/env python3
"""mailsim's help, man page and parsers agree (ctest: cli_help).

Theory of operation: `mailsim CMD --help` lists each subcommand's options (from the table
of sim/cli/usage.cpp). For every subcommand this checks that `--help` exits 0 with its
usage; that each option it lists is one the subcommand's parser knows (given with a sample
value, it is never refused as an unknown option); that an option it does not list is
refused with exit 2; that `mailsim --help` and the committed man page name every one of
them; and that the man page is exactly what `mailsim --man` prints (regenerate it with
`build/bin/mailsim --man > docs/mailsim.1`).

usage: cli_help.py MAILSIM MAN_PAGE
"""
import re
import subprocess
import sys

from check_report import report

OPTION_LINE = re.compile(r"^\s+(--[a-z][a-z0-9-]*)(?: (\S+))?(?=\s|$)")
SAMPLE = {"N": "1", "X": "1", "S": "1", "T": "1s", "BYTES": "2048", "ADDR": "127.0.0.1", "DIR": "out-dir",
          "FILE": "out.json", "text|json": "json", "en|fr": "en", "fr|en": "en"}


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60)


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    mailsim, man_path = sys.argv[1:]
    failures = []
    overview = run(mailsim, "--help")
    if overview.returncode != 0:
        failures.append(f"mailsim --help exits {overview.returncode}")
    commands = re.findall(r"^  ([a-z]+): ", overview.stdout, re.M)
    if len(commands) < 5:
        failures.append(f"mailsim --help lists {len(commands)} commands: {commands}")
    man = open(man_path, encoding="utf-8").read()
    generated = run(mailsim, "--man").stdout
    if generated != man:
        failures.append(f"{man_path} is not what `mailsim --man` prints: regenerate it "
                        f"(build/bin/mailsim --man > docs/mailsim.1)")
    man_options = set(o.replace("\\-", "-") for o in re.findall(r"(?:\\-){2}[a-z](?:[a-z0-9]|\\-)*", man))
    total = 0
    for command in commands:
        helped = run(mailsim, command, "--help")
        if helped.returncode != 0 or not helped.stdout.startswith(f"usage: mailsim {command}"):
            failures.append(f"mailsim {command} --help: exit {helped.returncode}, {helped.stdout[:60]!r}")
            continue
        if f".SS {command}" not in man:
            failures.append(f"the man page has no section for {command}")
        options = [m.groups() for m in map(OPTION_LINE.match, helped.stdout.splitlines()) if m]
        for name, value in options:
            total += 1
            given = [name] + ([SAMPLE.get(value, "x")] if value else [])
            p = run(mailsim, command, *given)
            if "unknown option" in p.stderr or "not an option" in p.stderr:
                failures.append(f"mailsim {command} --help lists {name}, but its parser refuses it: {p.stderr.strip()}")
            if not re.search(rf"^\s+{re.escape(name)}\b", overview.stdout, re.M):
                failures.append(f"mailsim --help does not list {name} under {command}")
            if name not in man_options:
                failures.append(f"the man page does not list {name}")
        bogus = run(mailsim, command, "--no-such-option")
        if bogus.returncode != 2 or "unknown option '--no-such-option'" not in bogus.stderr:
            failures.append(f"mailsim {command} --no-such-option: exit {bogus.returncode}, {bogus.stderr.strip()!r}")
    return report(failures, f"{len(commands)} commands, {total} options checked")


if __name__ == "__main__":
    sys.exit(main())
