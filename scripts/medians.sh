# Shared by the benchmark scripts (source it; `runs` must be set): runs a
# command `runs` times under /usr/bin/time and takes medians of its wall time
# and peak memory. The command's own output is discarded; a failing exit (e.g.
# `check` on a board with errors) still counts, its time is what is measured.

# median_run CMD...: prints "median_seconds median_peak_kib"
median_run() {
  local times=() mems=() out
  for _ in $(seq "$runs"); do
    out=$(/usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1) || true
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
