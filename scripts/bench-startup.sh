#!/usr/bin/env bash
# Start-up of the commands that need no model, in the release build with the model (the one
# the quick start makes): median wall time and peak memory over N runs each, measured from
# Python (perf_counter around the process, ru_maxrss of the child), beside claimwire-model
# running the same command (what every command cost before the model was loaded on demand).
#
#   bash scripts/bench-startup.sh [RUNS]      # default 15
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-15}"
eval "$(bash scripts/setup-model.sh --env)"
cargo build --release --locked --features model >&2
bin="$PWD/target/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r corpus "$work/"
(cd "$work" && "$bin/claimwire" --no-model demo >/dev/null)
python3 - "$bin" "$work" "$runs" <<'PY'
import os, resource, statistics, subprocess, sys, time
bin, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
cmds = [["--help"], ["claims"], ["stories"], ["show", "1"], ["export"]]
def measure(exe, args):
    times, peaks = [], []
    for _ in range(runs):
        t = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os.chdir(work)
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
            os.execv(exe, [exe] + args)
        _, status, usage = os.wait4(pid, 0)
        times.append((time.perf_counter() - t) * 1000)
        peaks.append(usage.ru_maxrss / 1024)
        assert os.waitstatus_to_exitcode(status) == 0, (exe, args)
    return statistics.median(times), statistics.median(peaks)
print(f"{'command':<12} {'claimwire ms':>13} {'MB':>6}   {'claimwire-model ms':>19} {'MB':>6}")
for args in cmds:
    a = measure(f"{bin}/claimwire", args)
    b = measure(f"{bin}/claimwire-model", args)
    print(f"{' '.join(args):<12} {a[0]:>13.1f} {a[1]:>6.1f}   {b[0]:>19.1f} {b[1]:>6.1f}")
PY
