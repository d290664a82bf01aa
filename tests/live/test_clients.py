#!/usr/bin/env python3
"""Real clients against `mailsim serve scenarios/live.json`: curl (SMTP with and without
AUTH, a relay attempt), Python's smtplib (AUTH, send_message, refused relay), swaks
(plain, --pipeline, --auth LOGIN). Checks the clients' exit codes and the trace: the real
client's lines are there, and its message is relayed through the MX lookup and delivered.

usage: test_clients.py MAILSIM SCENARIO OUT_DIR   (exit 77: skipped, a client is missing)"""
import os
import shutil
import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from liveserver import Checks, LiveServer  # noqa: E402

mailsim, scenario, out = sys.argv[1], sys.argv[2], sys.argv[3]
check = Checks()
missing = [tool for tool in ("curl", "swaks") if shutil.which(tool) is None]
msg_file = os.path.join(out, "msg.eml")
os.makedirs(out, exist_ok=True)


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, **kw)
    return r.returncode, r.stdout + r.stderr


pcap = os.path.join(out, "live.pcap")
shutil.rmtree(os.path.join(out, "mailboxes"), ignore_errors=True)
with LiveServer(mailsim, scenario, out, extra=["--pcap", pcap, "--diagram", os.path.join(out, "live.mmd"),
                                          "--mailboxes", os.path.join(out, "mailboxes")]) as srv:
    msa, mx = srv.port("smtp.cnam.fr", 587), srv.port("mx.jussieu.fr", 25)
    mta = srv.port("smtp.cnam.fr", 25)
    # Batch scheduling: woken by a client's bytes, the server does not preempt the client.
    check(os.sched_getscheduler(srv.proc.pid) == os.SCHED_BATCH,
          f"serving (MSA on {msa}, MX jussieu on {mx}) as batch work (SCHED_BATCH)")

    # Python's smtplib
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "anne@cnam.fr", "paul@jussieu.fr", "via smtplib"
    m.set_content("Bonjour Paul,\nvia smtplib.\n")
    with smtplib.SMTP("127.0.0.1", msa, local_hostname="client.example", timeout=20) as s:
        code, _ = s.ehlo()
        check(code == 250 and s.has_extn("auth"), "smtplib: EHLO 250, AUTH offered")
        s.login("anne", "secret")
        refused = s.send_message(m)
        check(refused == {}, "smtplib: AUTH PLAIN + send_message accepted")
    try:
        with smtplib.SMTP("127.0.0.1", mx, local_hostname="client.example", timeout=20) as s:
            s.sendmail("a@example.org", ["victim@example.com"], "Subject: relay?\r\n\r\nx\r\n")
        check(False, "smtplib: relay through mx.jussieu.fr refused")
    except smtplib.SMTPRecipientsRefused as e:
        code = list(e.recipients.values())[0][0]
        check(code == 550, f"smtplib: relay through mx.jussieu.fr refused ({code})")
    try:
        with smtplib.SMTP("127.0.0.1", msa, local_hostname="client.example", timeout=20) as s:
            s.login("anne", "wrong")
        check(False, "smtplib: wrong password refused")
    except smtplib.SMTPAuthenticationError as e:
        check(e.smtp_code == 535, f"smtplib: wrong password refused ({e.smtp_code})")
    with smtplib.SMTP("127.0.0.1", mx, local_hostname="client.example", timeout=20) as s:
        check(s.sendmail("a@example.org", ["paul@jussieu.fr"], "Subject: direct\r\n\r\nto the MX\r\n") == {},
              "smtplib: direct to the MX for its own domain accepted")

    if not missing:
        with open(msg_file, "w") as f:
            f.write("From: anne@cnam.fr\nTo: paul@jussieu.fr\nSubject: via curl\n\nBonjour via curl.\n")
        rc, text = run(["curl", "-sS", "--crlf", f"smtp://127.0.0.1:{mx}/client.example", "--mail-from",
                        "a@example.org", "--mail-rcpt", "paul@jussieu.fr", "-T", msg_file])
        check(rc == 0, f"curl: SMTP without AUTH to the MX (exit {rc}) {text.strip()}")
        rc, text = run(["curl", "-sS", "--crlf", f"smtp://127.0.0.1:{msa}/client.example", "--mail-from",
                        "anne@cnam.fr", "--mail-rcpt", "paul@jussieu.fr", "-T", msg_file, "--user", "anne:secret"])
        check(rc == 0, f"curl: SMTP with AUTH on 587 (exit {rc}) {text.strip()}")
        rc, text = run(["curl", "-sS", "--crlf", f"smtp://127.0.0.1:{msa}/client.example", "--mail-from",
                        "anne@cnam.fr", "--mail-rcpt", "paul@jussieu.fr", "-T", msg_file, "--user", "anne:secret",
                        "--login-options", "AUTH=LOGIN"])
        check(rc == 0, f"curl: SMTP with AUTH=LOGIN (exit {rc}) {text.strip()}")
        rc, text = run(["curl", "-sS", "--crlf", f"smtp://127.0.0.1:{msa}/client.example", "--mail-from",
                        "anne@cnam.fr", "--mail-rcpt", "paul@jussieu.fr", "-T", msg_file, "--user", "anne:nope"])
        check(rc == 67, f"curl: refused login exits 67 (exit {rc})")
        rc, text = run(["curl", "-sS", f"smtp://127.0.0.1:{mta}/client.example", "--mail-from", "a@example.org",
                        "--mail-rcpt", "victim@example.com", "-T", msg_file])
        check(rc == 55, f"curl: relay attempt through smtp.cnam.fr:25 refused (exit {rc})")

        base = ["swaks", "--server", "127.0.0.1", "--ehlo", "client.example", "--from", "anne@cnam.fr",
                "--to", "paul@jussieu.fr"]
        rc, text = run(base + ["--port", str(mx), "--header", "Subject: via swaks"])
        check(rc == 0, f"swaks: plain (exit {rc})")
        rc, text = run(base + ["--port", str(mx), "--pipeline", "--header", "Subject: via swaks pipeline"])
        check(rc == 0 and "PIPELINING" in text, f"swaks --pipeline (exit {rc})")
        rc, text = run(base + ["--port", str(msa), "--auth", "LOGIN", "--auth-user", "anne", "--auth-password",
                               "secret", "--header", "Subject: via swaks auth"])
        check(rc == 0 and "235" in text, f"swaks --auth LOGIN (exit {rc})")
        rc, text = run(base + ["--port", str(msa), "--auth", "PLAIN", "--auth-user", "anne", "--auth-password",
                               "secret", "--pipeline", "--header", "Subject: via swaks auth plain"])
        check(rc == 0, f"swaks --auth PLAIN --pipeline (exit {rc})")
    check(srv.alive(), "server still running")
    time.sleep(2)  # the relays to the MX take a few simulated (= real) milliseconds; the scripted client runs at 1 s
    code, output, events = srv.stop()

