#!/usr/bin/env bash
# Load test of `claimwire serve`, on loopback only and bounded in count and time:
# CLIENTS concurrent clients (default 50) read story pages while the server ingests PAGES
# loopback pages (default 200) posted as one job. Prints p50/p90/p99/max latency, errors
# (must be 0) and the job's outcome (examples/bench_serve.rs).
#
#   scripts/bench-serve.sh [CLIENTS] [PAGES] [MAX_SECONDS]
#
# The store is the sample corpus (needs the shared seeds, ../shared or $CLAIMWIRE_SHARED),
# ingested into a temporary database; the release build, without the model (PROFILE=debug
# for a debug build; FEATURES=model to rate and dedup the ingest with the model).
set -euo pipefail
cd "$(dirname "$0")/.."

clients="${1:-50}"
pages="${2:-200}"
max_seconds="${3:-300}"
shared="${CLAIMWIRE_SHARED:-../shared}"
profile="${PROFILE:-release}"
features=()
[ -n "${FEATURES:-}" ] && features=(--features "$FEATURES")
flag=(--release)
[ "$profile" = debug ] && flag=()

cargo build "${flag[@]}" "${features[@]}" --bin claimwire --example bench_serve
bin="target/$profile/claimwire"
bench="target/$profile/examples/bench_serve"

tmp="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" corpus --seeds "$shared/seeds" --out "$tmp/pages" >/dev/null
"$bin" --db "$tmp/bench.db" ingest "$tmp"/pages/*.html >/dev/null
stories="$("$bin" --db "$tmp/bench.db" stories --format csv | tail -n +2 | cut -d, -f1 | paste -sd, -)"

"$bin" --db "$tmp/bench.db" serve --addr 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$tmp/serve.out" 2>/dev/null && break
  sleep 0.1
done
base="$(sed -n 's/^listening on //p' "$tmp/serve.out" | head -n 1)"
[ -n "$base" ] || { echo "error: claimwire serve did not start:" >&2; cat "$tmp/serve.err" >&2; exit 1; }
echo "server $base ($profile build), store: the sample corpus (stories $stories)"

"$bench" --base "$base" --stories "$stories" --clients "$clients" --pages "$pages" \
  --max-seconds "$max_seconds"
