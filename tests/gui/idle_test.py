#!/usr/bin/env python3
"""Idle means idle: `mailsim-gui SCENARIO` in a real window (under Xvfb), paused and
untouched, must sleep until an input event rather than redraw. After the window has
settled, the CPU time the process uses over 5 seconds (utime + stime from /proc) is
printed as a percentage of one core and must stay under 5%.

usage: idle_test.py MAILSIM_GUI SCENARIO"""
import os
import subprocess
import sys
import time

SETTLE_S = 3.0
MEASURE_S = 5.0
LIMIT_PERCENT = 5.0


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # After the command's closing parenthesis: utime and stime are fields 12 and 13.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


gui, scenario = sys.argv[1:3]
proc = subprocess.Popen([gui, scenario, "--no-settings"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
try:
    time.sleep(SETTLE_S)
    if proc.poll() is not None:
        print(proc.stdout.read().decode(errors="replace"))
        sys.exit(f"FAIL: mailsim-gui exited with {proc.returncode} before the measure")
    start_cpu, start = cpu_seconds(proc.pid), time.monotonic()
    time.sleep(MEASURE_S)
    used, elapsed = cpu_seconds(proc.pid) - start_cpu, time.monotonic() - start
finally:
    proc.terminate()
    proc.wait(timeout=10)
percent = 100.0 * used / elapsed
print(f"idle_cpu_percent={percent:.2f} over {elapsed:.1f} s (limit {LIMIT_PERCENT}%)")
if percent >= LIMIT_PERCENT:
    sys.exit("FAIL: the window redraws while paused and untouched")
print("ok")
