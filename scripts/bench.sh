#!/usr/bin/env bash
# The repeatable benchmark of docs/performance.md#targets: generates the benchmark board with
# ../shared/bench/gen_big.py, then times `sitboard check` on it and a plain
# `toml::from_str` of its strikes file (examples/toml_baseline.rs) in the same run,
# each RUNS times (default 5), and prints a table of medians: wall time and peak
# memory (maximum resident set size) from /usr/bin/time -v.
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

# measure NAME CMD...: runs CMD $runs times; prints "NAME median_s median_MB"
measure() {
  local name=$1; shift
  local times=() mems=()
  for _ in $(seq "$runs"); do
    local out
    # The command's own output is discarded; /usr/bin/time -v reports on stderr.
    # (`check` exits 1 if the board has errors; the time is still reported.)
    out=$(/usr/bin/time -v "$@" 2>&1 >/dev/null | grep -E 'Elapsed|Maximum resident') || true
    local wall mem
    wall=$(printf '%s\n' "$out" | awk -F': ' '/Elapsed \(wall clock\)/ {print $2}')
    mem=$(printf '%s\n' "$out" | awk -F': ' '/Maximum resident set size/ {print $2}')
    times+=("$(printf '%s' "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')")
    mems+=("$mem")
  done
  local mt mm
  mt=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mm=$(printf '%s\n' "${mems[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '| %-46s | %8.3f s | %8.1f MB |\n' "$name" "$mt" "$(awk -v k="$mm" 'BEGIN {print k/1024}')"
}

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
