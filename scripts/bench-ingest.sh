#!/usr/bin/env bash
# End-to-end ingest benchmark: N pages over loopback HTTP through the whole pipeline of the
# model build (claimwire hands `ingest` to claimwire-model), default options, a fresh
# database per N.
#
#   scripts/bench-ingest.sh [N...]        (default: 200 2000)
#
# Pages: the shared extraction sets ($CLAIMWIRE_SHARED or ../shared):
# eval/extraction/scrapinghub/html (181), eval/extraction/wcxb-dev/html (813) and
# eval/extraction/crypto (3) .html.gz, M = 997 unique pages, served from memory as gzip by
# examples/bench_ingest_server.rs on 127.0.0.1 (bounded in time; stopped on exit). URL i
# serves page i mod M, in a fixed mix of the sets (ordered by the SHA-256 of the file name).
# So for N > M the pages are served AGAIN under new URLs: those sources end as
# `already_stored` (the same main text, found by its hash) and exercise the copy path; the
# output says how many. Nothing is fetched from elsewhere and no page text is written to
# the repository (the databases live in a temporary folder, deleted on exit).
#
# Measured per N: wall time of the ingest process (model loading included) and of the batch
# alone, stored articles per second and all pages per second, peak RSS (/usr/bin/time -v),
# and `ingest --stage-times`: CPU time per stage (src/stage_times.rs says how each is
# measured). Store growth: each source's store and dedup CPU (its --json record), the first
# window of stored articles against the last (and the same for the copies), and
# EXPLAIN QUERY PLAN of every lookup an ingest makes per article, on the filled database.
#
# Needs the model runtime (scripts/setup-model.sh; set CLAIMWIRE_MODEL_CACHE to reuse one
# elsewhere) and builds the release binaries first (NO_BUILD=1 skips that). Extra ingest
# flags: INGEST_FLAGS="--no-model" (then the default build's rating and dedup) and so on.
set -euo pipefail
cd "$(dirname "$0")/.."

shared="${CLAIMWIRE_SHARED:-../shared}"
ns=("$@")
[ ${#ns[@]} -gt 0 ] || ns=(200 2000)
read -r -a extra <<<"${INGEST_FLAGS:-}"

eval "$(bash scripts/setup-model.sh --env)"
if [ -z "${NO_BUILD:-}" ]; then
  cargo build --release --locked --quiet --bin claimwire --example bench_ingest_server
  cargo build --release --locked --quiet --features model --bin claimwire-model
fi
bin=target/release/claimwire
server_bin=target/release/examples/bench_ingest_server
for b in "$bin" target/release/claimwire-model "$server_bin"; do
  [ -x "$b" ] || { echo "error: $b is missing (run without NO_BUILD)" >&2; exit 1; }
done

tmp="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

"$server_bin" --shared "$shared" --max-seconds 7200 >"$tmp/server.out" 2>"$tmp/server.err" &
server=$!
for _ in $(seq 1 200); do
  grep -q '^pages ' "$tmp/server.out" 2>/dev/null && break
  sleep 0.1
done
base="$(sed -n 's/^listening on //p' "$tmp/server.out")"
unique="$(sed -n 's/^pages //p' "$tmp/server.out")"
[ -n "$base" ] && [ -n "$unique" ] || {
  echo "error: the page server did not start:" >&2
  cat "$tmp/server.err" >&2
  exit 1
}
echo "page server $base: $unique unique pages from $shared/eval/extraction"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

for n in "${ns[@]}"; do
  db="$tmp/ingest-$n.db"
  seq 0 $((n - 1)) | sed "s|^|$base/p/|" >"$tmp/urls-$n.txt"
  set +e
  /usr/bin/time -v -o "$tmp/time-$n.txt" "$bin" --db "$db" "${extra[@]}" ingest \
    --from "$tmp/urls-$n.txt" --json --stage-times >"$tmp/out-$n.ndjson" 2>"$tmp/err-$n.txt"
  code=$?
  set -e
  if [ "$code" -ne 0 ] && [ "$code" -ne 3 ]; then
    echo "error: ingest of N=$n exited $code:" >&2
    tail -20 "$tmp/err-$n.txt" >&2
    exit 1
  fi
  python3 scripts/bench-ingest-report.py "$n" "$unique" "$tmp/out-$n.ndjson" \
    "$tmp/time-$n.txt" "$db"
done
