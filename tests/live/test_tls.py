#!/usr/bin/env python3
"""Real TLS in `mailsim serve` (issue 21), with Python's own TLS clients, each trusting the
self-signed certificate through the CA file the server wrote (--tls-ca-out):
- smtplib: STARTTLS on 587 (then AUTH, as a mail client submits) and on 25; implicit TLS
  on 465 (SMTP_SSL); each message is read back by POP3_SSL (995) and IMAP4_SSL (993), and
  by poplib's STLS and imaplib's STARTTLS on 110 and 143, which offer it only before it;
- the server prints its certificate's SHA-256 fingerprint, the one of the CA file;
- the trace holds the plaintext the server read (MAIL FROM, marked as sent in TLS) and a
  note for each handshake (version, cipher, STARTTLS or the implicit port);
- STARTTLS is offered in EHLO before the handshake, not after;
- bytes a client pipelines after STARTTLS, before the handshake, are dropped (RFC 3207 §4.2);
- a client that does not trust the certificate fails its handshake, which is a trace note,
  and a client speaking plaintext on an implicit-TLS port is closed; the server goes on;
- --tls-cert/--tls-key serve a certificate made by `openssl req` (when openssl is
  installed), with its fingerprint; a missing file, a lone --tls-cert or a key that does not
  match is refused at start (exit 2) with a line that names the option;
- the pcap carries the TLS records, not the plaintext MAIL FROM that the trace holds, and
  the key log (--tls-keylog) has one CLIENT_TRAFFIC_SECRET_0 per handshake; with it, tshark
  (when installed) decrypts the capture and finds the MAIL FROM again.

usage: test_tls.py MAILSIM SCENARIO OUT_DIR"""
import hashlib
import imaplib
import os
import poplib
import re
import shutil
import smtplib
import socket
import ssl
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from liveserver import Checks, LiveServer, recv_all  # noqa: E402

mailsim, scenario, out = sys.argv[1], sys.argv[2], sys.argv[3]
check = Checks()
os.makedirs(out, exist_ok=True)
CA, KEYS, PCAP = (os.path.join(out, name) for name in ("ca.pem", "keys.log", "live.pcap"))
for stale in (KEYS, PCAP):
    if os.path.exists(stale):
        os.remove(stale)


def message(subject):
    return f"From: anne@cnam.fr\r\nTo: paul@jussieu.fr\r\nSubject: {subject}\r\n\r\nover TLS\r\n"


def pop_subjects(p):
    p.user("paul")
    p.pass_("secret")
    found = []
    for n in range(1, p.stat()[0] + 1):
        found += [line[9:].decode() for line in p.retr(n)[1] if line.startswith(b"Subject: ")]
    p.quit()
    return found


def imap_subjects(m):
    m.login("paul", "secret")
    m.select("INBOX")
    found = []
    for uid in m.uid("SEARCH", "ALL")[1][0].split():
        header = m.uid("FETCH", uid, "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")[1][0][1].decode()
        found += [line[9:] for line in header.split("\r\n") if line.startswith("Subject: ")]
    m.logout()
    return found


def fingerprint_of(pem_file):
    der = ssl.PEM_cert_to_DER_cert(open(pem_file).read())
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def refused(*options):
    r = subprocess.run([mailsim, "serve", scenario, "--port-offset", "43000", *options], capture_output=True, text=True,
                       timeout=30)
    return r.returncode, r.stderr.strip()


if shutil.which("openssl"):
    own_cert, own_key, other_key = (os.path.join(out, name) for name in ("own-cert.pem", "own-key.pem", "other-key.pem"))
    for key, cert in ((own_key, own_cert), (other_key, None)):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", key, "-out", cert or os.devnull, "-days", "2", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], check=True, capture_output=True)
    with LiveServer(mailsim, scenario, os.path.join(out, "own"), extra=["--tls-cert", own_cert, "--tls-key", own_key]) as own:
        check(f"SHA256 Fingerprint={fingerprint_of(own_cert)}" in own.output, "--tls-cert: serve prints that certificate's fingerprint")
        with smtplib.SMTP("127.0.0.1", own.port("mx.jussieu.fr", 25), timeout=20) as s:
            s.starttls(context=ssl.create_default_context(cafile=own_cert))
            check(s.noop()[0] == 250, "--tls-cert: a client trusting it completes STARTTLS")
        own.stop()
    code, text = refused("--tls-cert", own_cert, "--tls-key", other_key)
    check(code == 2 and "does not match the certificate" in text, f"a key that does not match: exit 2, '{text}'")
else:
    print("skipped: --tls-cert with a certificate of openssl req (no openssl: Debian package openssl)")
