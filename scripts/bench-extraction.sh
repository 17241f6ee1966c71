#!/usr/bin/env bash
# Speed of claimwire's HTML reader against trafilatura and against a bare html5ever parse,
# on the same pages, on one core.
#
#   scripts/bench-extraction.sh [DIR] [REPS]
#
# DIR holds `*.html.gz` / `*.html` pages (default: the ScrapingHub benchmark's 181 pages under
# $CLAIMWIRE_SHARED or ../shared). They are decompressed once to a temporary folder; every
# contender then reads the same bytes from memory and only the extraction is timed. REPS
# (default 5 for claimwire and the parse, 3 for trafilatura) rounds over all pages; the
# median round is reported, by CPU time (robust on a shared machine: other processes' time on
# the core is not counted) and by wall time. trafilatura comes from PyPI into a project-local virtualenv under
# .cache/ (git-ignored), installed on first use. Set CORE to pin another core (default 0).
set -euo pipefail
cd "$(dirname "$0")/.."

shared="${CLAIMWIRE_SHARED:-../shared}"
src="${1:-$shared/eval/extraction/scrapinghub/html}"
reps="${2:-5}"
py_reps="${PY_REPS:-3}"
core="${CORE:-0}"
[ -d "$src" ] || { echo "error: no page folder at $src" >&2; exit 1; }

pin=()
if command -v taskset >/dev/null; then
  pin=(taskset -c "$core")
else
  echo "warning: taskset not found, not pinning to one core" >&2
fi

venv=.cache/bench-venv
if ! "$venv/bin/python" -c 'import trafilatura' 2>/dev/null; then
  echo "== installing trafilatura into $venv" >&2
  python3 -m venv "$venv"
  # justext (a trafilatura dependency) imports lxml.html.clean, now its own package.
  "$venv/bin/pip" install --quiet --disable-pip-version-check trafilatura lxml_html_clean
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for f in "$src"/*.html.gz; do
  [ -e "$f" ] || continue
  gzip -dc "$f" >"$tmp/$(basename "$f" .gz)"
done
for f in "$src"/*.html; do
  [ -e "$f" ] || continue
  cp "$f" "$tmp/"
done
n="$(find "$tmp" -name '*.html' | wc -l)"
echo "== $n pages decompressed to $tmp; pinned: ${pin[*]:-no}" >&2

echo "== building the release example" >&2
cargo build --release --quiet --example bench_extract
rust_out="$("${pin[@]}" target/release/examples/bench_extract "$tmp" --reps "$reps")"
echo "$rust_out" >&2
parse="$(awk '/^parse_pages_per_sec/ {print $2, $4}' <<<"$rust_out")"
read_="$(awk '/^read_pages_per_sec/ {print $2, $4}' <<<"$rust_out")"

echo "== trafilatura $("$venv/bin/python" -c 'import trafilatura; print(trafilatura.__version__)')" >&2
traf="$("${pin[@]}" "$venv/bin/python" - "$tmp" "$py_reps" <<'PY'
import os, sys, time, statistics
from trafilatura import extract
d, reps = sys.argv[1], int(sys.argv[2])
pages = []
for name in sorted(os.listdir(d)):
    if name.endswith(".html"):
        with open(os.path.join(d, name), "rb") as f:
            pages.append(f.read().decode("utf-8", errors="replace"))
extract(pages[0])  # warm-up: imports and lazy initialisation
cpu, wall = [], []
for _ in range(reps):
    t, c = time.perf_counter(), time.process_time()
    for p in pages:
        extract(p)
    cpu.append(len(pages) / (time.process_time() - c))
    wall.append(len(pages) / (time.perf_counter() - t))
print(f"{statistics.median(cpu):.1f} {statistics.median(wall):.1f}")
PY
)"

# Each of traf, read_, parse is "CPU-TIME-RATE WALL-RATE".
awk -v t="$traf" -v r="$read_" -v p="$parse" -v n="$n" 'BEGIN {
  split(t, T, " "); split(r, R, " "); split(p, P, " ")
  printf "\n%-36s %12s %12s\n", "one core, " n " pages, median round", "pages/s cpu", "pages/s wall"
  printf "%-36s %12.1f %12.1f\n", "trafilatura extract()", T[1], T[2]
  printf "%-36s %12.1f %12.1f\n", "claimwire read_html", R[1], R[2]
  printf "%-36s %12.1f %12.1f\n", "bare parse (scraper/html5ever)", P[1], P[2]
  printf "%-36s %11.1fx %11.1fx\n", "claimwire / trafilatura (speed)", R[1] / T[1], R[2] / T[2]
  printf "%-36s %11.2fx %11.2fx\n", "claimwire / bare parse (time)", P[1] / R[1], P[2] / R[2]
}'
