#!/usr/bin/env python3
"""`mailsim-gui --serve scenarios/live.json` in a real window (under Xvfb) with real
clients: Python's smtplib submits a message to smtp.cnam.fr:587 after AUTH, poplib waits
until paul's mailbox on mx.jussieu.fr holds it, smtplib sends one more straight to the MX
(the dialogue the screenshot's transcript shows), then SIGTERM ends serving the way
closing the window does. Checks the exit code, the port map on stdout, the --trace JSON
(the live client's MAIL FROM, its message delivered) and the --screenshot PNG
(mailsim-shotcheck). Before that, a port already in use: exit 2 with the port named, before
any window (the display is taken away, so a window would have said "no display").

usage: serve_test.py MAILSIM_GUI SCENARIO OUT_DIR MAILSIM_SHOTCHECK"""
import os
import poplib
import random
import smtplib
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "live"))
from liveserver import Checks, LiveServer  # noqa: E402

gui, scenario, out, shotcheck = sys.argv[1:5]
check = Checks()
png = os.path.join(out, "serve.png")
os.makedirs(out, exist_ok=True)
if os.path.exists(png):
    os.remove(png)
SUBJECT = "sent to mailsim-gui --serve"


def mailbox_has_subject(port):
    pop = poplib.POP3("127.0.0.1", port, timeout=20)
    try:
        pop.user("paul")
        pop.pass_("secret")
        count = len(pop.list()[1])
        return any(SUBJECT.encode() in line for i in range(count) for line in pop.top(i + 1, 0)[1])
    finally:
        pop.quit()




def port_taken_before_any_window():
    """Holds smtp.cnam.fr:25 + offset, then starts mailsim-gui --serve without a display."""
    taken = socket.socket()
    while True:
        port = random.randint(20000, 60000)
        try:
            taken.bind(("127.0.0.1", port))
            break
        except OSError:
            continue
    taken.listen(1)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    r = subprocess.run([gui, "--serve", scenario, "--no-settings", "--port-offset", str(port - 25)],
                       env=env, capture_output=True, text=True, timeout=60)
    taken.close()
    check(r.returncode == 2, f"port in use: exit 2 (got {r.returncode})")
    check(f"cannot listen on 127.0.0.1:{port}" in r.stderr, "port in use: the port is named")
    check("no display" not in r.stderr, "port in use: reported before any window")


port_taken_before_any_window()
command = [gui, "--serve", scenario, "--no-settings", "--lang", "en"]
with LiveServer(gui, scenario, out, extra=["--screenshot", png], command=command) as srv:
    with smtplib.SMTP("127.0.0.1", srv.port("smtp.cnam.fr", 587), local_hostname="client.example", timeout=20) as s:
        s.login("anne", "secret")
        refused = s.sendmail("anne@cnam.fr", ["paul@jussieu.fr"], f"Subject: {SUBJECT}\r\n\r\nhello\r\n")
    check(refused == {}, "smtplib: AUTH and the message accepted by smtp.cnam.fr:587 in the window")
    # The MSA relays to the MX in simulated time, which follows the wall clock.
    delivered = False
    deadline = time.time() + 30
    while not delivered and time.time() < deadline:
        delivered = mailbox_has_subject(srv.port("mx.jussieu.fr", 110))
        if not delivered:
            time.sleep(0.3)
    check(delivered, "poplib: paul's mailbox on mx.jussieu.fr holds the message")
    # Last, an SMTP dialogue straight to the MX: the screenshot's transcript shows it.
    with smtplib.SMTP("127.0.0.1", srv.port("mx.jussieu.fr", 25), local_hostname="client.example", timeout=20) as s:
        refused = s.sendmail("a@example.org", ["paul@jussieu.fr"], "Subject: to the MX\r\n\r\nhello\r\n")
    check(refused == {}, "smtplib: a message straight to mx.jussieu.fr:25 accepted")
    check(srv.alive(), "mailsim-gui still serving")
    code, output, events = srv.stop()

check(code == 0, f"mailsim-gui ended cleanly on SIGTERM (exit {code})")
check(output.startswith("mailsim-gui: live, real clients connect as live-client"), "port map printed at start")
check("== balance:" in output, "summary printed at the end")
live = [e for e in events if e["kind"] == "line" and e["host"] == "live-client"]
mail_from = [e for e in live if e["text"].upper().startswith("MAIL FROM:<ANNE@CNAM.FR>")]
check(len(mail_from) == 1, "trace: the live client's MAIL FROM")
check(any(e["text"] == "AUTH PLAIN ****" for e in live), "trace: the live client's AUTH, masked")
conn = mail_from[0]["conn"] if mail_from else -1
# "250 2.0.0 M2 Message accepted for delivery": the MSA names the message it took.
replies = [e["text"] for e in events if e.get("conn") == conn and e["text"].startswith("250 2.0.0 M")]
message = replies[0].split()[2] if replies else "?"
check(any(e["kind"] == "delivered" and e["host"] == "mx.jussieu.fr" and e.get("message") == message for e in events),
      f"trace: the live client's message {message} delivered on mx.jussieu.fr")
check(os.path.exists(png), "screenshot written when serving ended")
if os.path.exists(png):
    r = subprocess.run([shotcheck, png, "main"], capture_output=True, text=True, timeout=60)
    print(r.stdout, end="")
    check(r.returncode == 0, "screenshot: topology and transcript drawn (mailsim-shotcheck main)")
print(f"screenshot: {png}")
sys.exit(check.exit_code())
