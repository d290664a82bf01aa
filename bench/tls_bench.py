#!/usr/bin/env python3
"""What real TLS costs `mailsim serve`: the same messages sent in clear and with STARTTLS.

Starts `mailsim serve scenarios/live.json` (with --tls-ca-out) and sends MESSAGES tiny
messages to paul@jussieu.fr at the MX mx.jussieu.fr (port 25) from SESSIONS threads of
Python's smtplib, first in clear, then with STARTTLS (a verified TLS 1.3 handshake, ECDSA
P-256), each way with a new connection per message and with PER_CONNECTION messages per
connection. Prints, for each, messages per second and the server's CPU time per message
(user + system, from /proc: it does not depend on how fast the Python clients are, which
set the rate on a small machine).

usage: bench/tls_bench.py [--mailsim build/bin/mailsim] [--messages 2000] [--sessions 4]
                          [--per-connection 20]"""
import argparse
import os
import smtplib
import ssl
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "live"))
from liveserver import LiveServer  # noqa: E402
from smtp_source_bench import cpu_seconds  # noqa: E402

BODY = "Subject: bench\r\n\r\nhello\r\n"


def send(port, count, per_connection, context, errors):
    """`count` messages, `per_connection` in each SMTP session (STARTTLS with `context`)."""
    try:
        while count > 0:
            with smtplib.SMTP("127.0.0.1", port, local_hostname="bench.example", timeout=60) as s:
                if context:
                    s.starttls(context=context)
                for _ in range(min(count, per_connection)):
                    s.sendmail("bench@example.org", ["paul@jussieu.fr"], BODY)
                    count -= 1
    except Exception as e:  # noqa: BLE001
        errors.append(repr(e))


def run(srv, port, messages, sessions, per_connection, context):
    errors = []
    threads = [threading.Thread(target=send, args=(port, messages // sessions, per_connection, context, errors))
               for _ in range(sessions)]
    cpu0, t0 = cpu_seconds(srv.proc.pid), time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed, cpu = time.monotonic() - t0, cpu_seconds(srv.proc.pid) - cpu0
    if errors:
        sys.exit(f"tls_bench: {errors[0]}")
    sent = messages // sessions * sessions
    return sent / elapsed, cpu / sent * 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mailsim", default=os.path.join(ROOT, "build", "bin", "mailsim"))
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--sessions", type=int, default=4)
    ap.add_argument("--per-connection", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as out:
        ca = os.path.join(out, "ca.pem")
        with LiveServer(args.mailsim, os.path.join(ROOT, "scenarios", "live.json"), out,
                        extra=["--tls-ca-out", ca]) as srv:
            port = srv.port("mx.jussieu.fr", 25)
            context = ssl.create_default_context(cafile=ca)
            print(f"{args.messages} messages, {args.sessions} sessions at a time")
            print(f"{'':36} {'msg/s':>8} {'server CPU us/msg':>18}")
            for per in (1, args.per_connection):
                for name, ctx in (("clear", None), ("STARTTLS", context)):
                    rate, cpu = run(srv, port, args.messages, args.sessions, per, ctx)
                    print(f"{name + ', ' + str(per) + ' message(s) per connection':36} {rate:8.0f} {cpu:18.0f}",
                          flush=True)
            srv.stop()


if __name__ == "__main__":
    main()
