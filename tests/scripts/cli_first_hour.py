#!/usr/bin/env python3
"""What a first-time user meets on the command line (ctest: cli_first_hour).

Theory of operation: each case runs `mailsim` with some arguments, from a temporary
directory where `scenarios/` and `lessons/` point to the repository's, and checks the exit
status and a pattern of its output: the statuses the README promises, errors that name
what exists, the scenario's title on top of a run, the scenario catalogue.

usage: cli_first_hour.py MAILSIM REPO WORK_DIR
"""
import json
import os
import re
import subprocess
import sys

from check_report import report

CONTRADICTION = """{"name": "no-auth-offered",
 "hosts": [{"name": "msa.example", "roles": ["msa", "mta"], "extensions": ["PIPELINING"],
            "require_auth": true, "auth_users": {"anne": "pw"}},
           {"name": "pc.example", "roles": ["mua"]}],
 "clients": [{"at": "1s", "host": "pc.example",
              "send": {"from": "anne@msa.example", "to": "bob@msa.example", "via": "msa.example"}}]}
"""

# (arguments, exit status, regular expression the output must match)
CASES = [
    (["message", "empty.eml"], 2, r"error: missing required From field.*\n.*not a valid message"),
    (["message", "headerless.eml"], 2, r"empty.eml|headerless.eml: 2 error\(s\), not a valid message"),
    (["message", "scenarios/messages/course_header.eml"], 0, r"Diagnostics: 1\n  note \(line 5\): X-Accept-Language"),
    (["run", "scenarios/basic-smtp.json", "--quiet", "--diagram", "one.mmd", "--diagram-conn", "c9"], 2,
     r"no connection c9 in this run; its connections: c1\n"),
    (["lesson", "show", "smtp"], 2, r"'smtp' matches 2 lessons: 05-smtp, 07-esmtp; say which"),
    (["lesson", "answer", "05-smtp", "rcpt-reply", "250"], 2, r"lesson 05-smtp has no step 'rcpt-reply'; its questions: helo, rcpt, "),
    (["lesson", "answer", "05-smtp", "greeting", "220"], 2, r"step 'greeting' of 05-smtp asks no question"),
    (["lesson", "answer", "05-smtp", "rcpt", "250"], 0, r"^Right: the simulation gives 250"),
    (["run", "scenarios/basic-smtp.json", "--quiet"], 0,
     r"^== basic-smtp: The course's sendmail example: liti.ibp.fr sends to lo@artemis.ibp.fr\n   A user on liti"),
    (["run", "scenarios/basic-smtp.json", "--format=json", "--quiet"], 0, r'"title":"The course\'s sendmail example'),
    (["check", "no-auth.json"], 0, r"^no-auth.json:3:29: warning: host msa.example requires AUTH but its extensions do not "
                                   r"offer it: every submission will end in 530"),
    (["check", "no-auth.json"], 0, r"^no-auth.json: ok, 1 warning"),
    (["run", "no-auth.json"], 0, r"MUA not submitted: MAIL refused with 530 .*; the server requires AUTH but does not offer it"),
    (["list"], 0, r"basic-smtp.json +The course's sendmail example[^\n]*\n +lessons: 01-architecture, "),
    (["serve", "--help"], 0, r"^usage: mailsim serve FILE(.|\n)*--port-offset N +real port = simulated port \+ N \(default 10000"),
    (["run", "scenarios/basic-smtp.json", "--no-such"], 2, r"mailsim run: unknown option '--no-such'"),
    ([], 2, r"^usage: mailsim COMMAND \[ARGS\]\n\n  run +run a scenario(.|\n)*  list +every shipped scenario(.|\n)*mailsim --help for all"),
]


def main():
    mailsim, repo, work = (os.path.abspath(a) for a in sys.argv[1:4])
    os.makedirs(work, exist_ok=True)
    for name in ("scenarios", "lessons"):
        if not os.path.lexists(os.path.join(work, name)):
            os.symlink(os.path.join(repo, name), os.path.join(work, name))
    open(os.path.join(work, "empty.eml"), "w").close()
    with open(os.path.join(work, "headerless.eml"), "w") as f:
        f.write("just a body\r\n")
    with open(os.path.join(work, "no-auth.json"), "w") as f:
        f.write(CONTRADICTION)
    failures = []
    for args, status, pattern in CASES:
        p = subprocess.run([mailsim, *args], cwd=work, capture_output=True, text=True, timeout=300)
        out = p.stdout + p.stderr
        if p.returncode != status or not re.search(pattern, out, re.M):
            failures.append(f"mailsim {' '.join(args)}: exit {p.returncode} (expected {status}), "
                            f"output does not match {pattern!r}:\n{out[-1500:]}")
    # Every shipped scenario is in the catalogue; lesson list rows are aligned.
    listed = subprocess.run([mailsim, "list"], cwd=work, capture_output=True, text=True).stdout
    for f in sorted(os.listdir(os.path.join(repo, "scenarios"))):
        if f.endswith(".json") and not re.search(rf"^{re.escape(f)} ", listed, re.M):
            failures.append(f"mailsim list does not name {f}")
    lessons = subprocess.run([mailsim, "lesson", "list"], cwd=work, capture_output=True, text=True).stdout.splitlines()
    columns = {line.find(" steps") for line in lessons}
    if len(lessons) < 2 or len(columns) != 1:
        failures.append("mailsim lesson list: the rows are not aligned:\n" + "\n".join(lessons))
    run = json.loads(subprocess.run([mailsim, "run", "scenarios/mx-fallback.json", "--format", "json", "--quiet"],
                                    cwd=work, capture_output=True, text=True).stdout)
    if not run.get("description", "").startswith("jussieu.fr has two MX records"):
        failures.append("mailsim run --format json carries no description")
    return report(failures, f"{len(CASES) + 3} checks")


if __name__ == "__main__":
    sys.exit(main())
