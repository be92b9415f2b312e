# Shared by the benchmark scripts (source it; `runs` must be set): runs a
# command `runs` times and takes medians of its wall time and peak memory.
# Each run is timed to the millisecond (a monotonic clock around the spawn
# and wait; /usr/bin/time's %e has only hundredths of a second, 6% of a
# 0.17 s run) and its peak is the maximum resident set size the kernel
# reports when it ends (what /usr/bin/time's %M reads). The command's own
# output is discarded; a failing exit (e.g. `check` on a board with errors)
# still counts, its time is what is measured.

# run_once CMD...: prints "seconds peak_kib" of one run
run_once() {
  python3 - "$@" <<'EOF_PY'
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, _, usage = os.wait4(child.pid, 0)
print(f"{time.perf_counter() - start:.4f} {usage.ru_maxrss}")
EOF_PY
}

# median_run CMD...: prints "median_seconds median_peak_kib"
median_run() {
  local times=() mems=() out
  for _ in $(seq "$runs"); do
    out=$(run_once "$@")
    times+=("${out% *}")
    mems+=("${out#* }")
  done
  printf '%s %s\n' \
    "$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
    "$(printf '%s\n' "${mems[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
}

# measure NAME CMD...: prints a table row "| NAME | median s | median MB |"
measure() {
  local name=$1 mt mm
  shift
  read -r mt mm < <(median_run "$@")
  printf '| %-46s | %8.3f s | %8.1f MB |\n' "$name" "$mt" "$(awk -v k="$mm" 'BEGIN {print k/1024}')"
}
