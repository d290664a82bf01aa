#!/usr/bin/env python3
"""POP3 and IMAP clients against `mailsim serve scenarios/live.json`: Python's poplib and
imaplib, curl pop3:// and imap://. Runs once the world serves POP3 (110) / IMAP (143) on
mx.jussieu.fr (paul, password secret; "retrieval" in scenarios/live.json); without them
it reports itself skipped (exit 77).

usage: test_pop_imap.py MAILSIM SCENARIO OUT_DIR"""
import imaplib
import os
import poplib
import shutil
import smtplib
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from liveserver import Checks, LiveServer  # noqa: E402

mailsim, scenario, out = sys.argv[1], sys.argv[2], sys.argv[3]
check = Checks()
HOST = "mx.jussieu.fr"
have_curl = shutil.which("curl") is not None


def curl(*args):
    r = subprocess.run(["curl", "-sS", "--max-time", "20", *args], capture_output=True, text=True, timeout=60,
                       stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout, r.stderr


with LiveServer(mailsim, scenario, out) as srv:
    pop = srv.ports.get((HOST, 110))
    imap = srv.ports.get((HOST, 143))
    if pop is None and imap is None:
        print(f"SKIPPED: {HOST} serves neither POP3 nor IMAP in this build (the world does not listen on 110/143 yet)")
        srv.stop()
        sys.exit(77)
    mx = srv.port(HOST, 25)
    with smtplib.SMTP("127.0.0.1", mx, local_hostname="client.example", timeout=20) as s:
        for i in range(3):
            s.sendmail("a@example.org", ["paul@jussieu.fr"], f"Subject: note {i}\r\n\r\nbody {i}\r\n")
    time.sleep(0.3)

    if pop is not None:
        p = poplib.POP3("127.0.0.1", pop, timeout=20)
        check(p.getwelcome().startswith(b"+OK"), "poplib: greeting")
        p.user("paul")
        p.pass_("secret")
        count, size = p.stat()
        check(count >= 3, f"poplib: STAT {count} messages")
        check(len(p.list()[1]) == count, "poplib: LIST")
        lines = p.retr(1)[1]
        check(any(line.startswith(b"Subject: note") for line in lines), "poplib: RETR 1")
        check(p.dele(1).startswith(b"+OK"), "poplib: DELE 1")
        p.quit()
        if have_curl:
            rc, text, err = curl(f"pop3://127.0.0.1:{pop}/", "-u", "paul:secret")
            check(rc == 0 and len(text.split("\n")) >= 2, f"curl pop3: LIST (exit {rc}) {err.strip()}")
            rc, text, err = curl(f"pop3://127.0.0.1:{pop}/1", "-u", "paul:secret")
            check(rc == 0 and "Subject: note" in text, f"curl pop3: RETR (exit {rc}) {err.strip()}")
            rc, text, err = curl(f"pop3://127.0.0.1:{pop}/1", "-u", "paul:secret", "-X", "DELE", "-I")
            check(rc == 0, f"curl pop3: DELE (exit {rc}) {err.strip()}")

    if imap is not None:
        m = imaplib.IMAP4("127.0.0.1", imap, timeout=20)
        m.login("paul", "secret")
        typ, boxes = m.list()
        check(typ == "OK" and any(b"INBOX" in b for b in boxes), "imaplib: LIST shows INBOX")
        typ, data = m.select("INBOX")
        check(typ == "OK", f"imaplib: SELECT INBOX ({data[0]!r} messages)")
        typ, data = m.search(None, "SUBJECT", '"note"')
        check(typ == "OK" and len(data[0].split()) >= 1, f"imaplib: SEARCH SUBJECT note -> {data[0]!r}")
        first = data[0].split()[0]
        typ, data = m.uid("SEARCH", None, "ALL")  # POP3 deleted UIDs 1 and 2: curl must ask for one that is left
        first_uid = data[0].split()[0].decode() if typ == "OK" and data[0] else "1"
        typ, data = m.fetch(first, "(BODY[HEADER.FIELDS (SUBJECT)])")
        check(typ == "OK" and b"note" in data[0][1], "imaplib: FETCH header field")
        typ, _ = m.append("INBOX", None, None, b"Subject: appended\r\n\r\nhello\r\n")
        check(typ == "OK", "imaplib: APPEND")
        typ, _ = m.store(first, "+FLAGS", "(\\Seen)")
        check(typ == "OK", "imaplib: STORE +FLAGS \\Seen")
        m.logout()
        if have_curl:
            rc, text, err = curl(f"imap://127.0.0.1:{imap}/", "-u", "paul:secret")
            check(rc == 0 and "INBOX" in text, f"curl imap: LIST (exit {rc}) {err.strip()}")
            rc, text, err = curl(f"imap://127.0.0.1:{imap}/INBOX;UID={first_uid}", "-u", "paul:secret")
            check(rc == 0 and "Subject:" in text, f"curl imap: UID FETCH (exit {rc}) {err.strip()}")
            rc, text, err = curl(f"imap://127.0.0.1:{imap}/INBOX?SUBJECT%20%22appended%22", "-u", "paul:secret")
            check(rc == 0 and "SEARCH" in text, f"curl imap: SEARCH (exit {rc}) {err.strip()}")
    check(srv.alive(), "server still running")
    code, output, events = srv.stop()
check(code == 0, f"mailsim serve ended cleanly (exit {code})")
sys.exit(check.exit_code())
