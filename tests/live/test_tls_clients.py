#!/usr/bin/env python3
"""Real clients over real TLS against `mailsim serve scenarios/live.json` (issue 21), each
trusting the server's self-signed certificate through the CA file of --tls-ca-out and
otherwise with its default, verifying settings; each sends a message and reads one back:
- curl --ssl-reqd (STARTTLS) to smtp://, pop3://, imap://, and implicit smtps://, pop3s://,
  imaps:// (465, 995, 993);
- openssl s_client -starttls smtp, pop3 and imap;
- fetchmail, which uses STARTTLS (STLS) when offered and checks the certificate;
- mutt (ssl_starttls=yes, its default) sending by SMTP with STARTTLS and reading by IMAP
  with STARTTLS, driven through a pseudo-terminal.
Every connection of these clients shows a TLS handshake in the trace. A client that is not
installed is skipped with its Debian package named (all are in mailsim.sh's PACKAGES);
exit 77 when none is.

usage: test_tls_clients.py MAILSIM SCENARIO OUT_DIR"""
import os
import poplib
import pty
import re
import select
import shutil
import ssl
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from liveserver import Checks, LiveServer, run_fetchmail  # noqa: E402

mailsim, scenario, out = sys.argv[1], sys.argv[2], sys.argv[3]
check = Checks()
os.makedirs(out, exist_ok=True)
CA = os.path.join(out, "ca.pem")
MX, MSA = "mx.jussieu.fr", "smtp.cnam.fr"
CLIENTS = {"curl": "curl", "openssl": "openssl", "fetchmail": "fetchmail", "mutt": "mutt"}
missing = [name for name in CLIENTS if shutil.which(name) is None]
for name in missing:
    print(f"skipped: {name} is not installed (Debian package {CLIENTS[name]})")
if len(missing) == len(CLIENTS):
    sys.exit(77)


def run(command, stdin=None, env=None, timeout=60):
    r = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=timeout, env=env)
    return r.returncode, r.stdout + r.stderr


def message_file(subject):
    path = os.path.join(out, subject.replace(" ", "-") + ".eml")
    with open(path, "w") as f:
        f.write(f"From: anne@cnam.fr\r\nTo: paul@jussieu.fr\r\nSubject: {subject}\r\n\r\nsent by {subject}\r\n")
    return path


def maildrop_subjects(port):
    """Subjects in paul's maildrop, by POP3 over implicit TLS (the check's own reader)."""
    p = poplib.POP3_SSL("127.0.0.1", port, timeout=20, context=ssl.create_default_context(cafile=CA))
    p.user("paul")
    p.pass_("secret")
    found = []
    for n in range(1, p.stat()[0] + 1):
        found += [line[9:].decode() for line in p.top(n, 0)[1] if line.startswith(b"Subject: ")]
    p.quit()
    return found


def wait_for(subject, pop3s):
    deadline = time.time() + 15
    while time.time() < deadline:
        if subject in maildrop_subjects(pop3s):
            return True
        time.sleep(0.2)
    return False


