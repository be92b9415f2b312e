#!/usr/bin/env bash
# Write-to-screen latency of live reload (issue 4), per way of saving: the e2e
# tests in tests/e2e_reload.rs run the release binary in a 120x40 pty, change
# files underneath it and time each change from just before the write to the
# screen showing it; this prints their figures (median, worst, each save).
# Includes the ignored test with 100,000 strikes loaded beside the small file
# that changes (needs python3 for ../shared/bench/gen_big.py).
#
# Usage: scripts/measure_reload.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --test e2e_reload -- --include-ignored --nocapture --test-threads=1 2>&1 |
  grep -E "write-to-screen|big board|during the load|test result" |
  sed -E 's/^test [a-z_]+ \.\.\. //'
