#!/usr/bin/env bash
# What the gate's pages weigh and how soon they answer: the release build's demo gate on free
# ports, each page fetched N times by curl (a new connection each, as a first visit makes),
# the median and 95th percentile of its time to first byte, and its size on the wire with the
# files it loads.
#
#   benches/pages.sh            # N=200 per page
#   N=20 benches/pages.sh
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-200}
[ -x target/release/portcullis ] || cargo build --release --quiet
dir=$(mktemp -d)
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
listen=$(port)
app=$(port)
target/release/portcullis demo --dir "$dir" --listen "127.0.0.1:$listen" --app "127.0.0.1:$app" >"$dir/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "http://localhost:$listen/.portcullis/login" && break; sleep 0.1; done

# path: prints "median p95" of the time to first byte, in ms
ttfb() {
  for _ in $(seq "$N"); do
    curl -s -o /dev/null -H 'Accept: text/html' -w '%{time_starttransfer}\n' "http://localhost:$listen$1"
  done | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%.2f %.2f\n", t[int(NR / 2) + 1], t[int(NR * 0.95)] }'
}
size() { curl -s -o /dev/null -H 'Accept: text/html' -w '%{size_download}' "http://localhost:$listen$1"; }

echo "| page | bytes | TTFB median (ms) | TTFB p95 (ms) |"
echo "|---|---:|---:|---:|"
for path in /.portcullis/login "/.portcullis/login?lang=de" /.portcullis/nowhere /.portcullis/static/portal.css /.portcullis/static/portal.js /.portcullis/static/favicon.svg; do
  read -r median p95 < <(ttfb "$path")
  echo "| \`$path\` | $(size "$path") | $median | $p95 |"
done
