#!/usr/bin/env bash
# Instructions per request, counted by callgrind: unlike req/s on a shared 2-core machine,
# the count is the same from run to run (it does not depend on what else the machine does),
# so it shows what a change to the hot path costs. One keep-alive client sends N requests,
# one at a time, to each proxy running under valgrind; the counters are zeroed after a
# warm-up and read after the N requests.
#
#   benches/instructions.sh            # N=2000 requests per case (about a minute)
#   benches/instructions.sh --quick    # N=50: proves the script still runs
#   KEEP=dir benches/instructions.sh   # keeps the callgrind files in dir for callgrind_annotate
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-2000}
[ "${1:-}" = "--quick" ] && N=50
out=${KEEP:-$(mktemp -d)}
mkdir -p "$out"
STACK_TOOLS="valgrind:valgrind"
PROXY_WRAP="valgrind --tool=callgrind --callgrind-out-file=$out/callgrind.%p"
STACK_POSTGRES=1 STACK_TUNED=1 STACK_OPS=1
source benches/stack.sh

count() { # pid port path [cookie]: prints instructions per request
  local pid=$1 port=$2 path=$3 cookie=${4:-} before
  python3 benches/sequential_client.py "$port" "$path" 100 "$cookie"
  callgrind_control -z "$pid" >/dev/null
  python3 benches/sequential_client.py "$port" "$path" "$N" "$cookie"
  before=$(ls "$out"/callgrind."$pid".* 2>/dev/null | wc -l)
  callgrind_control -d "$pid" >/dev/null
  local dump
  dump=$(ls -t "$out"/callgrind."$pid".* | head -1)
  [ "$(ls "$out"/callgrind."$pid".* | wc -l)" -gt "$before" ] || { echo "instructions.sh: no dump from $pid" >&2; exit 1; }
  awk -v n="$N" '/^summary:/ { printf "%.0f", $2 / n }' "$dump"
}

bare=$(count "$BARE_PID" "$BAREP" /)
tuned=$(count "$TUNED_PID" "$TUNEDP" /)
signed_in=$(count "$GATE_PID" "$GATE" /app "$session")
bypass=$(count "$GATE_PID" "$GATE" /public/x)
on_postgres=$(count "$GATE_PG_PID" "$GATE_PG" /app "$session_pg")
with_ops=$(count "$GATE_OPS_PID" "$GATE_OPS" /app "$session_ops")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo
echo "Instructions per request (callgrind, $N sequential keep-alive requests per case):"
echo
echo "| case | instructions | / bare pingora | / tuned bare pingora |"
echo "|---|---:|---:|---:|"
row() { echo "| $1 | $2 | $(ratio "$2" "$bare") | $(ratio "$2" "$tuned") |"; }
row "bare pingora pass-through (pingora's defaults)" "$bare"
row "bare pingora, tuned as the gate tunes it (no downstream modules, no read buffer)" "$tuned"
row "Portcullis, signed-in session" "$signed_in"
row "Portcullis, bypass rule" "$bypass"
row "Portcullis on PostgreSQL, signed-in session" "$on_postgres"
row "Portcullis with metrics, audit trail, access log and a signed assertion, signed-in" "$with_ops"
