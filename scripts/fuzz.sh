#!/usr/bin/env bash
# Runs each fuzz target (fuzz/fuzz_targets) for a bounded time, starting from the seed corpus
# in fuzz/corpus: `scripts/fuzz.sh [SECONDS]` (default 60 each). cargo-fuzz on the stable
# toolchain, without a sanitizer (-s none: Rust's own checks and the targets' assertions),
# unoptimised with overflow checks (--dev: it builds in half the time of a release build,
# which matters more for a run of a minute than the speed of each try). A crash or a failed
# assertion stops it with the input that did it; what the run finds is kept in a temporary
# corpus, not in the repository. For a long run: cargo fuzz run -s none TARGET.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --quiet
cargo fuzz build -s none --dev
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for target in $(cargo fuzz list); do
  mkdir -p "$work/$target"
  echo "fuzz: $target for ${seconds}s" >&2
  if ! cargo fuzz run -s none --dev "$target" "$work/$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 >"$work/$target.log" 2>&1; then
    cat "$work/$target.log" >&2
    echo "fuzz: $target failed; the input is in fuzz/artifacts/$target" >&2
    exit 1
  fi
  grep -E "^(Done|stat::average_exec_per_sec)" "$work/$target.log" >&2
done
