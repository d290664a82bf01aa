#!/usr/bin/env python3
"""Hostile and broken clients against `mailsim serve`: garbage, a 10 MB line, a thousand
idle connections, a client that vanishes mid-DATA, a client that floods commands and never
reads; and a large message written at once. After each, a normal client (smtplib) must still be served; the process must stay
up, small, and end cleanly; the half-sent message must not be delivered.

usage: test_hostile.py MAILSIM SCENARIO OUT_DIR"""
import os
import random
import smtplib
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from liveserver import Checks, LiveServer, raise_open_files, recv_all  # noqa: E402

mailsim, scenario, out = sys.argv[1], sys.argv[2], sys.argv[3]
check = Checks()
IDLE = min(1000, raise_open_files() - 100)
delivered_ok = 0


def normal_client(port, what):
    global delivered_ok
    try:
        with smtplib.SMTP("127.0.0.1", port, local_hostname="good.example", timeout=15) as s:
            ok = s.sendmail("a@example.org", ["paul@jussieu.fr"], f"Subject: after {what}\r\n\r\nstill there\r\n") == {}
        delivered_ok += ok
        check(ok, f"a normal client is served after {what}")
    except Exception as e:  # noqa: BLE001
        check(False, f"a normal client is served after {what}: {e!r}")


def rss_kb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


with LiveServer(mailsim, scenario, out, extra=["--max-connections", "300", "--idle-timeout", "60"]) as srv:
    mx = srv.port("mx.jussieu.fr", 25)
    normal_client(mx, "start")

    # 1. garbage: binary junk, control characters, overlong commands
    s = socket.create_connection(("127.0.0.1", mx), timeout=10)
    s.recv(1024)
    rng = random.Random(8)
    junk = b"".join(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))) + b"\r\n" for _ in range(50))
    s.sendall(junk + b"QUIT\r\n")
    replies = recv_all(s)
    s.close()
    check(b"500" in replies or b"501" in replies, "garbage gets 5xx replies")
    normal_client(mx, "garbage")

    # 2. a 10 MB line
    s = socket.create_connection(("127.0.0.1", mx), timeout=10)
    s.recv(1024)
    sent, t0 = 0, time.time()
    block = b"A" * 65536
    try:
        while sent < 10 * 1024 * 1024 and time.time() - t0 < 20:
            sent += s.send(block)
    except (BrokenPipeError, ConnectionResetError, socket.timeout):
        pass
    rest = recv_all(s, timeout=10)
    s.close()
    check(rest.startswith(b"500 5.5.2 Line too long"), f"10 MB line ({sent} bytes sent) answered {rest[:40]!r}")
    normal_client(mx, "a 10 MB line")

    # 3. a large message, written at once: more than a round's share of reads (4 x 64 KiB),
    # so the server must come back for the rest without a new readiness edge
    big_lines = 60000
    body = "".join(f"line {i:06d} " + "x" * 60 + "\r\n" for i in range(big_lines))
    try:
        with smtplib.SMTP("127.0.0.1", mx, local_hostname="big.example", timeout=30) as s:
            t0 = time.time()
            ok = s.sendmail("a@example.org", ["paul@jussieu.fr"], "Subject: a large message\r\n\r\n" + body) == {}
        check(ok, f"a {len(body) // 1024} KiB message is accepted in {time.time() - t0:.1f} s")
        delivered_ok += ok
    except Exception as e:  # noqa: BLE001
        check(False, f"a {len(body) // 1024} KiB message is accepted: {e!r}")

    # 4. a client that vanishes mid-DATA (RST)
    s = socket.create_connection(("127.0.0.1", mx), timeout=10)
    s.recv(1024)
    for cmd in (b"EHLO vanish.example", b"MAIL FROM:<v@example.org>", b"RCPT TO:<paul@jussieu.fr>", b"DATA"):
        s.sendall(cmd + b"\r\n")
        s.recv(4096)
    s.sendall(b"Subject: half a message\r\n\r\nthis message never ends")
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    normal_client(mx, "a client vanished mid-DATA")

    # 5. a flooder that never reads its replies
    flood = socket.create_connection(("127.0.0.1", mx), timeout=10)
    flood.setblocking(False)
    flooded = 0
    t0 = time.time()
    while time.time() - t0 < 3:
        try:
            flooded += flood.send(b"NOOP\r\n" * 10000)
        except BlockingIOError:
            time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            break
    normal_client(mx, f"a flooder sent {flooded} bytes of NOOP without reading")

    # 6. a thousand idle connections
    idle, refused = [], 0
    for i in range(IDLE):
        try:
            c = socket.create_connection(("127.0.0.1", mx), timeout=5)
            idle.append(c)
        except OSError:
            refused += 1
    time.sleep(1.5)
    normal_client(mx, f"{len(idle)} idle connections ({refused} refused at connect)")
    rss = rss_kb(srv.proc.pid)
    check(rss < 400 * 1024, f"server RSS {rss // 1024} MB")
    for c in idle:
        c.close()
    flood.close()
    time.sleep(0.5)
    normal_client(mx, "the idle connections went away")
    check(srv.alive(), "server still running")
    time.sleep(0.5)
    code, output, events = srv.stop()

check(code == 0, f"mailsim serve ended cleanly (exit {code})")
subjects = [e["text"] for e in events if e["kind"] == "headers" and e["host"] == "mx.jussieu.fr"]
check(not any("half a message" in s for s in subjects), "the half-sent message was not accepted")
delivered = [e for e in events if e["kind"] == "delivered" and e["host"] == "mx.jussieu.fr"]
check(len(delivered) >= delivered_ok, f"{len(delivered)} deliveries for {delivered_ok} normal messages")
big = [e for e in events if e["kind"] == "line" and e["host"] == "live-client" and e["text"].startswith("line ")]
check(len(big) == big_lines and big[-1]["text"].startswith(f"line {big_lines - 1:06d} "),
      f"the large message's {len(big)} lines are all in the trace, in order (want {big_lines})")
print("\n".join(output.splitlines()[-3:]))
sys.exit(check.exit_code())
