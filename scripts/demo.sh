#!/usr/bin/env bash
# Builds Portcullis and runs it in front of the bundled demo app with a demo user.
# Everything it writes goes to ./demo-data; delete that folder to start over.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec cargo run --release --locked -- demo "$@"