def curl_checks(srv, pop3s):
    base = ["curl", "-sS", "--cacert", CA, "--max-time", "30"]
    sends = [("curl starttls", ["--ssl-reqd", f"smtp://127.0.0.1:{srv.port(MSA, 587)}/client.example"]),
             ("curl smtps", [f"smtps://127.0.0.1:{srv.port(MSA, 465)}/client.example"])]
    for subject, url in sends:
        code, text = run(base + url + ["--user", "anne:secret", "--mail-from", "anne@cnam.fr", "--mail-rcpt",
                                       "paul@jussieu.fr", "-T", message_file(subject)])
        check(code == 0, f"{subject}: {' '.join(url)} sends (exit {code}) {text.strip()[:200]}")
        check(wait_for(subject, pop3s), f"{subject}: delivered to paul")
    for subject, _ in sends:
        reads = [["--ssl-reqd", f"imap://127.0.0.1:{srv.port(MX, 143)}/INBOX?SUBJECT%20%22{subject.replace(' ', '%20')}%22"],
                 [f"imaps://127.0.0.1:{srv.port(MX, 993)}/INBOX?SUBJECT%20%22{subject.replace(' ', '%20')}%22"]]
        for search in reads:
            code, text = run(base + ["-u", "paul:secret"] + search)
            number = text.split()[-1] if text.startswith("* SEARCH") and len(text.split()) > 2 else None
            check(code == 0 and number is not None, f"{subject}: {search[-1].split(':')[0]} SEARCH finds it ({text.strip()})")
            if number:
                url = search[-1].split("?")[0] + f";MAILINDEX={number}"
                code, text = run(base + ["-u", "paul:secret"] + search[:-1] + [url])
                check(code == 0 and f"Subject: {subject}" in text, f"{subject}: {url.split(':')[0]} FETCH reads it back")
    count = len(maildrop_subjects(pop3s))
    for url in ([f"--ssl-reqd", f"pop3://127.0.0.1:{srv.port(MX, 110)}/{count}"],
                [f"pop3s://127.0.0.1:{srv.port(MX, 995)}/{count}"]):
        code, text = run(base + ["-u", "paul:secret"] + url)
        check(code == 0 and "Subject: " in text, f"curl {url[-1].split(':')[0]} RETR {count} reads the last message (exit {code})")


def s_client(port, proto, commands):
    return run(["openssl", "s_client", "-quiet", "-starttls", proto, "-connect", f"127.0.0.1:{port}", "-CAfile", CA,
                "-verify_return_error", "-verify_hostname", "localhost", "-crlf"], stdin=commands, timeout=30)


def openssl_checks(srv, pop3s):
    subject = "openssl s_client"
    code, text = s_client(srv.port(MX, 25), "smtp",
                          "EHLO client.example\nMAIL FROM:<a@example.org>\nRCPT TO:<paul@jussieu.fr>\nDATA\n"
                          f"Subject: {subject}\n\nsent through s_client\n.\nQUIT\n")
    check(code == 0 and "verify return:1" in text and "250 2.0.0" in text and "221" in text,
          f"openssl s_client -starttls smtp: verified, message accepted (exit {code}) {text[-300:]!r}")
    check(wait_for(subject, pop3s), f"{subject}: delivered to paul")
    code, text = s_client(srv.port(MX, 110), "pop3", "USER paul\nPASS secret\nSTAT\nQUIT\n")
    check(code == 0 and "+OK" in text and "signing off" in text, f"openssl s_client -starttls pop3: a session (exit {code})")
    code, text = s_client(srv.port(MX, 143), "imap",
                          f"a LOGIN paul secret\nb SELECT INBOX\nc SEARCH SUBJECT \"{subject}\"\nd LOGOUT\n")
    check(code == 0 and "c OK" in text and "* SEARCH " in text and "d OK" in text,
          f"openssl s_client -starttls imap: SEARCH finds the message (exit {code})")


def fetchmail_checks(srv):
    """fetchmail by IMAP then POP3, defaults but for the CA file: it uses STARTTLS / STLS
    because the server offers it, and checks the certificate (sslcertck, its default)."""
    for proto, port, keep in (("IMAP", srv.port(MX, 143), "keep"), ("POP3", srv.port(MX, 110), "no keep")):
        home = os.path.join(out, f"fetchmail-{proto.lower()}")
        mbox = os.path.join(out, f"fetchmail-{proto.lower()}.mbox")
        if os.path.exists(mbox):
            os.remove(mbox)
        code, text = run_fetchmail(home, "localhost", proto, port, f"{keep} sslcertfile \"{CA}\"", mbox)
        starttls = "STARTTLS" if proto == "IMAP" else "STLS"
        got = open(mbox, errors="replace").read() if os.path.exists(mbox) else ""
        asked = re.search(rf"{proto}> (A\d+ )?{starttls}\s*$", text, re.M)
        check(code == 0 and asked is not None, f"fetchmail {proto}: {starttls} by default (exit {code}) {text[-300:]!r}")
        check("Subject: " in got, f"fetchmail {proto}: fetched paul's mail over TLS ({got.count('Subject: ')} messages)")


