#!/usr/bin/env bash
# Runs every test: unit tests, the integration tests (real gate binary, real upstream),
# the benchmarks in quick test mode, `portcullis check` on the example config, and the
# pages in a real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
cargo build --locked --bins
./target/debug/portcullis check --config config/portcullis.yaml
cargo test --locked --all-targets
(cd tests/browser && npm ci --no-audit --no-fund --silent && node --test)
