"""Starts `mailsim serve` (or another command that serves the same way, such as
`mailsim-gui --serve`) on free high ports for a test, reads its port map, stops it with
SIGTERM and returns what it printed and the JSON trace it wrote. Standard library only."""
import json
import os
import random
import re
import signal
import subprocess
import time

# "  smtp.cnam.fr:587 (submission) -> 127.0.0.1:10587", or "-> [::1]:10587" with --bind ::1
MAP_LINE = re.compile(r"^\s+(\S+):(\d+) \((\w*)\) -> ([\d.]+|\[[0-9A-Fa-f:.]+\]):(\d+)$")


class LiveServer:
    def __init__(self, mailsim, scenario, out_dir, extra=(), command=None):
        self.mailsim, self.scenario, self.out_dir, self.extra = mailsim, scenario, out_dir, list(extra)
        self.command = list(command or [mailsim, "serve", scenario, "--quiet"])
        self.ports = {}  # (host, port) -> real port
        self.proc = None
        self.output = ""
        self.trace_path = os.path.join(out_dir, "trace.json")
        os.makedirs(out_dir, exist_ok=True)

    def start(self):
        for attempt in range(20):
            offset = random.randrange(20000, 40000, 7)
            self.proc = subprocess.Popen(
                [*self.command, "--port-offset", str(offset), "--trace", self.trace_path, *self.extra],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            lines = []
            deadline = time.time() + 20
            while time.time() < deadline:
                line = self.proc.stdout.readline()
                if not line:
                    break
                lines.append(line)
                m = MAP_LINE.match(line.rstrip("\n"))
                if m:
                    self.ports[(m.group(1), int(m.group(2)))] = int(m.group(5))
                if line.startswith("ready"):
                    self.output = "".join(lines)
                    return self
            self.proc.wait(timeout=10)
            self.ports = {}
            if "cannot listen" not in "".join(lines):
                raise RuntimeError("mailsim serve did not start:\n" + "".join(lines))
        raise RuntimeError("no free ports found for mailsim serve")

    def port(self, host, port):
        return self.ports[(host, port)]

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        """SIGTERM, wait, return (exit code, output, trace events)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rest, _ = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rest, _ = self.proc.communicate()
        self.output += rest or ""
        events = []
        if os.path.exists(self.trace_path):
            events = json.load(open(self.trace_path))["trace"]
        return self.proc.returncode, self.output, events

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def recv_all(sock, limit=1 << 20, timeout=10, end=None):
    """What the socket brings until EOF, a reset, `timeout` seconds of silence, `limit`
    bytes, or data ending with `end`."""
    import socket
    sock.settimeout(timeout)
    data = b""
    try:
        while len(data) < limit and not (end and data.endswith(end)):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return data


def run_fetchmail(home, host, proto, port, options, mbox):
    """One fetchmail run for paul (password secret) from HOST:PORT by PROTO into `mbox`
    through its MDA, with `options` (keep, sslproto, sslcertfile...) and its own rc file in
    the fresh directory `home` (fetchmail wants it private); returns the exit code (0: mail
    fetched, 1: none waiting) and what it printed."""
    import shutil
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(home)
    rc = os.path.join(home, "fetchmailrc")
    with open(rc, "w") as f:
        f.write("set no bouncemail\n"
                f"poll {host} with proto {proto} port {port}\n"
                f"  user \"paul\" there with password \"secret\"\n"
                f"  options {options} mda \"cat >> {mbox}\"\n")
    os.chmod(rc, 0o600)
    r = subprocess.run(["fetchmail", "-f", rc, "-v", "--nosyslog", "--nodetach"], capture_output=True, text=True,
                       timeout=60, env=dict(os.environ, FETCHMAILHOME=home), stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout + r.stderr


def raise_open_files(wanted=4096):
    """Raises this process's limit of open files towards `wanted` (tests that hold many
    connections); returns the limit now in force."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, wanted), hard))
    return min(hard, wanted)


class Checks:
    def __init__(self):
        self.failures = []

    def __call__(self, cond, what):
        print(("ok   " if cond else "FAIL ") + what, flush=True)
        if not cond:
            self.failures.append(what)
        return cond

    def exit_code(self):
        if self.failures:
            print(f"{len(self.failures)} check(s) failed")
        return 1 if self.failures else 0
