#!/usr/bin/env bash
# Installs what building Portcullis needs and a fresh machine may lack: a Rust toolchain is
# assumed (https://rustup.rs); cmake and a C compiler (for pingora's zlib-ng) come from apt.
# With --tests, also what the tests run: Chromium and Node.js (browser tests), nginx (the
# forward-auth tests and the load benchmark), wrk and valgrind (the benchmarks' smoke runs),
# cargo-fuzz (the fuzz targets), and a running PostgreSQL on 127.0.0.1:5432.
set -euo pipefail

need=()
command -v cmake >/dev/null || need+=(cmake)
command -v cc >/dev/null || need+=(build-essential)
if [ "${1:-}" = "--tests" ]; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
  command -v wrk >/dev/null || need+=(wrk)
  command -v valgrind >/dev/null || need+=(valgrind)
  command -v node >/dev/null || need+=(nodejs npm)
fi
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust from https://rustup.rs" >&2; exit 1; }
if [ "${1:-}" = "--tests" ]; then
  command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --quiet
  bash "$(dirname "$0")/postgres.sh"
fi
