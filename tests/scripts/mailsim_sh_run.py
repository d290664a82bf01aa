#!/usr/bin/env python3
"""`./mailsim.sh run FILE` finds FILE from the caller's directory (ctest: mailsim_sh_run).

Theory of operation: a copy of mailsim.sh runs in a temporary repository whose
`build/bin/mailsim` only prints the file it was given, with a `cmake` that does nothing
first on the PATH, no display and MAILSIM_NO_INSTALL=1: the script then skips apt-get,
"builds", falls back to the CLI and shows which path it resolved. A relative FILE is the
caller's when it exists there, else the repository's; a FILE in neither is refused (exit 2)
before anything is installed or built.

usage: mailsim_sh_run.py MAILSIM_SH WORK_DIR
"""
import os
import shutil
import stat
import subprocess
import sys

from check_report import report


def executable(path, text):
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + text + "\n")
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)


def main():
    script, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    shutil.rmtree(work, ignore_errors=True)
    repo, caller, tools = (os.path.join(work, d) for d in ("repo", "caller", "tools"))
    for d in (os.path.join(repo, "build", "bin"), os.path.join(repo, "scenarios"), caller, tools):
        os.makedirs(d)
    shutil.copy(script, os.path.join(repo, "mailsim.sh"))
    executable(os.path.join(repo, "build", "bin", "mailsim"), 'echo "CLI $1 $2"')
    executable(os.path.join(tools, "cmake"), "exit 0")
    for path in (os.path.join(repo, "scenarios", "basic-smtp.json"), os.path.join(repo, "scenarios", "mx.json"),
                 os.path.join(caller, "mine.json")):
        open(path, "w").close()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(MAILSIM_NO_INSTALL="1", PATH=tools + os.pathsep + env.get("PATH", ""))

    def run(*args):
        return subprocess.run([os.path.join(repo, "mailsim.sh"), "run", *args], cwd=caller, env=env,
                              capture_output=True, text=True, timeout=60)

    failures = []
    for args, status, expected in [
        (["mine.json"], 0, f"CLI run {caller}/mine.json"),              # the caller's file
        (["scenarios/mx.json"], 0, "CLI run scenarios/mx.json"),          # not the caller's: the repository's
        ([], 0, "CLI run scenarios/basic-smtp.json"),                     # the default
        (["nosuch.json"], 2, f"no scenario nosuch.json (neither in {caller} nor in {repo})"),
    ]:
        p = run(*args)
        if p.returncode != status or expected not in p.stdout + p.stderr:
            failures.append(f"mailsim.sh run {' '.join(args)}: exit {p.returncode} (expected {status}), "
                            f"no {expected!r} in:\n{p.stdout}{p.stderr}")
    return report(failures, "4 runs")


if __name__ == "__main__":
    sys.exit(main())
