#!/usr/bin/env python3
"""Throughput of `mailsim serve` against Postfix's smtp-sink, measured with smtp-source.

For each mode (a new connection per message, and -d: reused connections) and each server
(smtp-sink, mailsim serve scenarios/live.json with messages to paul@jussieu.fr at the MX
mx.jussieu.fr, which files each one in the mailbox), runs smtp-source REPEAT times on a
fresh server, the two servers in turn (each first every other time), and prints messages
per second: each run, the median, and mailsim's ratio to smtp-sink. It also prints the
CPU time per message of smtp-source and of the server (medians): when smtp-source is busy
nearly all the time, it is smtp-source that sets the rate, whatever the server; and the
bytes of the replies to one message's MAIL, RCPT, DATA and end of data, which smtp-source
reads a character at a time (longer replies cost it more). --cpus N
runs everything on N of the CPUs this process may use (--cpus 1: client and server share
one CPU, so the rate reflects the sum of their costs). Needs the `postfix` package
(smtp-source, smtp-sink):
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postfix

usage: bench/smtp_source_bench.py [--mailsim build/bin/mailsim] [--messages 20000]
                                  [--sessions 10] [--repeat 3] [--cpus N]"""
import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
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


def reply_bytes(port):
    """Bytes of the replies to one transaction as smtp-source sends it (MAIL, RCPT, DATA, the
    message and its end), on a connection already past EHLO."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        replies = s.makefile("rb")

        def reply():  # every line of one reply, up to the one with a space after the code
            size = 0
            while True:
                line = replies.readline()
                if not line:
                    raise RuntimeError(f"the server on {port} closed the connection")
                size += len(line)
                if line[3:4] != b"-":
                    return size

        def command(text):
            s.sendall(text)
            return reply()

        reply()
        command(b"EHLO bench.example\r\n")
        total = command(b"MAIL FROM:<bench@example.org>\r\n") + command(b"RCPT TO:<paul@jussieu.fr>\r\n")
        total += command(b"DATA\r\n")
        total += command(b"From: <bench@example.org>\r\nTo: <paul@jussieu.fr>\r\n\r\nprobe\r\n.\r\n")
        command(b"QUIT\r\n")
        return total


class Run:
    """One smtp-source run: messages per second, CPU seconds of the client and server, and
    the bytes of the replies to one message."""

    def __init__(self, messages, wall, source_cpu, server_cpu, replies):
        self.rate = messages / wall
        self.source_busy = source_cpu / wall  # share of one CPU
        self.source_us = 1e6 * source_cpu / messages
        self.server_us = 1e6 * server_cpu / messages
        self.reply_bytes = replies


def cpu_seconds(pid):
    """User plus system CPU time of a running process, from /proc (clock ticks)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def source(port, messages, sessions, reuse, server_pid):
    cmd = [shutil.which("smtp-source") or "/usr/sbin/smtp-source", "-s", str(sessions), "-m", str(messages),
           "-f", "bench@example.org", "-t", "paul@jussieu.fr", "-M", "bench.example"]
    if reuse:
        cmd.append("-d")
    cmd.append(f"127.0.0.1:{port}")
    replies = reply_bytes(port)
    server0 = cpu_seconds(server_pid)
    t0 = time.perf_counter()
    with subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
        _, status, usage = os.wait4(proc.pid, 0)  # its own CPU time, which subprocess does not give
        wall = time.perf_counter() - t0
        server_cpu = cpu_seconds(server_pid) - server0
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors = proc.stderr.read().decode(errors="replace").strip()
    if proc.returncode != 0:
        raise RuntimeError(f"smtp-source failed: {errors[:500]}")
    return Run(messages, wall, usage.ru_utime + usage.ru_stime, server_cpu, replies)


def run_sink(messages, sessions, reuse):
    port = free_port()
    cmd = [shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"]
    if os.geteuid() == 0:
        cmd += ["-u", "nobody"]
    cmd += [f"127.0.0.1:{port}", "1024"]
    sink = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        return source(port, messages, sessions, reuse, sink.pid)
    finally:
        sink.kill()
        sink.wait()


def run_mailsim(mailsim, messages, sessions, reuse, out):
    with LiveServer(mailsim, os.path.join(ROOT, "scenarios", "live.json"), out) as srv:
        run = source(srv.port("mx.jussieu.fr", 25), messages, sessions, reuse, srv.proc.pid)
        code, output, _ = srv.stop()
        if code != 0:
            raise RuntimeError("mailsim serve failed:\n" + output)
        return run


def report(name, runs):
    med = statistics.median
    print(f"  {name:14} {med(r.rate for r in runs):9.0f} msg/s   runs: {', '.join(f'{r.rate:.0f}' for r in runs)}")
    print(f"  {'':14} CPU per message: smtp-source {med(r.source_us for r in runs):.1f} us "
          f"(busy {100 * med(r.source_busy for r in runs):.0f}% of its run), server {med(r.server_us for r in runs):.1f} us")
    print(f"  {'':14} replies to one message: {runs[0].reply_bytes} bytes")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mailsim", default=os.path.join(ROOT, "build", "bin", "mailsim"))
    ap.add_argument("--messages", type=int, default=20000)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cpus", type=int, default=0, help="run everything on this many CPUs (default: all)")
    ap.add_argument("--out", help="where mailsim serve writes its trace (default: a temporary directory)")
    a = ap.parse_args()
    allowed = sorted(os.sched_getaffinity(0))
    if a.cpus:
        if not 1 <= a.cpus <= len(allowed):
            print(f"--cpus: between 1 and {len(allowed)}, the CPUs this process may use")
            return 2
        os.sched_setaffinity(0, allowed[:a.cpus])  # smtp-source and the servers inherit it
    if not (shutil.which("smtp-source") or os.path.exists("/usr/sbin/smtp-source")):
        print("smtp-source not found: install the postfix package (see the top of this file)")
        return 77
    if not a.out:
        with tempfile.TemporaryDirectory(prefix="mailsim-bench-smtp-") as out:
            a.out = out
            return measure(a)
    return measure(a)


def measure(a):
    """Runs smtp-source against each server in each mode and prints the figures."""
    cpus = len(os.sched_getaffinity(0))
    print(f"smtp-source: {a.messages} messages, {a.sessions} sessions, median of {a.repeat} runs, {cpus} CPU(s)")
    for reuse in (False, True):
        mode = "reused connections (-d)" if reuse else "new connection per message"
        sink, sim = [], []
        for i in range(a.repeat):  # in turn, each server first every other time
            for server in ("sink", "mailsim") if i % 2 == 0 else ("mailsim", "sink"):
                if server == "sink":
                    sink.append(run_sink(a.messages, a.sessions, reuse))
                else:
                    sim.append(run_mailsim(a.mailsim, a.messages, a.sessions, reuse, a.out))
        print(f"{mode}:")
        report("smtp-sink", sink)
        report("mailsim serve", sim)
        ms, mm = (statistics.median(r.rate for r in runs) for runs in (sink, sim))
        print(f"  ratio mailsim/smtp-sink: {mm / ms:.2f}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    random.seed()
    sys.exit(main())
