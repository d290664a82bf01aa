#!/usr/bin/env python3
"""Exports of `mailsim run`: the pcap decodes in tshark (SMTP commands and replies, IMF
headers, DNS MX/A), with valid checksums and no TCP analysis warnings; the diagrams are
well-formed Mermaid, mscgen and SVG; the JSON trace parses.

usage: test_exports.py MAILSIM SCENARIO_DIR OUT_DIR   (exit 77 = skipped)"""
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

mailsim, scenarios, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(scenario, *extra):
    r = subprocess.run([mailsim, "run", "--quiet", os.path.join(scenarios, scenario), *extra],
                       capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, f"mailsim run {scenario} {' '.join(extra)} (exit {r.returncode}) {r.stderr.strip()}")


def tshark(pcap, *args):
    r = subprocess.run(["tshark", "-r", pcap, "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
                        "-o", "udp.check_checksum:TRUE", *args], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        print(r.stderr)
    return r.stdout


p1, p2 = os.path.join(out, "basic.pcap"), os.path.join(out, "mx.pcap")
run("basic-smtp.json", "--pcap", p1, "--diagram", os.path.join(out, "basic.mmd"),
    "--trace", os.path.join(out, "basic.json"))
run("basic-smtp.json", "--diagram", os.path.join(out, "basic.svg"))
run("basic-smtp.json", "--diagram", os.path.join(out, "basic.msc"), "--diagram-conn", "c1")
run("mx-fallback.json", "--pcap", p2, "--diagram", os.path.join(out, "mx.svg"), "--diagram-from", "40s",
    "--diagram-to", "41s")

mmd = open(os.path.join(out, "basic.mmd")).read()
check(mmd.startswith("sequenceDiagram\n") and "->>" in mmd and "-->>" in mmd, "Mermaid diagram has arrows")
check("HELO liti.ibp.fr" in mmd and "[message:" in mmd, "Mermaid diagram shows HELO and folds the body")
msc = open(os.path.join(out, "basic.msc")).read()
check(msc.startswith("msc {") and "=>" in msc and "DNS" not in msc, "mscgen diagram limited to c1")
for svg in ("basic.svg", "mx.svg"):
    root = ET.parse(os.path.join(out, svg)).getroot()
    check(root.tag.endswith("svg") and len(root) > 5, f"{svg} is well-formed SVG")
trace = json.load(open(os.path.join(out, "basic.json")))
check(trace["scenario"] == "basic-smtp" and len(trace["trace"]) > 10, "JSON trace parses")
check(trace["hosts"].get("artemis.ibp.fr") == "192.0.2.20", "JSON trace lists host addresses")

if shutil.which("tshark") is None:
    print("SKIPPED: tshark is not installed (mailsim.sh installs it: apt-get install tshark)")
    sys.exit(77 if not failures else 1)

cmds = tshark(p1, "-Y", "smtp.req", "-T", "fields", "-e", "smtp.req.command").split()
check(cmds == ["HELO", "MAIL", "RCPT", "DATA", "QUIT"], f"tshark SMTP commands {cmds}")
codes = tshark(p1, "-Y", "smtp.response", "-T", "fields", "-e", "smtp.response.code").split()
check(codes == ["220", "250", "250", "250", "354", "250", "221"], f"tshark SMTP reply codes {codes}")
imf = tshark(p1, "-Y", "imf", "-T", "fields", "-e", "imf.from", "-e", "imf.to", "-e", "imf.subject").strip()
check(imf == "im@liti.ibp.fr\tlo@artemis.ibp.fr\tessai", f"tshark IMF headers {imf!r}")
dns = tshark(p2, "-Y", "dns.flags.response == 1", "-T", "fields", "-e", "dns.qry.name", "-e", "dns.mx.mail_exchange")
check("jussieu.fr\tshiva.jussieu.fr,soleil.uvsq.fr" in dns, "tshark DNS MX answer")
for pcap in (p1, p2):
    bad = tshark(pcap, "-Y", "tcp.analysis.flags || tcp.checksum.status == 0 || ip.checksum.status == 0 || "
                 "udp.checksum.status == 0 || _ws.malformed").strip()
    check(bad == "", f"{os.path.basename(pcap)}: no bad checksum, malformed packet or TCP analysis flag {bad[:300]}")
    frames = tshark(pcap, "-T", "fields", "-e", "frame.number").split()
    check(len(frames) > 20, f"{os.path.basename(pcap)}: {len(frames)} frames")
sys.exit(1 if failures else 0)