code, text = refused("--tls-cert", os.path.join(out, "missing.pem"), "--tls-key", os.path.join(out, "missing-key.pem"))
check(code == 2 and text.startswith("mailsim serve: --tls-cert ") and "missing.pem" in text,
      f"a missing certificate file: exit 2, '{text}'")
code, text = refused("--tls-cert", CA)
check(code == 2 and "--tls-cert and --tls-key go together" in text, f"--tls-cert alone: exit 2, '{text}'")

with LiveServer(mailsim, scenario, out, extra=["--tls-ca-out", CA, "--tls-keylog", KEYS, "--pcap", PCAP]) as srv:
    context = ssl.create_default_context(cafile=CA)
    msa, mx, submissions = srv.port("smtp.cnam.fr", 587), srv.port("mx.jussieu.fr", 25), srv.port("smtp.cnam.fr", 465)
    pop, pop3s = srv.port("mx.jussieu.fr", 110), srv.port("mx.jussieu.fr", 995)
    imap, imaps = srv.port("mx.jussieu.fr", 143), srv.port("mx.jussieu.fr", 993)

    printed = re.search(r"SHA256 Fingerprint=([0-9A-F:]+)", srv.output)
    check(printed is not None and printed.group(1) == fingerprint_of(CA), "serve prints the SHA-256 fingerprint of the CA file's certificate")

    # smtplib STARTTLS on the submission port, then AUTH as a mail client does
    with smtplib.SMTP("127.0.0.1", msa, local_hostname="client.example", timeout=20) as s:
        s.ehlo()
        check(s.has_extn("starttls"), "587 offers STARTTLS in EHLO")
        code, _ = s.starttls(context=context)
        check(code == 220, "smtplib.starttls on 587: 220, then a verified handshake")
        s.ehlo()
        check(not s.has_extn("starttls"), "587 no longer offers STARTTLS once in TLS")
        s.login("anne", "secret")
        check(s.sendmail("anne@cnam.fr", ["paul@jussieu.fr"], message("starttls 587")) == {}, "sent over TLS on 587")

    # smtplib STARTTLS on the MX's port 25
    with smtplib.SMTP("127.0.0.1", mx, local_hostname="client.example", timeout=20) as s:
        s.starttls(context=context)
        check(s.sendmail("a@example.org", ["paul@jussieu.fr"], message("starttls 25")) == {}, "sent over TLS on 25")

    # implicit TLS on 465 (RFC 8314)
    with smtplib.SMTP_SSL("127.0.0.1", submissions, local_hostname="client.example", timeout=20, context=context) as s:
        s.ehlo()
        check(not s.has_extn("starttls"), "465 does not offer STARTTLS: it is TLS already")
        s.login("anne", "secret")
        check(s.sendmail("anne@cnam.fr", ["paul@jussieu.fr"], message("implicit 465")) == {}, "sent over TLS on 465")

    # a command pipelined after STARTTLS, before the handshake, is dropped
    with socket.create_connection(("127.0.0.1", mx), timeout=10) as raw:
        recv_all(raw, end=b"\r\n", timeout=5)
        raw.sendall(b"EHLO inject.example\r\n")
        recv_all(raw, end=b" HELP\r\n", timeout=5) or recv_all(raw, timeout=1)
        raw.sendall(b"STARTTLS\r\nMAIL FROM:<injected@example.org>\r\n")
        go = recv_all(raw, end=b"\r\n", timeout=5)
        check(go.startswith(b"220"), f"STARTTLS go-ahead ({go!r})")
        tls = context.wrap_socket(raw, server_hostname="localhost")
        tls.sendall(b"RCPT TO:<paul@jussieu.fr>\r\n")
        answer = tls.recv(4096)
        check(answer.startswith(b"503"), f"the MAIL FROM pipelined before the handshake was dropped ({answer!r})")
        tls.sendall(b"QUIT\r\n")
        tls.recv(4096)

    # a client that does not trust the certificate: the handshake fails, the server goes on
    with socket.create_connection(("127.0.0.1", mx), timeout=10) as raw:
        recv_all(raw, end=b"\r\n", timeout=5)
        raw.sendall(b"STARTTLS\r\n")
        recv_all(raw, end=b"\r\n", timeout=5)
        try:
            ssl.create_default_context().wrap_socket(raw, server_hostname="localhost")
            check(False, "a client without the CA file refuses the certificate")
        except ssl.SSLCertVerificationError:
            check(True, "a client without the CA file refuses the certificate")

    # plaintext on an implicit-TLS port: closed
    with socket.create_connection(("127.0.0.1", submissions), timeout=10) as raw:
        raw.sendall(b"EHLO plain.example\r\n")
        got = recv_all(raw, timeout=5)
        check(b"250" not in got and b"220" not in got, f"plaintext on 465 gets no SMTP answer, and is closed ({got[:40]!r})")

    sent = ("starttls 587", "starttls 25", "implicit 465")
    found = pop_subjects(poplib.POP3_SSL("127.0.0.1", pop3s, timeout=20, context=context))
    check(all(s in found for s in sent), f"POP3_SSL on 995 reads back {sent} ({found})")
    p = poplib.POP3("127.0.0.1", pop, timeout=20)
    check("STLS" in p.capa(), "110 offers STLS in CAPA")
    check(p.stls(context).startswith(b"+OK"), "poplib.stls on 110: +OK, then a verified handshake")
    check("STLS" not in p.capa(), "110 no longer offers STLS once in TLS")
    found = pop_subjects(p)
    check(all(s in found for s in sent), "POP3 after STLS reads them back")
    found = imap_subjects(imaplib.IMAP4_SSL("127.0.0.1", imaps, ssl_context=context, timeout=20))
    check(all(s in found for s in sent), f"IMAP4_SSL on 993 reads back {sent} ({found})")
    m = imaplib.IMAP4("127.0.0.1", imap, timeout=20)
    check("STARTTLS" in m.capabilities, "143 offers STARTTLS in CAPABILITY")
    check(m.starttls(ssl_context=context)[0] == "OK", "imaplib.starttls on 143: OK, then a verified handshake")
    check("STARTTLS" not in m.capabilities, "143 no longer offers STARTTLS once in TLS")
    found = imap_subjects(m)
    check(all(s in found for s in sent), "IMAP after STARTTLS reads them back")
    check(srv.alive(), "server still running")
    code, output, events = srv.stop()

