#!/usr/bin/env bash
# Runs every test: unit tests, the integration tests (real gate binary, real upstream),
# the benchmarks in quick test mode, and `portcullis check` on the example config.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --locked --bins
./target/debug/portcullis check --config config/portcullis.yaml
cargo test --locked --all-targets
