#!/usr/bin/env python3
"""`mailsim serve --bind ::1`: the services listen on the IPv6 loopback. The port map shows
[::1]:port; smtplib connects over IPv6 and gets the 220 greeting, and its message is
delivered, with an IPv6 address literal in the Received field (RFC 5321 section 4.1.3).
The bracketed form --bind [::1] works the same; an address that is not one, or that no
interface has, is refused at start with a clear message (exit 2).

usage: test_ipv6.py MAILSIM SCENARIO OUT_DIR   (exit 77: skipped, no IPv6 loopback here)"""
import os
import smtplib
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from liveserver import Checks, LiveServer  # noqa: E402

mailsim, scenario, out = sys.argv[1], sys.argv[2], sys.argv[3]
check = Checks()

try:
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
        probe.bind(("::1", 0))
except OSError as e:
    print(f"skipped: this machine has no IPv6 loopback ({e})")
    sys.exit(77)

for bind in ("::1", "[::1]"):
    with LiveServer(mailsim, scenario, os.path.join(out, "bracketed" if bind[0] == "[" else "plain"),
                    extra=["--bind", bind]) as srv:
        check("-> [::1]:" in srv.output and "-> 127.0.0.1:" not in srv.output,
              f"--bind {bind}: the port map shows [::1]:port")
        check("warning" not in srv.output, f"--bind {bind}: loopback, no warning about other machines")
        mx = srv.port("mx.jussieu.fr", 25)
        with smtplib.SMTP(local_hostname="v6.example", timeout=15) as s:
            code, banner = s.connect("::1", mx)
            check(code == 220 and s.sock.family == socket.AF_INET6,
                  f"--bind {bind}: smtplib on ::1 gets 220 ({banner.decode()})")
            rejected = s.sendmail("a@example.org", ["paul@jussieu.fr"], "Subject: over IPv6\r\n\r\nhello\r\n")
        check(rejected == {}, f"--bind {bind}: smtplib sends a message over IPv6")
        code, output, events = srv.stop()
    check(code == 0, f"--bind {bind}: ends cleanly")
    check(any(e["kind"] == "delivered" and "paul" in e["text"] for e in events),
          f"--bind {bind}: the message is delivered")
    check(any(e["kind"] == "headers" and "(live-client [IPv6:::1])" in e["text"] for e in events),
          f"--bind {bind}: Received names the client with an IPv6 address literal")


def refused(bind):
    r = subprocess.run([mailsim, "serve", scenario, "--bind", bind, "--port-offset", "31000", "--duration", "1"],
                       capture_output=True, text=True, timeout=30)
    return r.returncode, r.stderr.strip()


for bad, why in (("localhost", "is not an IPv4 or IPv6 address"), ("::1::2", "is not an IPv4 or IPv6 address"),
                 ("127.0.0.256", "is not an IPv4 or IPv6 address"),
                 ("2001:db8::1", "no interface of this machine has that address")):
    code, err = refused(bad)
    check(code == 2 and why in err, f"--bind {bad}: refused at start ({err})")

sys.exit(check.exit_code())
