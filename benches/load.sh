#!/usr/bin/env bash
# Loopback load benchmark: Portcullis side by side with what people run today, in one run on
# one machine, so the ratios mean something. Needs wrk and nginx (Debian: wrk, nginx-light;
# installed when missing and run as root). Everything listens on 127.0.0.1 and stops by itself.
#
#   benches/load.sh            # 3 rounds of 5 s per case, 64 connections; medians reported
#   benches/load.sh --quick    # 1 round of 1 s, 8 connections: proves the script still runs
#   IDLE=20000 benches/load.sh # idle keep-alive connections held for the memory reading
#   PERF=out.data benches/load.sh   # also records `perf record -g` of the gate in the last
#                                   # signed-in case (needs linux-perf)
#
# Cases: the upstream alone (the limit), a bare pingora pass-through (examples/bare_proxy.rs),
# Portcullis with a signed-in session, Portcullis on a bypass rule, nginx proxy_pass, nginx
# auth_request to a trivial auth endpoint (the least a two-hop setup costs), Portcullis
# signed-in while a flood of wrong passwords runs, and nginx auth_request to Portcullis in
# forward-auth mode (the two-hop setup with a real auth server; CPU of nginx and gate), and
# Portcullis signed-in with its store in PostgreSQL (the cached path must not touch it).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5}
CONNS=${CONNS:-64}
ROUNDS=${ROUNDS:-3}
idle_default=10000
if [ "${1:-}" = "--quick" ]; then DURATION=1; CONNS=8; ROUNDS=1; idle_default=500; fi
IDLE=${IDLE:-$idle_default}
ulimit -n "$(ulimit -Hn)"  # the gate and the idle-connection client each hold IDLE sockets
STACK_POSTGRES=1
source benches/stack.sh

# The login flood: wrong passwords with a valid CSRF pair, 16 connections each posting every
# 16 ms: about 1,000 attempts a second, some 25 times what argon2 can check here, without
# doubling the request load the proxy carries.
csrf_cookie=$(awk '$6 == "portcullis_csrf" { print $7 }' "$jar")
cat > "$work/flood.lua" <<LUA
wrk.method = "POST"
wrk.body = "username=bench&password=wrong&rd=%2F&csrf=$token"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Host"] = "bench.localhost"
wrk.headers["Cookie"] = "portcullis_csrf=$csrf_cookie"
function delay() return 16 end
LUA

