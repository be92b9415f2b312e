#!/usr/bin/env bash
# History benchmarks (docs/performance.md#history-benchmarks): the benchmark board
# committed to a git repository with 1,000 small commits on top (made with
# `git fast-import`: each changes one issue of a small file, every tenth adds a
# strike to another small file), then
#   - `sitboard brief --since HEAD~1000` on it, timed RUNS times (median, peak RSS);
#   - examples/history_step.rs: one step of the history view ([ / ]) between
#     commits already visited, timed in-process.
#
# Usage: scripts/bench_history.sh [RUNS]   (from the repository root; bench.sh calls it)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
board=${BENCH_BOARD:-target/bench-board}
repo=${BENCH_HISTORY:-target/bench-history}
now=2026-02-01T00:00:00Z

if [ ! -f "$board/strikes.toml" ]; then
  echo "generating the benchmark board in $board ..." >&2
  python3 ../shared/bench/gen_big.py "$board"
fi
if [ ! -f "$repo/.done" ]; then
  echo "making the history repository in $repo (1,000 commits) ..." >&2
  rm -rf "$repo"
  mkdir -p "$repo/data"
  cp "$board"/*.toml "$repo/data/"
  (
    cd "$repo"
    export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
    git init -q -b main
    git add -A
    GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=b@example.org GIT_COMMITTER_NAME=Bench \
      GIT_COMMITTER_EMAIL=b@example.org GIT_AUTHOR_DATE=2026-01-30T00:00:00Z \
      GIT_COMMITTER_DATE=2026-01-30T00:00:00Z git commit -q -m "Benchmark board"
    python3 - <<'PY' | git fast-import --quiet
import sys
STATUS = ["open", "negotiating", "near-agreement", "deadlocked", "agreed", "shelved"]
w = sys.stdout.write
base = 1769731200  # 2026-01-30T00:00:00Z
strikes = []
for n in range(1, 1001):
    t = base + n * 60
    issues = "".join(
        f'[[issue]]\nid = "U-{k:02d}"\ntitle = "Update issue {k}"\nstatus = "{STATUS[(n + k) % 6]}"\n'
        f'priority = "high"\nprogress = {(n * 7 + k) % 101}\n\n'
        for k in range(10))
    files = [("data/updates.toml", issues)]
    if n % 10 == 0:
        strikes.append(f'[[strike]]\nid = "L-{n:04d}"\ntime = 2026-01-30T12:00:00Z\n'
                       f'oblast = "Kyiv"\ntarget = "substation"\noutage_customers = {n * 10}\n\n')
        files.append(("data/late.toml", "".join(strikes)))
    msg = f"Update {n}\n"
    w(f"commit refs/heads/main\ncommitter Bench <b@example.org> {t} +0000\n")
    w(f"data {len(msg.encode())}\n{msg}")
    if n == 1:
        w("from refs/heads/main^0\n")
    for path, text in files:
        data = text.encode()
        w(f"M 100644 inline {path}\ndata {len(data)}\n")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        w("\n")
PY
    git reset -q --hard main
  )
  touch "$repo/.done"
fi
cargo build --release --quiet --bin sitboard --example history_step
bin=target/release/sitboard
# shellcheck source=scripts/medians.sh
. scripts/medians.sh

echo
echo "history: $repo ($(git -C "$repo" rev-list --count HEAD) commits)"
echo
printf '| %-46s | %10s | %11s |\n' "command" "wall" "peak RSS"
printf '|%s|%s|%s|\n' "------------------------------------------------" "------------" "-------------"
measure "sitboard brief --since HEAD~1000" "$bin" brief --now "$now" --since HEAD~1000 "$repo/data"
measure "sitboard brief --since HEAD~1000 --format json" "$bin" brief --now "$now" --since HEAD~1000 --format json "$repo/data"
measure "sitboard brief --at HEAD~500" "$bin" brief --now "$now" --at HEAD~500 "$repo/data"
measure "sitboard check (the same board, for reference)" "$bin" check --now "$now" "$repo/data"
echo
target/release/examples/history_step --now "$now" "$repo/data"
