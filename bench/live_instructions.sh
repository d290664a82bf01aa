#!/bin/bash
# Instructions per message that `mailsim serve` executes in its loop (LiveServer::poll_once
# and what it calls), counted by callgrind while Postfix's smtp-source sends MESSAGES tiny
# messages in 10 sessions to mx.jussieu.fr of scenarios/live.json. Unlike a rate, the count
# does not depend on the machine's load, so two builds compare on any machine.
#
# usage: bench/live_instructions.sh [MAILSIM] [MESSAGES] [-d]
#   -d: reused connections (smtp-source -d); default: a new connection per message
# Needs valgrind and the postfix package (see bench/smtp_source_bench.py).
set -eu
MAILSIM=${1:-build/bin/mailsim}
MESSAGES=${2:-3000}
REUSE=${3:-}
OFFSET=25000
command -v valgrind >/dev/null || { echo "valgrind not found (apt-get install valgrind)"; exit 77; }
SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
[ -x "$SOURCE" ] || { echo "smtp-source not found: install the postfix package"; exit 77; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
valgrind --tool=callgrind --toggle-collect='mailsim::LiveServer::poll_once*' \
  --callgrind-out-file="$WORK/callgrind.out" "$MAILSIM" serve scenarios/live.json --quiet \
  --port-offset "$OFFSET" >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 120); do grep -q '^ready' "$WORK/serve.log" && break; sleep 0.5; done
grep -q '^ready' "$WORK/serve.log" || { cat "$WORK/serve.log"; kill $SERVER; exit 1; }
PORT=$(sed -n 's/^ *mx\.jussieu\.fr:25 (smtp) -> 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$WORK/serve.log")
"$SOURCE" -s 10 -m "$MESSAGES" -f bench@example.org -t paul@jussieu.fr -M bench.example $REUSE "127.0.0.1:$PORT"
sleep 1
kill -TERM $SERVER
wait $SERVER || true
TOTAL=$(callgrind_annotate "$WORK/callgrind.out" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}')
echo "mode: ${REUSE:-new connection per message}  messages: $MESSAGES"
echo "instructions in poll_once: $TOTAL  per message: $((TOTAL / MESSAGES))"
