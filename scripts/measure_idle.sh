#!/usr/bin/env bash
# What an idle board costs on a shared server (issue 5): CPU time (% of one
# core, from utime+stime in /proc/PID/stat) and bytes written to the terminal,
# over SECONDS of idling in a COLSxROWS pseudo-terminal, after a warm-up that
# lets the first load finish. Nothing is typed and no file changes meanwhile.
#
# Usage: scripts/measure_idle.sh [SECONDS] [COLS] [ROWS] [-- SITBOARD ARGS...]
#   scripts/measure_idle.sh                   # 60 s, 200x50, the example board (its clock runs)
#   scripts/measure_idle.sh 60 200 50 -- ../shared/bench/big   # a data directory, real clock
#   scripts/measure_idle.sh 60 200 50 -- --now 2026-01-21T12:00:00Z DIR   # frozen clock
#
# Uses the release binary (built first). Prints one line of figures.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
cols=${2:-200}
rows=${3:-50}
shift $(( $# < 3 ? $# : 3 ))
[[ ${1:-} == "--" ]] && shift

cargo build --release --quiet
exec python3 - "$seconds" "$cols" "$rows" target/release/sitboard "$@" <<'PY'
import fcntl, os, select, struct, sys, termios, time

seconds, cols, rows = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
argv = sys.argv[4:]
WARM_UP = 3.0

master, slave = os.openpty()
# The size is set before the program starts, so its first frame is already right.
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
pid = os.fork()
if pid == 0:
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.close(master)
    os.close(slave)
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
    env.pop("NO_COLOR", None)
    os.execve(argv[0], argv, env)
os.close(slave)

def cpu_ticks():
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])

def drain(until):
    total = 0
    while True:
        left = until - time.monotonic()
        if left <= 0:
            return total
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return total
            if not chunk:
                return total
            total += len(chunk)

first = drain(time.monotonic() + WARM_UP)
ticks0, t0 = cpu_ticks(), time.monotonic()
idle_bytes = drain(t0 + seconds)
ticks1, t1 = cpu_ticks(), time.monotonic()
os.kill(pid, 15)
os.waitpid(pid, 0)

hz = os.sysconf("SC_CLK_TCK")
cpu = (ticks1 - ticks0) / hz
elapsed = t1 - t0
print(
    f"idle {elapsed:.0f} s at {cols}x{rows} ({' '.join(argv[1:]) or 'example board'}): "
    f"CPU {cpu:.2f} s = {100 * cpu / elapsed:.3f} % of one core; "
    f"{idle_bytes} bytes written ({idle_bytes * 60 / elapsed:.0f} bytes/min); "
    f"first frame + warm-up: {first} bytes"
)
PY
