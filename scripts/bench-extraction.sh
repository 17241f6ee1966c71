#!/usr/bin/env bash
# Speed of claimwire's HTML reader against rs-trafilatura, trafilatura and a bare html5ever
# parse, on the same pages, on one core.
#
#   scripts/bench-extraction.sh [DIR] [ROUNDS]
#
# DIR holds `*.html.gz` / `*.html` pages (default: the ScrapingHub benchmark's 181 pages under
# $CLAIMWIRE_SHARED or ../shared); a `ground-truth.json` beside DIR gives each page's URL. Every
# contender gets each page's raw bytes and URL, loaded (and gunzipped) before timing, and
# timed per round over all pages:
#
#   read         claimwire reading a fetched page: `fetch::decode_checked` (bytes to text,
#                as the HTTP fetcher does) + `page::read_html(text, url)`: main text and
#                metadata (examples/bench_extract.rs).
#   parse        the floor: bytes to text (from_utf8_lossy) + scraper::Html::parse_document.
#   rs_traf      rs-trafilatura (the Rust port on crates.io, version pinned by
#                bench-peers/rs-trafilatura/Cargo.lock), its main call with the page's URL:
#                `extract_bytes_with_options(bytes, &Options { url, ..Options::default() })`:
#                it decodes the bytes itself and always returns the main text and the
#                metadata (title, author, date, ...; it has no switch to skip them), so this
#                is the like of `read`. Its own small project, built release like the
#                example, not a dependency of claimwire (bench-peers/rs-trafilatura/).
#   traf_text    trafilatura `extract(bytes, url=url, include_comments=False)`: the call
#                trafilatura's own run of this benchmark makes (F1 0.958 published), main
#                text only; trafilatura decodes the bytes itself.
#   traf_meta    the same with `with_metadata=True`: text and metadata, like claimwire.
#
# trafilatura's defaults are otherwise untouched (full cascade: its extractor, then the
# readability/justext comparison and fallbacks; `fast` is off). It comes from PyPI into a
# project-local virtualenv under .cache/ (git-ignored), with lxml_html_clean (justext imports
# lxml.html.clean, no longer part of lxml), installed on first use. Before timing, one warm-up
# round of each contender; trafilatura's and rs-trafilatura's warm-up outputs are scored
# against the ground truth with the benchmark's shingle metric (shown as `# trafilatura ...`,
# `# rs-trafilatura ...`), a check that they really extract the bodies. After the timing,
# `claimwire eval extraction` scores claimwire's reading and, through `--predictions`,
# rs-trafilatura's outputs, side by side.
#
# Rounds (default 7) are interleaved, order alternating each round: parse, read, rs_traf,
# traf_text, traf_meta, then back. All processes are pinned to one core (CORE, default 0),
# one contender running at a time. Reported per
# contender: median and best round by CPU time (other processes' time on the core is not
# counted, so it is the robust figure on a shared machine) and median by wall time; ratios are
# the median over rounds of that round's time ratio (a load drift hits both sides of a round).
#
# CALLGRIND=1 also counts instructions per page under valgrind (independent of load, slow:
# several minutes): each contender run for 2 rounds minus 1 round, divided by the pages.
set -euo pipefail
cd "$(dirname "$0")/.."

shared="${CLAIMWIRE_SHARED:-../shared}"
src="${1:-$shared/eval/extraction/scrapinghub/html}"
rounds="${2:-7}"
core="${CORE:-0}"
[ -d "$src" ] || { echo "error: no page folder at $src" >&2; exit 1; }

pin=()
if command -v taskset >/dev/null; then
  pin=(taskset -c "$core")
else
  echo "warning: taskset not found, not pinning to one core" >&2
fi

venv=.cache/bench-venv
if ! "$venv/bin/python" -c 'import trafilatura, lxml.html.clean' 2>/dev/null; then
  echo "== installing trafilatura into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check trafilatura lxml_html_clean
fi
py="$venv/bin/python"
echo "== $("$py" -c 'import importlib.metadata as m
print("  ".join(f"{p} {m.version(p)}" for p in ["trafilatura", "lxml", "lxml_html_clean", "justext", "htmldate", "charset_normalizer"]))')" >&2

echo "== building the release example, claimwire and the rs-trafilatura bench" >&2
cargo build --release --quiet --locked --example bench_extract --bin claimwire
bin="${CARGO_TARGET_DIR:-target}/release/examples/bench_extract"
cw="${CARGO_TARGET_DIR:-target}/release/claimwire"
cargo build --release --quiet --locked --manifest-path bench-peers/rs-trafilatura/Cargo.toml
peer="${CARGO_TARGET_DIR:-bench-peers/rs-trafilatura/target}/release/bench-rs-trafilatura"
echo "== $(awk '/^name = "rs-trafilatura"/ { getline; gsub(/"/, ""); print "rs-trafilatura", $3 }' \
  bench-peers/rs-trafilatura/Cargo.lock)" >&2
preds="$(mktemp --suffix=.json)"
trap 'rm -f "$preds"' EXIT