check(code == 0, f"mailsim serve ended cleanly (exit {code})")
notes = [e["text"] for e in events if e.get("kind") == "note"]
handshakes = [t for t in notes if t.startswith("TLS handshake: TLSv1.3")]
check(sum("after STARTTLS" in t for t in handshakes) >= 5, f"trace: the STARTTLS handshakes ({handshakes})")
for port in (465, 993, 995):
    check(any(f"on the implicit-TLS port {port}" in t for t in handshakes), f"trace: the implicit-TLS handshake on {port}")
check(any(t.startswith("TLS handshake failed after STARTTLS") for t in notes), "trace: the refused certificate")
check(any(t.startswith("TLS handshake failed on the implicit-TLS port 465") for t in notes), "trace: plaintext on 465")
check(not any("simulated" in t for t in notes), "trace: no simulated handshake in live mode")
mail_from = [e for e in events if e.get("kind") == "line" and e["host"] == "live-client"
             and e["text"].upper().startswith("MAIL FROM:<ANNE@CNAM.FR>")]
check(len(mail_from) == 2 and all(e.get("tls") for e in mail_from), "trace: the plaintext MAIL FROM, marked as sent in TLS")
injected = [e for e in events if e.get("kind") == "line" and "injected@example.org" in e["text"]]
check(len(injected) == 1 and not injected[0].get("tls"), "trace: the injected MAIL FROM, sent in clear")
check("== TLS: " in output and "failed handshakes" in output, "the summary counts the TLS sessions")

# the capture: TLS records, not the plaintext; the key log: one secret per handshake
capture = open(PCAP, "rb").read()
check(b"STARTTLS" in capture and b"Ready to start TLS" in capture, "pcap: the STARTTLS exchange, in clear")
check(b"injected@example.org" in capture, "pcap: the command sent in clear before the handshake")
sent = {e["text"].encode() for e in mail_from}  # smtplib's own spelling, "mail FROM:<...> size=N"
check(bool(sent) and not any(line in capture for line in sent), f"pcap: not the plaintext {sorted(sent)} of the TLS sessions")
check(b"\x16\x03\x01" in capture and b"\x17\x03\x03" in capture, "pcap: TLS handshake and application records")
secrets = [line for line in open(KEYS) if line.startswith("CLIENT_TRAFFIC_SECRET_0 ")]
check(len(secrets) == len(handshakes), f"key log: {len(secrets)} CLIENT_TRAFFIC_SECRET_0 for {len(handshakes)} handshakes")
if shutil.which("tshark"):
    def mail_from_seen(*options):
        r = subprocess.run(["tshark", "-r", PCAP, *options, "-Y", "smtp.req.parameter contains \"FROM:<anne@cnam.fr>\"",
                            "-T", "fields", "-e", "smtp.req.parameter"], capture_output=True, text=True, timeout=120)
        return r.stdout.split("\n")
    clear = mail_from_seen()
    decrypted = mail_from_seen("-o", f"tls.keylog_file:{KEYS}")
    check(len(decrypted) > len(clear), f"tshark with the key log decrypts the TLS sessions' MAIL FROM ({len(clear)} -> {len(decrypted)})")
else:
    print("skipped: the tshark check of the key log (no tshark)")
sys.exit(check.exit_code())