check(code == 0, f"mailsim serve ended cleanly on SIGTERM (exit {code})")
lines = [e for e in events if e["kind"] == "line"]
live = [e for e in lines if e["host"] == "live-client"]
check(any(e["text"].startswith("EHLO client.example") for e in live), "trace: the real client's EHLO is traced")
check(any(e["text"] == "AUTH PLAIN ****" for e in live), "trace: the AUTH PLAIN secret is masked")
check(not any("secret" in e["text"] or "YW5uZQBhbm5lAHNlY3JldA" in e["text"] for e in live),
      "trace: no password in clear")
delivered = [e for e in events if e["kind"] == "delivered" and e["host"] == "mx.jussieu.fr"]
relayed = [e for e in events if e["kind"] == "relayed" and e["host"] == "smtp.cnam.fr"]
dns = [e for e in events if e["kind"] == "dns-query" and "jussieu.fr" in e["text"]]
want = 3 + (7 if not missing else 0)  # scripted + smtplib x2 (+ curl x3, swaks x4)
check(len(delivered) == want, f"trace: {len(delivered)} messages delivered to paul@jussieu.fr (want {want})")
check(len(relayed) >= 2 and len(dns) >= 2, "trace: the MSA looked up jussieu.fr's MX and relayed")
import mailbox  # noqa: E402
box = mailbox.Maildir(os.path.join(out, "mailboxes", "mx.jussieu.fr", "paul"), factory=None, create=False)
subjects = sorted(m["Subject"] for m in box)
check(len(subjects) == want and "via smtplib" in subjects, f"--mailboxes: paul's Maildir holds {len(subjects)} messages")
if shutil.which("tshark"):
    r = subprocess.run(["tshark", "-r", pcap, "-Y", "smtp.req.command == \"EHLO\"", "-T", "fields", "-e", "ip.src",
                        "-e", "smtp.req.parameter"], capture_output=True, text=True, timeout=120)
    check("127.0.0.1\tclient.example" in r.stdout, "pcap of the live run: tshark sees the real client's EHLO")
    r = subprocess.run(["tshark", "-r", pcap, "-Y", "imf", "-T", "fields", "-e", "imf.subject"],
                       capture_output=True, text=True, timeout=120)
    check("via smtplib" in r.stdout, "pcap of the live run: tshark decodes the smtplib message's headers")
check("live-client" in open(os.path.join(out, "live.mmd")).read(), "diagram of the live run shows live-client")
if missing:
    print("SKIPPED the " + ", ".join(missing) + " checks: not installed (mailsim.sh installs them)")
    sys.exit(check.exit_code() or 77)
sys.exit(check.exit_code())