echo "== $rounds interleaved rounds on core $core ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
out="$("${pin[@]}" "$py" scripts/bench-extraction.py "$bin" "$peer" "$src" "$rounds" "$preds" |
  tee /dev/stderr)"

awk '
  /^pages / { n = $2; r = $4 }
  $2 == "cpu_median" { cpu[$1] = $3; best[$1] = $5; wall[$1] = $7 }
  /^read_over_parse_time/ { rp = $3; rpw = $5 }
  /^read_speedup_over_rs_traf/ { sr = $3; srw = $5 }
  /^read_speedup_over_traf_text/ { st = $3; stw = $5 }
  /^read_speedup_over_traf_meta/ { sm = $3; smw = $5 }
  END {
    printf "\n%-44s %10s %10s %10s\n", "one core, " n " pages, " r " rounds", "cpu med", "cpu best", "wall med"
    printf "%-44s %10.1f %10.1f %10.1f\n", "claimwire read (decode + read_html)", cpu["read"], best["read"], wall["read"]
    printf "%-44s %10.1f %10.1f %10.1f\n", "bare parse (scraper/html5ever)", cpu["parse"], best["parse"], wall["parse"]
    printf "%-44s %10.1f %10.1f %10.1f\n", "rs-trafilatura extract_bytes_with_options", cpu["rs_traf"], best["rs_traf"], wall["rs_traf"]
    printf "%-44s %10.1f %10.1f %10.1f\n", "trafilatura extract, text", cpu["traf_text"], best["traf_text"], wall["traf_text"]
    printf "%-44s %10.1f %10.1f %10.1f\n", "trafilatura extract, text + metadata", cpu["traf_meta"], best["traf_meta"], wall["traf_meta"]
    printf "%-44s %9.2fx %21.2fx\n", "claimwire read / bare parse (time)", rp, rpw
    printf "%-44s %9.1fx %21.1fx\n", "claimwire / rs-trafilatura (speed)", sr, srw
    printf "%-44s %9.1fx %21.1fx\n", "claimwire / trafilatura text (speed)", st, stw
    printf "%-44s %9.1fx %21.1fx\n", "claimwire / trafilatura text+meta (speed)", sm, smw
  }' <<<"$out"

truth="$(dirname "$src")/ground-truth.json"
if [ -f "$truth" ]; then
  f1() { awk '/^(precision|recall|F1) / { printf "%s %s  ", $1, $2 }'; }
  printf "\nshingle F1 on the same pages (claimwire eval extraction)\n"
  printf "%-44s %s\n" "claimwire read" "$("$cw" eval extraction --html "$src" --truth "$truth" | f1)"
  printf "%-44s %s\n" "rs-trafilatura (--predictions)" \
    "$("$cw" eval extraction --html "$src" --truth "$truth" --predictions "$preds" | f1)"
fi

if [ "${CALLGRIND:-0}" = 1 ]; then
  command -v valgrind >/dev/null || { echo "error: CALLGRIND=1 needs valgrind" >&2; exit 1; }
  echo "== instructions per page (callgrind; 2 rounds minus 1 round)" >&2
  instr() { # instructions of one run of the command
    local f
    f="$(mktemp)"
    valgrind --tool=callgrind --callgrind-out-file="$f" "$@" >/dev/null 2>&1
    awk '/^totals:/ {print $2}' "$f"
    rm -f "$f"
  }
  n="$(find "$src" -maxdepth 1 \( -name '*.html' -o -name '*.html.gz' \) | wc -l)"
  declare -A ipp
  for mode in parse read; do
    a="$(instr "$bin" "$src" --only "$mode" --reps 1)"
    b="$(instr "$bin" "$src" --only "$mode" --reps 2)"
    ipp[$mode]=$(((b - a) / n))
  done
  a="$(instr "$peer" "$src" --reps 1)"
  b="$(instr "$peer" "$src" --reps 2)"
  ipp[rs_traf]=$(((b - a) / n))
  for cfg in text meta; do
    a="$(instr "$py" scripts/bench-extraction.py --instr "$cfg" "$src" 1)"
    b="$(instr "$py" scripts/bench-extraction.py --instr "$cfg" "$src" 2)"
    ipp[traf_$cfg]=$(((b - a) / n))
  done
  printf "\n%-44s %14s\n" "instructions per page" "Ir"
  printf "%-44s %14d\n" "claimwire read" "${ipp[read]}" "bare parse" "${ipp[parse]}" \
    "rs-trafilatura" "${ipp[rs_traf]}" \
    "trafilatura text" "${ipp[traf_text]}" "trafilatura text + metadata" "${ipp[traf_meta]}"
  awk -v r="${ipp[read]}" -v p="${ipp[parse]}" -v t="${ipp[traf_text]}" -v m="${ipp[traf_meta]}" \
    -v q="${ipp[rs_traf]}" 'BEGIN {
    printf "%-44s %13.2fx\n", "claimwire read / bare parse", r / p
    printf "%-44s %13.1fx\n", "rs-trafilatura / claimwire read", q / r
    printf "%-44s %13.1fx\n", "trafilatura text / claimwire read", t / r
    printf "%-44s %13.1fx\n", "trafilatura text+meta / claimwire read", m / r
  }'
fi
