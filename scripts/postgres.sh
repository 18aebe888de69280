#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 for the tests: installs Debian's
# `postgresql` when there is none, starts its cluster when it is stopped, and lets the local
# superuser `postgres` in without a password over TCP from this host only (trust on
# 127.0.0.1, as on CI). Does nothing when a server already answers.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
command -v pg_isready >/dev/null && ready && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  echo "setup: installing postgresql" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi
version="$(ls /etc/postgresql | sort -V | tail -n 1)"
hba="/etc/postgresql/$version/main/pg_hba.conf"
if ! $sudo grep -q "^host all all 127.0.0.1/32 trust" "$hba"; then
  echo "host all all 127.0.0.1/32 trust" | $sudo tee "/tmp/pg_hba.$$" >/dev/null
  $sudo sh -c "cat '$hba' >> '/tmp/pg_hba.$$' && cp '/tmp/pg_hba.$$' '$hba' && rm '/tmp/pg_hba.$$'"
fi
$sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || $sudo pg_ctlcluster --skip-systemctl-redirect "$version" main reload
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
echo "setup: PostgreSQL did not start on 127.0.0.1:5432" >&2
exit 1