def pty_run(command, env, timeout=40):
    """Runs an interactive program on a pseudo-terminal until it exits; its exit code (None
    if it had to be killed) and what it drew."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(command[0], command, env)
    drawn = b""
    deadline = time.time() + timeout
    while time.time() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            os.close(fd)
            return os.waitstatus_to_exitcode(status), drawn.decode(errors="replace")
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                drawn += os.read(fd, 65536)
            except OSError:  # EIO: the program closed its terminal; it is exiting
                time.sleep(0.1)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(fd)
    return None, drawn.decode(errors="replace")


def mutt_checks(srv):
    """mutt with ssl_starttls=yes (its default) and the CA file: sends by SMTP submission,
    then opens paul's IMAP INBOX and saves the message to an mbox, through a pty."""
    home = os.path.join(out, "mutt")
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(home)
    saved = os.path.join(home, "saved.mbox")
    muttrc = os.path.join(home, "muttrc")
    with open(muttrc, "w") as f:
        f.write(f"set ssl_starttls=yes\nset ssl_ca_certificates_file=\"{CA}\"\nset certificate_file=\"{home}/certificates\"\n"
                f"set smtp_url=\"smtp://anne@localhost:{srv.port(MSA, 587)}/\"\nset smtp_pass=\"secret\"\n"
                f"set from=\"anne@cnam.fr\"\nset hostname=\"cnam.fr\"\nset folder=\"{home}\"\n"
                f"set imap_user=\"paul\"\nset imap_pass=\"secret\"\nset record=\"\"\nset mbox_type=mbox\n"
                "set confirmcreate=no\nset confirmappend=no\nset mail_check_stats=no\nset sort=date\n")
    env = dict(os.environ, HOME=home, TERM="vt100", MUTT_TEST="1")
    body = os.path.join(home, "body.txt")
    with open(body, "w") as f:
        f.write("sent by mutt over STARTTLS\n")
    code, text = run(["mutt", "-n", "-F", muttrc, "-s", "mutt starttls", "paul@jussieu.fr"], stdin=open(body).read(),
                     env=env)
    check(code == 0, f"mutt sends by SMTP with STARTTLS (exit {code}) {text.strip()[:200]}")
    mailbox = f"imap://paul@localhost:{srv.port(MX, 143)}/INBOX"
    macro = f"push '<limit>~s \"mutt starttls\"<enter><tag-pattern>.<enter><tag-prefix><copy-message>{saved}<enter><quit>'"
    code, drawn = pty_run(["mutt", "-n", "-F", muttrc, "-f", mailbox, "-e", macro], env)
    got = open(saved, errors="replace").read() if os.path.exists(saved) else ""
    check(code == 0 and "Subject: mutt starttls" in got,
          f"mutt reads it back by IMAP with STARTTLS (exit {code}){'' if got else ': ' + drawn[-300:]!r}")


with LiveServer(mailsim, scenario, out, extra=["--tls-ca-out", CA]) as srv:
    pop3s = srv.port(MX, 995)
    if "curl" not in missing:
        curl_checks(srv, pop3s)
    if "openssl" not in missing:
        openssl_checks(srv, pop3s)
    if "mutt" not in missing:
        mutt_checks(srv)
    if "fetchmail" not in missing:
        fetchmail_checks(srv)
    check(srv.alive(), "server still running")
    code, output, events = srv.stop()

check(code == 0, f"mailsim serve ended cleanly (exit {code})")
client_conns = {e["conn"] for e in events if e.get("kind") == "line" and e["host"] == "live-client"}
tls_conns = {e["conn"] for e in events if e.get("kind") == "note" and e["text"].startswith("TLS handshake: ")}
plain = sorted(client_conns - tls_conns)
check(not plain, f"trace: every connection of these clients went through a TLS handshake (not: {plain})")
failed = [e["text"] for e in events if e.get("kind") == "note" and e["text"].startswith("TLS handshake failed")]
check(not failed, f"trace: no failed handshake ({failed})")
sys.exit(check.exit_code())
