#!/usr/bin/env bash
# Peak memory of one ingest batch of N URLs over loopback: scripts/bench-batch-memory.sh N
# Writes N small article pages of our own (no third-party text) into a temporary folder,
# serves them with Python's http.server on 127.0.0.1, ingests the list with the release
# build into a fresh database and prints the wall time and peak RSS (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
bin=target/release/claimwire
[ -x "$bin" ] || cargo build --release
tmp="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT
python3 - "$tmp" "$n" <<'PY'
import os, sys
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(os.path.join(out, "p"))
words = "harbour ledger quarry beacon willow ember cobalt summit meadow orchid falcon granite".split()
for i in range(n):
    w = [words[(i * 7 + k * 3) % len(words)] for k in range(12)]
    body = (f"<p>The {w[0]} {w[1]} fund said on day {i} that it bought {i % 97 + 3} bitcoin, as "
            f"traders in {w[2]} and {w[3]} markets watched prices near ${80000 + i:,}.</p>"
            f"<p>Ether slipped {i % 9 + 1}.{i % 10}% to ${2000 + i % 500:,} while the {w[4]} "
            f"{w[5]} index rose {i % 7 + 1}% and analysts at {w[6].title()} {w[7].title()} "
            f"said demand from pension clients had steadied after a volatile month.</p>"
            f"<p>The {w[8]} desk now manages about ${i % 50 + 1}.{i % 10} billion in client assets "
            f"across {i % 6 + 2} strategies, according to filing {i} seen by {w[9]} reporters.</p>")
    page = (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{w[0].title()} "
            f"{w[1]} fund adds bitcoin on day {i}</title></head><body><article><h1>{w[0].title()} "
            f"{w[1]} fund adds bitcoin on day {i}</h1>{body}</article></body></html>")
    with open(os.path.join(out, "p", f"{i}.html"), "w") as f:
        f.write(page)
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 "$port" --directory "$tmp" >/dev/null 2>&1 &
server=$!
sleep 1
seq 0 $((n - 1)) | sed "s|^|http://127.0.0.1:$port/p/|; s|$|.html|" > "$tmp/urls.txt"
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$bin" --db "$tmp/batch.db" ingest --from "$tmp/urls.txt" \
  --ignore-robots --per-host 8 2>&1 >"$tmp/out.txt" | tail -1
tail -1 "$tmp/out.txt"
