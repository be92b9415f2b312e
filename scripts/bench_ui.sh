#!/usr/bin/env bash
# The interface half of the benchmark of docs/performance.md#targets, on the board that
# ../shared/bench/gen_big.py makes (100,000 strikes, 10,000 events, 1,000 issues):
#
# 1. the real binary in a pseudo-terminal (examples/first_frame.rs): spawn to
#    first frame, spawn to fully loaded, and a save of board.toml / issues.toml to
#    the change on screen while the 47 MB strikes file stays loaded — medians of
#    RUNS runs (default 5) after one warm-up run;
# 2. the criterion benchmarks of benches/render.rs: one frame per layout and size,
#    key presses and small-file updates — the median of each, from criterion's
#    own estimates. Set BENCH_UI_CRITERION=0 to skip them (they take minutes).
#
# Usage: scripts/bench_ui.sh [RUNS]        (from anywhere; runs at the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
board=${BENCH_BOARD:-target/bench-board}

if [ ! -f "$board/strikes.toml" ]; then
  echo "generating the benchmark board in $board ..." >&2
  python3 ../shared/bench/gen_big.py "$board"
fi
cargo build --release --quiet --bin sitboard --example first_frame

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "board: $board ($(du -sh "$board/strikes.toml" | cut -f1) strikes file)"
echo
target/release/examples/first_frame --runs "$runs" target/release/sitboard "$board"

if [ "${BENCH_UI_CRITERION:-1}" = 0 ]; then
  exit 0
fi
echo
echo "criterion (benches/render.rs), with the benchmark board loaded; running ..." >&2
# Short warm-up and measurement: enough samples for a stable median on these sizes.
started=$(date +%s)
log=target/bench_ui_criterion.log
if ! cargo bench --quiet --bench render -- --warm-up-time 1 --measurement-time 3 >"$log" 2>&1; then
  tail -20 "$log" >&2
  exit 1
fi
STARTED=$started python3 - <<'EOF'
import glob, json, os

# Only this run's results (criterion keeps those of earlier runs too).
started = int(os.environ["STARTED"])

def fmt(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"

rows = []
for path in sorted(glob.glob("target/criterion/*/*/*/new/estimates.json")
                   + glob.glob("target/criterion/*/*/new/estimates.json")):
    bench = os.path.join(os.path.dirname(path), "benchmark.json")
    if not os.path.exists(bench) or os.path.getmtime(path) < started:
        continue
    with open(bench) as f:
        name = json.load(f)["full_id"]
    with open(path) as f:
        est = json.load(f)
    rows.append((name, est["median"]["point_estimate"],
                 est["median"]["confidence_interval"]["lower_bound"],
                 est["median"]["confidence_interval"]["upper_bound"]))
order = ["frame/", "key/", "key_first_search/", "on_files"]

def sort_key(row):
    name = row[0]
    group = next((i for i, p in enumerate(order) if name.startswith(p)), 9)
    head, _, size = name.rpartition("/")
    width = int(size.split("x")[0]) if size.split("x")[0].isdigit() else 0
    return (group, head if width else name, width)

# docs/performance.md#targets: a frame at 200x60 under 2 ms; a key press answered within one frame
# (taken as one 60 Hz frame, 16.7 ms, for the key and the redraw it asks for).
def target(name):
    if name.startswith("frame/") and name.endswith("200x60"):
        return "< 2 ms"
    if name.startswith("key"):
        return "< 16.7 ms"
    if name.startswith("on_files"):
        return "(of 300 ms)"
    return ""

rows.sort(key=sort_key)
print("| %-56s | %10s | %23s | %-11s |" % ("criterion benchmark", "median", "95% interval", "target"))
print("|%s|%s|%s|%s|" % ("-" * 58, "-" * 12, "-" * 25, "-" * 13))
for name, med, lo, hi in rows:
    print("| %-56s | %10s | %23s | %-11s |" % (name, fmt(med), fmt(lo) + " – " + fmt(hi), target(name)))
EOF
