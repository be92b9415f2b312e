#!/usr/bin/env bash
# The loader's lean table (docs/performance.md#lean-at-a-million), every row
# in one run and side by side with a plain `toml::from_str` of the same strikes
# file (examples/toml_baseline.rs), medians of RUNS runs (default 5):
#
#   1. `sitboard check` on the benchmark board: wall time, and as a share of
#      the plain toml parse measured in the same run;
#   2. the peak memory of that `check` (maximum resident set size);
#   3. the board's resident memory with that board loaded (VmRSS once the
#      load has settled, in a pseudo-terminal: examples/first_frame.rs);
#   4. 1,000,000 strikes in ten files (the benchmark strikes file copied ten
#      times, its ids renamed per copy): `check` wall time and peak memory;
#   5. the interface thread's work when a small file changes beside 100,000
#      strikes (criterion, benches/render.rs `on_files_with_100k_strikes`).
#
# Usage: scripts/bench_lean.sh [RUNS]        (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
board=${BENCH_BOARD:-target/bench-board}
million=target/bench-million

if [ ! -f "$board/strikes.toml" ]; then
  echo "generating the benchmark board in $board ..." >&2
  python3 ../shared/bench/gen_big.py "$board"
fi
if [ ! -f "$million/strikes-9.toml" ]; then
  echo "making 1,000,000 strikes in ten files in $million ..." >&2
  mkdir -p "$million"
  cp "$board/board.toml" "$million/"
  for k in 0 1 2 3 4 5 6 7 8 9; do
    sed "s/^id = \"S-/id = \"S${k}-/" "$board/strikes.toml" >"$million/strikes-$k.toml"
  done
fi
cargo build --release --quiet --bin sitboard --example toml_baseline --example first_frame
bin=target/release/sitboard
baseline=target/release/examples/toml_baseline
now=2026-02-01T00:00:00Z

# shellcheck source=scripts/medians.sh
. scripts/medians.sh

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "board: $board ($(du -sh "$board/strikes.toml" | cut -f1) strikes file); runs: $runs (medians)"
echo

# Warm the page cache.
cat "$board"/*.toml "$million"/*.toml >/dev/null

read -r base_s base_kib < <(median_run "$baseline" "$board/strikes.toml")
read -r check_s check_kib < <(median_run "$bin" check --now "$now" "$board")
read -r mill_s mill_kib < <(median_run "$bin" check --now "$now" "$million")

resident=$(target/release/examples/first_frame --runs "$runs" "$bin" "$board" \
  | awk -F'|' '/resident memory, board loaded/ {gsub(/ /, "", $3); print $3}')

criterion_log=target/bench_lean_criterion.log
started=$(date +%s)
if ! cargo bench --quiet --bench render -- on_files_with_100k_strikes \
  --warm-up-time 1 --measurement-time 3 >"$criterion_log" 2>&1; then
  tail -20 "$criterion_log" >&2
  exit 1
fi
on_files=$(STARTED=$started python3 - <<'EOF'
import glob, json, os
started = int(os.environ["STARTED"])
rows = []
for path in sorted(glob.glob("target/criterion/on_files_with_100k_strikes/*/new/estimates.json")):
    if os.path.getmtime(path) < started:
        continue
    with open(path) as f:
        median = json.load(f)["median"]["point_estimate"]
    name = path.split("/")[-3].replace("_merged_by_", ", merged by ")
    rows.append(f"{name}: {median / 1e6:.1f} ms")
print("; ".join(rows))
EOF
)

ratio=$(awk -v a="$check_s" -v b="$base_s" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "?" }')
secs() { awk -v s="$1" 'BEGIN { printf "%.3f s", s }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }

echo "| measure | this run | target |"
echo "|---|---|---|"
echo "| plain \`toml::from_str\` of strikes.toml (baseline) | $(secs "$base_s"), $(mb "$base_kib") | — |"
echo "| \`check\`, benchmark board (100k strikes, 47 MB) | $(secs "$check_s") = ${ratio} of plain toml | ≤ 0.15 of plain toml |"
echo "| peak memory of that \`check\` | $(mb "$check_kib") | ≤ 100 MB |"
echo "| the board's resident memory with that board loaded | ${resident:-?} | ≤ 80 MB |"
echo "| 1,000,000 strikes in ten files (\`check\`) | $(secs "$mill_s"), $(mb "$mill_kib") | ≤ 1.5 s, ≤ 500 MB |"
echo "| interface thread, small file changed beside 100k strikes (criterion medians) | ${on_files} | ≤ 8 ms |"
