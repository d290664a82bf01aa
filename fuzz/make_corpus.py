#!/usr/bin/env python3
"""Makes the seed corpora of the fuzz targets (fuzz/corpus/TARGET/) from what ships.

Theory of operation: each shipped scenario is run with `mailsim run --format json`; the
lines of every SMTP, LMTP, POP3 and IMAP connection of its trace are put back together as
the bytes each side sent (CRLF line ends), the client's for the server targets, the
server's for the client targets. User names and passwords become the ones the fuzz
targets' fixtures know (bob/secret, alice/secret) so that a seed gets past the login. A
few hand-written sessions add the commands no scenario uses. Every stream gets the
driver's one-byte header (fuzz/driver.hpp): 0x00, one piece; some also get a cutting
into short pieces. The message target gets scenarios/messages/*.eml, the address target
the address fields and SMTP paths of those messages and traces, the scenario target the
scenarios, the lesson target the lessons. Files are named by the SHA-1 of their content,
as libFuzzer names what it adds, so a rerun changes nothing that did not change.

Usage: fuzz/make_corpus.py MAILSIM_BINARY [REPOSITORY]   (rewrites fuzz/corpus/)
"""
import hashlib
import json
import pathlib
import re
import shutil
import subprocess
import sys

MAX_SEED = 16 * 1024     # bytes: a larger seed only slows every execution down...
LARGER_SEEDS = {"lesson": 32 * 1024}  # ...but a lesson is long, and each one has its own steps
MAX_PER_TARGET = 40      # seeds per target, the most varied first (by size)
CUT_HEADER = bytes([0x03, 0x00, 0x06, 0x1F])  # pieces of 1, 7 and 32 bytes, cycled

