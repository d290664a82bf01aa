#!/usr/bin/env python3
"""What no client may do to `mailsim serve` (issue 21), with real sockets:
- a 10 MB message goes in by SMTP and comes back whole by POP3 RETR and IMAP FETCH (the
  server slows its output to what the client reads instead of cutting it off);
- a client that sends its last bytes and closes at once is seen closed within a second;
- 1000 idle connections and a burst of 500 from one address do not keep a newcomer from
  another address (127.0.0.2) out;
- over-long lines are answered (500 5.5.2, -ERR, BAD) and the session goes on;
- a client's control characters reach the operator's terminal as escapes, never raw.

usage: test_robust.py MAILSIM SCENARIO OUT_DIR"""
import imaplib
import os
import poplib
import smtplib
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from liveserver import Checks, LiveServer, raise_open_files, recv_all  # noqa: E402

mailsim, scenario, out = sys.argv[1], sys.argv[2], sys.argv[3]
check = Checks()
HOLD = min(1000, raise_open_files() - 700)


def read_until(sock, end, timeout=10):
    return recv_all(sock, limit=1 << 30, timeout=timeout, end=end)


def smtp_from(port, source, what):
    try:
        with smtplib.SMTP("127.0.0.1", port, local_hostname="quiet.example", timeout=10,
                          source_address=(source, 0)) as s:
            ok = s.sendmail("a@example.org", ["paul@jussieu.fr"], f"Subject: {what}\r\n\r\nserved\r\n") == {}
        check(ok, f"a newcomer from {source} is served {what}")
    except Exception as e:  # noqa: BLE001
        check(False, f"a newcomer from {source} is served {what}: {e!r}")


with LiveServer(mailsim, scenario, out) as srv:
    mx, pop, imap = srv.port("mx.jussieu.fr", 25), srv.port("mx.jussieu.fr", 110), srv.port("mx.jussieu.fr", 143)

    # 1. a 10 MB message in by SMTP, back whole by POP3 RETR and IMAP FETCH
    line = "0123456789" * 7 + "\r\n"
    body = line * (10_000_000 // len(line))
    with smtplib.SMTP("127.0.0.1", mx, local_hostname="big.example", timeout=60) as s:
        check(s.sendmail("a@example.org", ["paul@jussieu.fr"], "Subject: ten megabytes\r\n\r\n" + body) == {},
              f"a {len(body)}-byte message is accepted by SMTP")
    p = poplib.POP3("127.0.0.1", pop, timeout=60)
    p.user("paul")
    p.pass_("secret")
    # the largest message: the scenario's scripted client also delivers one to paul at 1 s,
    # which a loaded machine lands after the 10 MB one
    sizes = [tuple(map(int, entry.split())) for entry in p.list()[1]]
    biggest = max(sizes, key=lambda number_size: number_size[1])[0]
    t0 = time.time()
    _, lines, octets = p.retr(biggest)
    got = b"\r\n".join(lines) + b"\r\n"
    check(got.endswith(body.encode()) and b"Subject: ten megabytes" in got,
          f"POP3 RETR brings back all {octets} octets in {time.time() - t0:.1f} s")
    p.quit()
    m = imaplib.IMAP4("127.0.0.1", imap, timeout=60)
    m.login("paul", "secret")
    m.select("INBOX", readonly=True)
    typ, data = m.search(None, "SUBJECT", '"ten megabytes"')
    t0 = time.time()
    typ, data = m.fetch(data[0].split()[-1], "(BODY.PEEK[TEXT])")
    check(typ == "OK" and data[0][1] == body.encode(), f"IMAP FETCH brings back the whole body in {time.time() - t0:.1f} s")
    m.logout()

    # 2. the last bytes and the FIN together: the server sees the close at once
    s = socket.create_connection(("127.0.0.1", mx), timeout=10)
    read_until(s, b"\r\n")
    s.sendall(b"EHLO fin.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<paul@jussieu.fr>\r\nDATA\r\n")
    read_until(s, b"354 ", 10)
    read_until(s, b"\r\n")
    t0 = time.monotonic()
    s.sendall(b"Subject: never finished\r\n\r\nthe last line\r\n")
    s.shutdown(socket.SHUT_WR)
    rest = read_until(s, b"\x00", timeout=5)  # until the server closes
    seen = time.monotonic() - t0
    check(seen < 1.0, f"a client that closes right after its last line is seen closed in {seen:.2f} s")
    s.close()

    # 3. over-long lines are answered, and the session goes on
    for port, long_line, answer, after, answer_after in (
            (mx, b"NOOP " + b"x" * 100_000, b"500 5.5.2 Line too long", b"NOOP", b"250"),
            (pop, b"USER " + b"x" * 100_000, b"-ERR Command line too long", b"NOOP", b"-ERR"),
            (imap, b"a NOOP " + b"x" * 100_000, b"* BAD Command line too long", b"b NOOP", b"b OK")):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        read_until(s, b"\r\n")
        s.sendall(long_line + b"\r\n")
        reply = read_until(s, b"\r\n")
        s.sendall(after + b"\r\n")
        next_reply = read_until(s, b"\r\n")
        check(reply.startswith(answer) and answer_after in next_reply,
              f"a 100 kB line gets {reply[:40]!r}, then {next_reply[:30]!r}")
        s.close()

    # 5. many connections from one address, a newcomer from another
    held = []
    for _ in range(HOLD):
        try:
            held.append(socket.create_connection(("127.0.0.1", mx), timeout=5))
        except OSError:
            break
    smtp_from(mx, "127.0.0.2", f"while {len(held)} idle connections from 127.0.0.1 are held")
    burst = []
    for _ in range(500):
        try:
            burst.append(socket.create_connection(("127.0.0.1", mx), timeout=5))
        except OSError:
            break
    smtp_from(mx, "127.0.0.2", f"right after a burst of {len(burst)} more")
    for c in held + burst:
        c.close()
    check(srv.alive(), "server still running")
    time.sleep(0.5)
    code, output, events = srv.stop()

check(code == 0, f"mailsim serve ended cleanly (exit {code})")
check(not any(e["kind"] == "note" and "bytes queued" in e["text"] for e in events), "no reading client was cut off")

# 4. control characters from a client, on a server that prints its transcript
with LiveServer(mailsim, scenario, os.path.join(out, "transcript"), command=[mailsim, "serve", scenario]) as srv:
    s = socket.create_connection(("127.0.0.1", srv.port("mx.jussieu.fr", 25)), timeout=10)
    read_until(s, b"\r\n")
    s.sendall(b"NOOP \x1b]0;owned\x07\x1b[2J\x00\r\n")
    read_until(s, b"\r\n")
    s.sendall(b"QUIT\r\n")
    read_until(s, b"\r\n")
    s.close()
    code, output, events = srv.stop()
check("NOOP \\x1b]0;owned\\x07\\x1b[2J\\x00" in output and "\x1b" not in output and "\x00" not in output,
      "the transcript shows the client's control characters as escapes")
sys.exit(check.exit_code())
