#!/usr/bin/env python3
"""fetchmail, a real retrieval client, against `mailsim serve scenarios/live.json`: it
fetches paul's mail from mx.jussieu.fr by IMAP (keeping it: SEARCH UNSEEN, FETCH, STORE
\\Seen), then by POP3 (deleting it: UIDL, RETR, DELE), each time into a file through its
MDA. Python's poplib then sees the maildrop empty, and the trace shows fetchmail's
commands. Skipped (exit 77) without the fetchmail package.

usage: test_fetchmail.py MAILSIM SCENARIO OUT_DIR"""
import os
import poplib
import shutil
import smtplib
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from liveserver import Checks, LiveServer, run_fetchmail  # noqa: E402

mailsim, scenario, out = sys.argv[1], sys.argv[2], sys.argv[3]
check = Checks()
HOST = "mx.jussieu.fr"
if shutil.which("fetchmail") is None:
    print("SKIPPED: fetchmail not installed (Debian package fetchmail)")
    sys.exit(77)


def fetchmail(proto, port, keep, mbox):
    """One fetchmail run without TLS (sslproto ''); returns its exit code and output."""
    return run_fetchmail(os.path.join(out, f"fetchmail-{proto.lower()}"), "127.0.0.1", proto, port,
                         f"{'keep' if keep else 'no keep'} sslproto ''", mbox)


def subjects(mbox):
    if not os.path.exists(mbox):
        return []
    return [line[len("Subject: "):].strip() for line in open(mbox, errors="replace") if line.startswith("Subject: ")]


def first_fetch(proto, port, keep):
    """A fetchmail run into a fresh mbox, checked to bring all three of paul's messages;
    returns the mbox and what fetchmail printed."""
    mbox = os.path.join(out, f"{proto.lower()}.mbox")
    if os.path.exists(mbox):
        os.remove(mbox)
    code, text = fetchmail(proto, port, keep, mbox)
    got = subjects(mbox)
    check(code == 0, f"fetchmail {proto}: exit {code} (0: mail fetched)")
    check(sorted(got) == ["for fetchmail 0", "for fetchmail 1", "scripted"], f"fetchmail {proto} fetched {got}")
    return mbox, text


def maildrop_count(port):
    p = poplib.POP3("127.0.0.1", port, timeout=20)
    p.user("paul")
    p.pass_("secret")
    count = p.stat()[0]
    p.quit()
    return count


with LiveServer(mailsim, scenario, out) as srv:
    pop, imap = srv.port(HOST, 110), srv.port(HOST, 143)
    with smtplib.SMTP("127.0.0.1", srv.port(HOST, 25), local_hostname="client.example", timeout=20) as s:
        for i in range(2):
            s.sendmail("a@example.org", ["paul@jussieu.fr"], f"Subject: for fetchmail {i}\r\n\r\nbody {i}\r\n")
    # The scenario's scripted client sends one more at 1 s of simulated (here wall) time.
    deadline = time.time() + 10
    while maildrop_count(pop) < 3 and time.time() < deadline:
        time.sleep(0.2)
    waiting = maildrop_count(pop)
    check(waiting == 3, f"paul's maildrop holds 3 messages ({waiting})")

    imap_mbox, text = first_fetch("IMAP", imap, True)
    check("SEARCH UNSEEN" in text and "STORE 1 +FLAGS (\\Seen)" in text, "fetchmail IMAP: SEARCH UNSEEN, then STORE \\Seen")
    code, text = fetchmail("IMAP", imap, True, imap_mbox)
    check(code == 1 and len(subjects(imap_mbox)) == 3, f"fetchmail IMAP again: nothing unseen left (exit {code})")
    check(maildrop_count(pop) == 3, "fetchmail IMAP kept the messages")

    _, text = first_fetch("POP3", pop, False)
    check("UIDL" in text and "DELE 3" in text, "fetchmail POP3: UIDL, RETR, DELE")
    left = maildrop_count(pop)
    check(left == 0, f"fetchmail POP3 deleted what it fetched ({left} left)")
    check(srv.alive(), "server still running")
    code, output, events = srv.stop()
check(code == 0, f"mailsim serve ended cleanly (exit {code})")
lines = [e["text"] for e in events if e.get("kind") == "line"]
check(any(t.startswith("A0003 SEARCH UNSEEN") or t.endswith("SEARCH UNSEEN UNDELETED") for t in lines),
      "trace: fetchmail's IMAP SEARCH")
check("DELE 3" in lines, "trace: fetchmail's POP3 DELE")
sys.exit(check.exit_code())