ticks=$(getconf CLK_TCK)
cpu_of() { # total user+system ticks of the given processes and their children threads
  local total=0 p
  for p in "$@"; do total=$((total + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done
  echo "$total"
}
rss_of() { # resident MiB now (VmRSS) or at the peak (VmHWM) of the given processes
  local field=$1 total=0 p; shift
  for p in "$@"; do total=$((total + $(awk -v f="$field:" '$1 == f { print $2 }' "/proc/$p/status"))); done
  echo $((total / 1024))
}
nginx_pids() { local m; m=$(cat "$work/$1.pid"); echo "$m $(pgrep -P "$m" | tr '\n' ' ')"; }

# Each case runs once per round, rounds interleaved so that drift hits all cases alike; the
# table shows the round with the median req/s of each case.
rows="$work/rows"
run() { # name port path proc-pids [extra wrk args...]
  local name=$1 port=$2 path=$3 procs=$4; shift 4
  local before after out rps p50 p99 reqs cpu non2xx
  before=$(cpu_of $procs)
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -H 'Host: bench.localhost' "$@" "http://127.0.0.1:$port$path")
  after=$(cpu_of $procs)
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  reqs=$(awk '/requests in/ { print $1 }' <<<"$out")
  non2xx=$(awk '/Non-2xx/ { print $5 }' <<<"$out")
  cpu=$(awk -v t=$((after - before)) -v n="$reqs" -v hz="$ticks" 'BEGIN { if (n > 0) printf "%.1f", t / hz / n * 1e6; else print "-" }')
  echo "$name|$rps|$p50|$p99|$cpu|$(rss_of VmRSS $procs)|${non2xx:-0}" >>"$rows"
  echo "  $name: $rps req/s" >&2
}

CASES=("upstream directly (the limit)" "bare pingora pass-through" "Portcullis, signed-in session"
  "Portcullis, bypass rule" "nginx proxy_pass" "nginx auth_request (trivial auth)"
  "Portcullis, signed-in, during a login flood" "nginx auth_request to Portcullis forward-auth"
  "Portcullis on PostgreSQL, signed-in session")
echo "measuring: $ROUNDS round(s) of ${DURATION}s per case, $CONNS connections..." >&2
for round in $(seq "$ROUNDS"); do
  echo " round $round" >&2
  run "${CASES[0]}" "$UP" / "$(nginx_pids upstream)"
  run "${CASES[1]}" "$BAREP" / "$BARE_PID"
  profiler=""
  if [ -n "${PERF:-}" ] && [ "$round" = "$ROUNDS" ]; then
    perf record -q -g -F 1999 -o "$PERF" -p "$GATE_PID" -- sleep "$DURATION" 2>/dev/null & profiler=$!
  fi
  run "${CASES[2]}" "$GATE" /app "$GATE_PID" -H "Cookie: portcullis_session=$session"
  [ -z "$profiler" ] || wait "$profiler" || true
  run "${CASES[3]}" "$GATE" /public/x "$GATE_PID"
  run "${CASES[4]}" "$PROXY" / "$(nginx_pids proxies)"
  run "${CASES[5]}" "$AUTHREQ" / "$(nginx_pids proxies)"
  wrk -t1 -c16 -d"$((DURATION + 2))s" -s "$work/flood.lua" "http://127.0.0.1:$GATE/.portcullis/login" >"$work/flood.out" &
  flood=$!; sleep 1
  run "${CASES[6]}" "$GATE" /app "$GATE_PID" -H "Cookie: portcullis_session=$session"
  wait "$flood" || true
  flood_rps=$(awk '/Requests\/sec/ { print $2 }' "$work/flood.out")
  run "${CASES[7]}" "$FWD" /app "$(nginx_pids proxies) $GATE_PID" -H "Cookie: portcullis_session=$session"
  run "${CASES[8]}" "$GATE_PG" /app "$GATE_PG_PID" -H "Cookie: portcullis_session=$session_pg"
done

# Memory with many idle keep-alive connections, each after one signed-in request: measured
# after the rounds, which it would otherwise disturb.
idle_before=$(rss_of VmRSS "$GATE_PID")
coproc IDLER { python3 benches/idle_connections.py "$GATE" bench.localhost "$session" "$IDLE"; }
read -r ready held <&"${IDLER[0]}" || { echo "load.sh: the idle connections failed" >&2; exit 1; }
sleep 1
idle_with=$(rss_of VmRSS "$GATE_PID")
echo "  $held idle keep-alive connections: gate RSS $idle_before -> $idle_with MiB" >&2
echo >&"${IDLER[1]}"; wait "$IDLER_PID" || true

median_row() { grep -F "$1|" "$rows" | sort -t'|' -k2,2g | sed -n "$(( (ROUNDS + 1) / 2 ))p"; }
results=()
for c in "${CASES[@]}"; do results+=("$(median_row "$c")"); done

rate() { for r in "${results[@]}"; do IFS='|' read -r n rps _ <<<"$r"; [ "$n" = "$1" ] && echo "$rps"; done; }
ratio() { awk -v a="$(rate "$1")" -v b="$(rate "$2")" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr); wrk -t$THREADS -c$CONNS -d${DURATION}s on 127.0.0.1"
echo
echo "| case | req/s | p50 | p99 | proxy CPU µs/req | proxy RSS MiB | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for r in "${results[@]}"; do IFS='|' read -r n rps p50 p99 cpu rss bad <<<"$r"; echo "| $n | $rps | $p50 | $p99 | $cpu | $rss | $bad |"; done
echo
echo "Login flood alongside: ${flood_rps:-?} wrong-password posts/s answered."
echo "Idle keep-alive connections: $held, each after one signed-in request: Portcullis RSS $idle_before MiB before, $idle_with MiB with them."
echo "Peak RSS over the whole run: Portcullis $(rss_of VmHWM "$GATE_PID") MiB, bare pingora $(rss_of VmHWM "$BARE_PID") MiB."
echo
echo "| ratio | value |"
echo "|---|---:|"
echo "| Portcullis signed-in / bare pingora | $(ratio "Portcullis, signed-in session" "bare pingora pass-through") |"
echo "| Portcullis signed-in / nginx auth_request (trivial auth) | $(ratio "Portcullis, signed-in session" "nginx auth_request (trivial auth)") |"
echo "| Portcullis signed-in / nginx auth_request to Portcullis | $(ratio "Portcullis, signed-in session" "nginx auth_request to Portcullis forward-auth") |"
echo "| Portcullis signed-in / nginx proxy_pass | $(ratio "Portcullis, signed-in session" "nginx proxy_pass") |"
echo "| signed-in during login flood / without | $(ratio "Portcullis, signed-in, during a login flood" "Portcullis, signed-in session") |"
echo "| signed-in on PostgreSQL / on SQLite | $(ratio "Portcullis on PostgreSQL, signed-in session" "Portcullis, signed-in session") |"

# Every measured request must have been answered 2xx: a benchmark of errors measures nothing.
while IFS='|' read -r n _ _ _ _ _ bad; do
  [ "${bad:-0}" = 0 ] || { echo "load.sh: $n: $bad answers were not 2xx" >&2; exit 1; }
done <"$rows"
