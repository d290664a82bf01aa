#!/bin/sh
# Theory of operation: writes everything `mailsim run` produces for every scenario into
# OUTDIR (text and JSON transcripts with exit codes, trace JSON, pcap, the diagram as
# Mermaid, SVG and mscgen, the mailboxes), so two builds can be compared byte for byte:
#   tests/scripts/snapshot_runs.sh BIN_A /tmp/a; tests/scripts/snapshot_runs.sh BIN_B /tmp/b
#   diff -r /tmp/a /tmp/b
# Run it from the repository's top; file names in the output are relative to OUTDIR.
# The transcripts lose their wall-clock figures (the "s wall" and throughput lines, in English and French).
# The load scenarios write hundreds of megabytes: load-10k keeps only the SHA-256 of its
# transcript, trace and pcap, and load-100k (the same hosts, ten times the messages) is left out.
set -eu
no_wall() { sed -e '/^== throughput:/d' -e '/^== débit :/d' -e 's/, [0-9.]* s \(wall\|réelles\)$//' "$1" >"$1.tmp" && mv "$1.tmp" "$1"; }
bin=$(realpath "$1"); out=$2; top=$(pwd)
mkdir -p "$out"
cd "$out"
for f in "$top"/scenarios/*.json; do
  n=$(basename "$f" .json)
  case $n in load-100k) continue ;; esac
  rc=0; "$bin" run "$f" --trace "$n.trace.json" --pcap "$n.pcap" --diagram "$n.mmd" --mailboxes "$n.mbox" \
    >"$n.txt" 2>"$n.err" || rc=$?; echo "$rc" >"$n.rc"; no_wall "$n.txt"
  case $n in
    load-*) sha256sum "$n.txt" "$n.trace.json" "$n.pcap" "$n.mmd" >"$n.sha256"
            rm -rf "$n.txt" "$n.trace.json" "$n.pcap" "$n.mmd" "$n.mbox"; continue ;;
  esac
  "$bin" run "$f" --format json --diagram "$n.svg" >"$n.json" 2>/dev/null || true
  "$bin" run "$f" --lang fr --diagram "$n.msc" >"$n.fr.txt" 2>/dev/null || true; no_wall "$n.fr.txt"
done
