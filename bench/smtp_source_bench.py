#!/usr/bin/env python3
"""Throughput of `mailsim serve` against Postfix's smtp-sink, measured with smtp-source.

For each mode (a new connection per message, and -d: reused connections) and each server
(smtp-sink, mailsim serve scenarios/live.json with messages to paul@jussieu.fr at the MX
mx.jussieu.fr, which files each one in the mailbox), runs smtp-source REPEAT times on a
fresh server and prints messages per second: each run, the median, and mailsim's ratio to
smtp-sink. Needs the `postfix` package (smtp-source, smtp-sink):
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postfix

usage: bench/smtp_source_bench.py [--mailsim build/bin/mailsim] [--messages 20000]
                                  [--sessions 10] [--repeat 3]"""
import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "live"))
from liveserver import LiveServer  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def source(port, messages, sessions, reuse):
    cmd = [shutil.which("smtp-source") or "/usr/sbin/smtp-source", "-s", str(sessions), "-m", str(messages),
           "-f", "bench@example.org", "-t", "paul@jussieu.fr", "-M", "bench.example"]
    if reuse:
        cmd.append("-d")
    cmd.append(f"127.0.0.1:{port}")
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise RuntimeError(f"smtp-source failed: {r.stderr.strip()[:500]}")
    return messages / dt


def run_sink(messages, sessions, reuse):
    port = free_port()
    cmd = [shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"]
    if os.geteuid() == 0:
        cmd += ["-u", "nobody"]
    cmd += [f"127.0.0.1:{port}", "1024"]
    sink = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        return source(port, messages, sessions, reuse)
    finally:
        sink.kill()
        sink.wait()


def run_mailsim(mailsim, messages, sessions, reuse, out):
    with LiveServer(mailsim, os.path.join(ROOT, "scenarios", "live.json"), out) as srv:
        rate = source(srv.port("mx.jussieu.fr", 25), messages, sessions, reuse)
        code, output, _ = srv.stop()
        if code != 0:
            raise RuntimeError("mailsim serve failed:\n" + output)
        return rate


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mailsim", default=os.path.join(ROOT, "build", "bin", "mailsim"))
    ap.add_argument("--messages", type=int, default=20000)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default="/tmp/mailsim-bench-smtp")
    a = ap.parse_args()
    if not (shutil.which("smtp-source") or os.path.exists("/usr/sbin/smtp-source")):
        print("smtp-source not found: install the postfix package (see the top of this file)")
        return 77
    print(f"smtp-source: {a.messages} messages, {a.sessions} sessions, median of {a.repeat} runs")
    for reuse in (False, True):
        mode = "reused connections (-d)" if reuse else "new connection per message"
        sink, sim = [], []
        for _ in range(a.repeat):
            sink.append(run_sink(a.messages, a.sessions, reuse))
            sim.append(run_mailsim(a.mailsim, a.messages, a.sessions, reuse, a.out))
        ms, mm = statistics.median(sink), statistics.median(sim)
        print(f"{mode}:")
        print(f"  smtp-sink      {ms:9.0f} msg/s   runs: {', '.join(f'{x:.0f}' for x in sink)}")
        print(f"  mailsim serve  {mm:9.0f} msg/s   runs: {', '.join(f'{x:.0f}' for x in sim)}")
        print(f"  ratio mailsim/smtp-sink: {mm / ms:.2f}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    random.seed()
    sys.exit(main())