HAND_WRITTEN = {
    "smtp_server": [
        "EHLO c.example\r\nAUTH PLAIN AGFsaWNlAHNlY3JldA==\r\nMAIL FROM:<a@example.org> BODY=8BITMIME SIZE=100 "
        "RET=HDRS ENVID=x+2B1 SMTPUTF8\r\nRCPT TO:<b@example.net> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;b@example.net\r\n"
        "RCPT TO:<bad@example.net>\r\nDATA\r\nSubject: x\r\n\r\n..dot\r\n.\r\nBDAT 5 LAST\r\nhelloRSET\r\n"
        "VRFY bob\r\nEXPN list\r\nHELP MAIL\r\nETRN example.net\r\nNOOP\r\nSTARTTLS\r\nEHLO c.example\r\nQUIT\r\n",
        "HELO c.example\r\nAUTH LOGIN\r\nYWxpY2U=\r\nc2VjcmV0\r\nAUTH CRAM-MD5\r\n*\r\nMAIL FROM:<>\r\n"
        "RCPT TO:<postmaster>\r\nBDAT 3\r\nabcBDAT 0 LAST\r\nTURN\r\nQUIT\r\n",
    ],
    "lmtp_server": [
        "LHLO c.example\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nRCPT TO:<bad@example.net>\r\n"
        "RCPT TO:<c@example.net>\r\nDATA\r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n",
    ],
    "smtp_client": [
        "220 mx.example.net ESMTP\r\n250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250-8BITMIME\r\n"
        "250-DSN\r\n250-CHUNKING\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN CRAM-MD5\r\n220 2.0.0 go\r\n"
        "250 mx\r\n334 PDQxODkuNjk2MjA4ODVAbXguZXhhbXBsZS5uZXQ+\r\n235 ok\r\n250 ok\r\n250 ok\r\n550 no\r\n"
        "354 go\r\n250 queued\r\n250 ok\r\n250 ok\r\n250 ok\r\n221 bye\r\n",
        "554 go away\r\n", "220 x\r\n500 what\r\n250 hi\r\n421 shutting down\r\n",
    ],
    "pop3_server": [
        "CAPA\r\nUSER bob\r\nPASS secret\r\nSTAT\r\nLIST\r\nLIST 2\r\nUIDL\r\nUIDL 1\r\nTOP 2 3\r\nRETR 1\r\nDELE 1\r\n"
        "RETR 1\r\nLAST\r\nRSET\r\nNOOP\r\nQUIT\r\n",
        "APOP bob 00000000000000000000000000000000\r\nUSER eve\r\nPASS pw\r\nSTLS\r\nQUIT\r\n",
    ],
    "pop3_client": [
        "+OK ready <1.2@pop.example.net>\r\n+OK\r\n+OK logged in\r\n+OK 2 300\r\n+OK\r\n1 a\r\n2 b\r\n.\r\n"
        "+OK 100 octets\r\nSubject: x\r\n\r\n..dot\r\n.\r\n+OK deleted\r\n+OK 200 octets\r\nbody\r\n.\r\n+OK bye\r\n",
        "+OK ready\r\n+OK\r\n+OK\r\n+OK 3 30\r\n-ERR no UIDL\r\n+OK\r\nx\r\n.\r\n",
    ],
    "imap_server": [
        "a CAPABILITY\r\nb LOGIN bob secret\r\nc LIST \"\" *\r\nd SELECT INBOX\r\ne FETCH 1:* (FLAGS UID RFC822.SIZE "
        "ENVELOPE BODYSTRUCTURE INTERNALDATE)\r\nf UID FETCH 2 (BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)] BODY[1] "
        "BODY[2.MIME] BODY[]<0.10>)\r\ng SEARCH OR FROM anne UNSEEN SINCE 1-Jan-2024 LARGER 10\r\n"
        "h STORE 1 +FLAGS (\\Seen \\Deleted)\r\ni UID COPY 1:2 Archive\r\nj UID MOVE 3 Archive\r\nk EXPUNGE\r\n"
        "l APPEND INBOX (\\Flagged) {11}\r\nSubject: x\r\nm STATUS Archive (MESSAGES UIDNEXT UNSEEN)\r\n"
        "n CREATE Work\r\no RENAME Work Done\r\np DELETE Done\r\nq EXAMINE Archive\r\nr IDLE\r\nDONE\r\n"
        "s CLOSE\r\nt LOGOUT\r\n",
        "a STARTTLS\r\nb AUTHENTICATE PLAIN\r\nAGJvYgBzZWNyZXQ=\r\nc NOOP\r\nd LOGOUT\r\n",
    ],
    "imap_client": [
        "* OK ready\r\nc1 OK logged in\r\n* 3 EXISTS\r\n* 1 RECENT\r\n* FLAGS (\\Seen)\r\nc2 OK [READ-WRITE] selected\r\n"
        "* SEARCH 1 3\r\nc3 OK\r\n* 1 FETCH (UID 1 BODY[] {12}\r\nSubject: x\r\n)\r\nc4 OK\r\n* 2 FETCH (FLAGS (\\Seen))\r\n"
        "c5 OK\r\n* SEARCH 2\r\nc6 OK\r\n* BYE\r\nc7 OK\r\n",
        "* OK ready\r\n+ go\r\na1 OK\r\n+ ready\r\na2 OK [APPENDUID 1 4]\r\n+ idling\r\n* 4 EXISTS\r\na3 OK\r\n* BYE\r\na4 OK\r\n",
    ],
    "address": [
        "\"a\\\"b\" (c(d)e) <a.b@[192.0.2.1]>, g: <@x,@y:z@w>, h@i;", "=?utf-8?B?w6k=?= =?iso-8859-1?Q?=E9?= <x@y>",
        "<@a,@b:u@[IPv6:2001:db8::1]> SIZE=10", "<\"a b\"@example.org>", "text/plain; charset*=utf-8''%C3%A9; a*0=x; a*1=y",
    ],
}

# Trace protocol names -> (server target, client target).
PROTOCOLS = {"smtp": ("smtp_server", "smtp_client"), "lmtp": ("lmtp_server", None),
             "pop3": ("pop3_server", "pop3_client"), "imap": ("imap_server", "imap_client")}

