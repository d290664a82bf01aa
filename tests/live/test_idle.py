#!/usr/bin/env python3
"""Idle time in `mailsim serve`: with --idle-timeout 1, a client that stays silent after the
banner is cut off soon after a second (the server looks for idle clients once a second),
with a note in the trace, while a client that keeps talking on the same server is served
throughout and stays connected.

usage: test_idle.py MAILSIM SCENARIO OUT_DIR"""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from liveserver import Checks, LiveServer  # noqa: E402

mailsim, scenario, out = sys.argv[1], sys.argv[2], sys.argv[3]
check = Checks()


def read_reply(sock):
    data = b""
    while not data.endswith(b"\r\n"):
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.decode("ascii", "replace")


with LiveServer(mailsim, scenario, out, extra=["--idle-timeout", "1"]) as srv:
    mx = srv.port("mx.jussieu.fr", 25)
    silent = socket.create_connection(("127.0.0.1", mx), timeout=10)
    talker = socket.create_connection(("127.0.0.1", mx), timeout=10)
    check(read_reply(silent).startswith("220"), "the silent client got the banner")
    check(read_reply(talker).startswith("220"), "the talking client got the banner")
    start = time.monotonic()
    silent.setblocking(False)
    cut_after = None
    answered = 0
    while time.monotonic() - start < 5:
        talker.sendall(b"NOOP\r\n")
        answered += read_reply(talker).startswith("250")
        try:
            if silent.recv(4096) == b"" and cut_after is None:
                cut_after = time.monotonic() - start
        except BlockingIOError:
            pass
        except ConnectionResetError:
            cut_after = cut_after or time.monotonic() - start
        time.sleep(0.2)
    check(cut_after is not None and 0.9 <= cut_after <= 3.5,
          f"the silent client was cut off after {cut_after if cut_after is None else round(cut_after, 2)} s (limit 1 s)")
    check(answered >= 15, f"the talking client had {answered} NOOPs answered meanwhile")
    talker.sendall(b"QUIT\r\n")
    check(read_reply(talker).startswith("221"), "the talking client is still connected and can QUIT")
    talker.close()
    silent.close()
    code, output, events = srv.stop()

check(code == 0, f"mailsim serve ended cleanly (exit {code})")
notes = [e["text"] for e in events if e["kind"] == "note" and "cut off: idle for more than 1 s" in e["text"]]
check(len(notes) == 1, f"one trace note says a client was cut off for idling ({len(notes)})")
sys.exit(check.exit_code())
