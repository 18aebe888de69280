#!/usr/bin/env bash
# Runs every test, after the habits (rustfmt, clippy with warnings as errors): unit tests,
# the integration tests (real gate binary, real upstream, real nginx), the architecture test
# (imports point down the layers), the criterion benchmarks in quick test mode,
# `portcullis check` on the example config, the pages in a real Chromium, each fuzz target
# for half a minute, and the load and instruction-count benchmarks in a smoke mode of a few
# seconds (a release build), only to prove they still run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets -- -D warnings
cargo build --locked --bins
./target/debug/portcullis check --config config/portcullis.yaml
cargo test --locked --all-targets
(cd tests/browser && npm ci --no-audit --no-fund --silent && node --test)
bash scripts/fuzz.sh 30
bash benches/load.sh --quick
bash benches/instructions.sh --quick