ADDRESS_FIELD = re.compile(rb"^(?:From|To|Cc|Bcc|Reply-To|Sender):[ \t]*(.*(?:\r?\n[ \t].*)*)", re.M | re.I)
PATH = re.compile(r"^(?:MAIL FROM|RCPT TO):(.*)$", re.I)


def known_credentials(line):
    """The fixture's users instead of the scenario's."""
    line = re.sub(r"^(USER) \S+", r"\1 bob", line, flags=re.I)
    line = re.sub(r"^(PASS) .*", r"\1 secret", line, flags=re.I)
    return re.sub(r"^(\S+ LOGIN) .*", r"\1 bob secret", line, flags=re.I)


def sessions(mailsim, scenario):
    """(protocol, client bytes, server bytes, client lines) of each connection of a run."""
    run = subprocess.run([mailsim, "run", "--format", "json", str(scenario)], capture_output=True, timeout=120)
    if not run.stdout:
        return []
    conns = {}
    for e in json.loads(run.stdout)["trace"]:
        if e.get("kind") != "line" or e.get("proto") not in PROTOCOLS:
            continue
        proto = "lmtp" if e.get("port") == 24 else e["proto"]
        c = conns.setdefault(e["conn"], [proto, [], []])
        if e["dir"] == "C":
            c[1].append(known_credentials(e["text"]))
        else:
            c[2].append(e["text"])
    return [(p, "".join(l + "\r\n" for l in cl).encode("utf-8", "surrogateescape"),
             "".join(l + "\r\n" for l in sl).encode("utf-8", "surrogateescape"), cl) for p, cl, sl in conns.values()]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    mailsim = sys.argv[1]
    top = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else pathlib.Path(__file__).resolve().parent.parent)
    seeds = {}  # target -> set of bytes

    def add(target, data):
        if target and 0 < len(data) <= LARGER_SEEDS.get(target, MAX_SEED):
            seeds.setdefault(target, set()).add(data)

    def add_stream(target, data):
        add(target, b"\x00" + data)
        if len(data) < 2048:
            add(target, CUT_HEADER + data)

    for scenario in sorted((top / "scenarios").glob("*.json")):
        if scenario.name.startswith("load-"):
            continue  # millions of events: a seed would run for seconds
        add("scenario", scenario.read_bytes())
        for proto, client, server, client_lines in sessions(mailsim, scenario):
            server_target, client_target = PROTOCOLS[proto]
            add_stream(server_target, client)
            add_stream(client_target, server)
            for line in client_lines:
                m = PATH.match(line)
                if m:
                    add("address", m.group(1).encode())
    for message in sorted((top / "scenarios" / "messages").glob("*.eml")):
        data = message.read_bytes()
        add("message", data[:MAX_SEED])
        for m in ADDRESS_FIELD.finditer(data):
            add("address", m.group(1))
    for lesson in sorted((top / "lessons").glob("*.md")):
        if lesson.name != "README.md":
            add("lesson", lesson.read_bytes())
    for target, texts in HAND_WRITTEN.items():
        for text in texts:
            if target == "address":
                add(target, text.encode())
            else:
                add_stream(target, text.encode())

    corpus = top / "fuzz" / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    total = 0
    for target, data in sorted(seeds.items()):
        chosen = sorted(data, key=lambda d: (len(d), d))
        if len(chosen) > MAX_PER_TARGET:  # spread over the sizes
            step = len(chosen) / MAX_PER_TARGET
            chosen = [chosen[int(i * step)] for i in range(MAX_PER_TARGET)]
        (corpus / target).mkdir(parents=True)
        for d in chosen:
            (corpus / target / hashlib.sha1(d).hexdigest()).write_bytes(d)
        size = sum(map(len, chosen))
        total += size
        print(f"{target:12} {len(chosen):3} seeds {size // 1024:4} KiB")
    print(f"{'total':12}     {total // 1024:4} KiB")


if __name__ == "__main__":
    main()
