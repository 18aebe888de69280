# The stack the benchmarks run against, sourced by load.sh and instructions.sh: builds the
# gate and the bare pingora baseline (release), and starts on 127.0.0.1 an nginx upstream,
# nginx as a plain proxy and with auth_request (to a trivial endpoint, and to the gate in
# forward-auth mode), the baseline and the gate with a signed-in
# user (and, with STACK_POSTGRES=1, the same gate on PostgreSQL). Sets UP, BAREP, GATE, PROXY,
# AUTHREQ, FWD (ports), BARE_PID, GATE_PID, session (the signed-in cookie value), token and jar
# (a CSRF pair), work (a temporary directory); all of it is stopped and removed on exit.
#
# Callers may set STACK_TOOLS ("command:package ...", installed when missing along with
# wrk, nginx and curl) and PROXY_WRAP (a command prefix for the two proxies, e.g. valgrind).
THREADS=2
PROXY_WRAP=${PROXY_WRAP:-}

need=()
for tool in wrk:wrk nginx:nginx-light curl:curl ${STACK_TOOLS:-}; do
  command -v "${tool%%:*}" >/dev/null || [ -x "/usr/sbin/${tool%%:*}" ] || need+=("${tool#*:}")
done
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "stack.sh: installing ${need[*]}" >&2
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

echo "building (release)..." >&2
cargo build --release --locked --quiet --bin portcullis --example bare_proxy
BIN=target/release/portcullis
BARE=target/release/examples/bare_proxy

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -z "${PG_SCHEMA:-}" ] || psql "$PG_SERVER" -qc "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" 2>/dev/null || true
  for conf in upstream proxies; do
    [ -f "$work/$conf.pid" ] && kill "$(cat "$work/$conf.pid")" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
UP=$(free_port); BAREP=$(free_port); GATE=$(free_port); PROXY=$(free_port); AUTHREQ=$(free_port); AUTH=$(free_port)
FWD=$(free_port)

wait_port() {
  for _ in $(seq 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
  echo "stack.sh: nothing listens on $1" >&2; exit 1
}

# The upstream: nginx answering from memory with one worker.
cat > "$work/upstream.conf" <<NGX
worker_processes 1;
pid $work/upstream.pid;
error_log $work/upstream.err;
events { worker_connections 16384; }
http {
  access_log off;
  server { listen 127.0.0.1:$UP; location / { return 200 "hello from the upstream\n"; } }
}
NGX
# The nginx setups people run: a plain proxy, auth_request to an auth endpoint, and
# auth_request to the gate as the docs show it (examples/deploy/nginx-forward-auth.conf).
sed -e "s/listen 80;/listen 127.0.0.1:$FWD;/" -e "s/app\.example\.com/bench.localhost/" \
  -e "s/127\.0\.0\.1:8080/127.0.0.1:$GATE/" -e "s/127\.0\.0\.1:3000/127.0.0.1:$UP/" \
  examples/deploy/nginx-forward-auth.conf >"$work/forward_auth.conf"
cp examples/deploy/nginx-portcullis-headers.conf "$work/"
cat > "$work/proxies.conf" <<NGX
worker_processes $THREADS;
pid $work/proxies.pid;
error_log $work/proxies.err;
events { worker_connections 16384; }
http {
  access_log off;
  upstream app { server 127.0.0.1:$UP; keepalive 128; }
  upstream auth { server 127.0.0.1:$AUTH; keepalive 128; }
  server { listen 127.0.0.1:$PROXY;
    location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; } }
  server { listen 127.0.0.1:$AUTHREQ;
    location / { auth_request /_auth; proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; }
    location = /_auth { internal; proxy_pass http://auth; proxy_pass_request_body off;
      proxy_set_header Content-Length ""; proxy_http_version 1.1; proxy_set_header Connection ""; } }
  server { listen 127.0.0.1:$AUTH; location / { return 204; } }
  include $work/forward_auth.conf;
}
NGX
"$NGINX" -q -p "$work" -c "$work/upstream.conf" -e "$work/upstream.err"
"$NGINX" -q -p "$work" -c "$work/proxies.conf" -e "$work/proxies.err"
wait_port "$UP"; wait_port "$PROXY"

$PROXY_WRAP "$BARE" "127.0.0.1:$BAREP" "127.0.0.1:$UP" 2>"$work/bare.log" & pids+=($!); BARE_PID=$!
# With STACK_TUNED=1, a second bare pass-through with the knobs the gate sets on pingora: TUNEDP, TUNED_PID.
if [ -n "${STACK_TUNED:-}" ]; then
  TUNEDP=$(free_port)
  $PROXY_WRAP "$BARE" "127.0.0.1:$TUNEDP" "127.0.0.1:$UP" tuned 2>"$work/tuned.log" & pids+=($!); TUNED_PID=$!
  wait_port "$TUNEDP"
fi

