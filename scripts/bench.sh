#!/usr/bin/env bash
# The repeatable benchmark of docs/performance.md#targets: generates the benchmark board with
# ../shared/bench/gen_big.py, then times `sitboard check` on it and a plain
# `toml::from_str` of its strikes file (examples/toml_baseline.rs) in the same run,
# each RUNS times (default 5), and prints a table of medians: wall time and peak
# memory (maximum resident set size), as scripts/medians.sh measures them.
#
# Usage: scripts/bench.sh [RUNS]        (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
board=${BENCH_BOARD:-target/bench-board}

if [ ! -f "$board/strikes.toml" ]; then
  echo "generating the benchmark board in $board ..." >&2
  python3 ../shared/bench/gen_big.py "$board"
fi
cargo build --release --quiet --bin sitboard --example toml_baseline
bin=target/release/sitboard
baseline=target/release/examples/toml_baseline

# shellcheck source=scripts/medians.sh
. scripts/medians.sh

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); runs: $runs (medians)"
echo "board: $board ($(du -sh "$board/strikes.toml" | cut -f1) strikes file)"
echo
printf '| %-46s | %10s | %11s |\n' "command" "wall" "peak RSS"
printf '|%s|%s|%s|\n' "------------------------------------------------" "------------" "-------------"
measure "sitboard check (whole board)" "$bin" check --now 2026-02-01T00:00:00Z "$board"
measure "sitboard check strikes.toml only" "$bin" check --now 2026-02-01T00:00:00Z "$board/strikes.toml"
measure "baseline: toml::from_str of strikes.toml" "$baseline" "$board/strikes.toml"

# History: brief --since HEAD~1000 on the board with 1,000 commits on top, and
# one step of the history view (scripts/bench_history.sh).
scripts/bench_history.sh "$runs"

# The interface timings in the same run: first frame, full load and a small
# change on screen in a pty, and the criterion render benchmarks (scripts/bench_ui.sh).
scripts/bench_ui.sh "$runs"