# Portcullis, with a user; regulation is opened up so the flood below reaches argon2 (as a
# flood from many addresses would) instead of being locked out after five tries.
PASSWORD=bench-password
HASH=$(printf '%s\n' "$PASSWORD" | "$BIN" hash-password 2>/dev/null)
printf 'users:\n  bench:\n    password: "%s"\n' "$HASH" > "$work/users.yaml"
cat > "$work/portcullis.yaml" <<YAML
listen: 127.0.0.1:$GATE
data_dir: $work/data
users_file: $work/users.yaml
regulation: { max_failures: 1000000000, max_consecutive: 100 }
trusted_proxies: [127.0.0.1/32]
sites:
  - host: bench.localhost
    upstream: 127.0.0.1:$UP
    rules:
      - { path: "^/public/", action: bypass }
    default: two_factor
YAML
RUST_LOG=warn $PROXY_WRAP "$BIN" serve --config "$work/portcullis.yaml" 2>"$work/gate.log" & pids+=($!); GATE_PID=$!
wait_port "$BAREP"; wait_port "$GATE"

# Signs the bench user in once on the gate at port $1 as a person would (login page, password,
# enrolment with a computed code), with the cookie jar $2; sets token (the CSRF token) and
# session (the signed-in cookie value).
sign_in() {
  local base="http://127.0.0.1:$1/.portcullis" jar=$2 secret code
  c() { curl -s -b "$jar" -c "$jar" -H 'Host: bench.localhost' "$@"; }
  csrf() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1; }
  token=$(c "$base/login" | csrf)
  c -o /dev/null --data-urlencode "username=bench" --data-urlencode "password=$PASSWORD" --data-urlencode "csrf=$token" -d rd=/ "$base/login"
  secret=$(c "$base/enrol?rd=/" | sed -n 's/.*class="secret">\([^<]*\)<.*/\1/p' | tr -d ' ')
  code=$(python3 - "$secret" <<'PY'
import base64, hashlib, hmac, struct, sys, time
s = sys.argv[1]; key = base64.b32decode(s + "=" * (-len(s) % 8))
h = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))
PY
)
  c -o /dev/null --data-urlencode "code=$code" --data-urlencode "csrf=$token" -d rd=/ "$base/enrol"
  session=$(awk '$6 == "portcullis_session" { print $7 }' "$jar")
  [ -n "$session" ] || { echo "stack.sh: could not sign in on $1; see $work" >&2; cat "$work"/gate*.log >&2; exit 1; }
  [ "$(c -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/app")" = 200 ] || { echo "stack.sh: the session on $1 does not work" >&2; exit 1; }
}

# With STACK_POSTGRES=1, a second gate with the same config keeps its state in PostgreSQL (a
# schema of its own on PORTCULLIS_TEST_POSTGRES or the local server, dropped on exit), signed
# in as the first: GATE_PG, GATE_PG_PID, session_pg.
if [ -n "${STACK_POSTGRES:-}" ]; then
  PG_SERVER=${PORTCULLIS_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
  PG_SCHEMA="portcullis_bench_$$"
  psql "$PG_SERVER" -qc "CREATE SCHEMA $PG_SCHEMA"
  GATE_PG=$(free_port)
  for key in session storage; do head -c 32 /dev/urandom | base64 >"$work/$key.key"; done
  sed -e "s/^listen: .*/listen: 127.0.0.1:$GATE_PG/" -e "s|^data_dir: .*|data_dir: $work/data-pg|" "$work/portcullis.yaml" >"$work/portcullis-pg.yaml"
  cat >>"$work/portcullis-pg.yaml" <<YAML
secrets: { session_key_file: $work/session.key, storage_key_file: $work/storage.key }
store:
  postgres: { url: "$PG_SERVER?options=-csearch_path%3D$PG_SCHEMA", tls: disable }
YAML
  RUST_LOG=warn $PROXY_WRAP "$BIN" serve --config "$work/portcullis-pg.yaml" 2>"$work/gate-pg.log" & pids+=($!); GATE_PG_PID=$!
  wait_port "$GATE_PG"
  sign_in "$GATE_PG" "$work/jar-pg"
  session_pg=$session
fi

# With STACK_OPS=1, one more gate with the operations features on: metrics on an admin
# listener, the audit trail and the access log written to files, and a signed assertion on
# every signed-in request: GATE_OPS, GATE_OPS_PID, session_ops.
if [ -n "${STACK_OPS:-}" ]; then
  GATE_OPS=$(free_port)
  sed -e "s/^listen: .*/listen: 127.0.0.1:$GATE_OPS/" -e "s|^data_dir: .*|data_dir: $work/data-ops|" \
    -e "s|^    upstream: \(.*\)|    upstream: \1\n    assertion: { header: Portcullis-Assertion }|" \
    "$work/portcullis.yaml" >"$work/portcullis-ops.yaml"
  cat >>"$work/portcullis-ops.yaml" <<YAML
admin: { listen: 127.0.0.1:$(free_port) }
audit: { file: $work/audit.jsonl }
access_log: { file: $work/access.jsonl }
YAML
  RUST_LOG=warn $PROXY_WRAP "$BIN" serve --config "$work/portcullis-ops.yaml" 2>"$work/gate-ops.log" & pids+=($!); GATE_OPS_PID=$!
  wait_port "$GATE_OPS"
  sign_in "$GATE_OPS" "$work/jar-ops"
  session_ops=$session
fi

jar="$work/jar"
sign_in "$GATE" "$jar"
