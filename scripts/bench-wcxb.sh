#!/usr/bin/env bash
# claimwire vs trafilatura vs htmldate on a WCXB-layout folder (html/<id>.html[.gz] beside
# truth/<id>.json), in one run and by one scorer: word F1 of the main text, title, author and
# published-date accuracy, on the tuning pages and on the held-out quarter (a page is held out
# when the first byte of sha256 of its id is below 64).
#
#   scripts/bench-wcxb.sh [DIR]
#
# DIR defaults to the dev set under $CLAIMWIRE_SHARED or ../shared (eval/extraction/wcxb-dev).
# trafilatura and htmldate come from PyPI into a virtualenv under target/ (git-ignored),
# installed on first use; nothing of theirs is in the repository. scripts/bench-wcxb.py runs
# them on each page's raw bytes and URL (trafilatura `bare_extraction(..., with_metadata=True)`,
# htmldate `find_date(..., original_date=True)`), writes their outputs as prediction files
# under target/bench-wcxb/, and has `claimwire eval extraction --predictions FILE` score them
# with the same metrics as claimwire's own reading of the pages. The table has each system on
# each split, on all pages and on the article pages. BENCH_REUSE=1 scores the peers'
# prediction files from an earlier run again (claimwire is always read afresh).
set -euo pipefail
cd "$(dirname "$0")/.."

shared="${CLAIMWIRE_SHARED:-../shared}"
dir="${1:-$shared/eval/extraction/wcxb-dev}"
[ -d "$dir/html" ] && [ -d "$dir/truth" ] || { echo "error: no html/ and truth/ under $dir" >&2; exit 1; }

target="${CARGO_TARGET_DIR:-target}"
venv="$target/bench-venv"
if ! "$venv/bin/python" -c 'import trafilatura, htmldate, lxml.html.clean' 2>/dev/null; then
  echo "== installing trafilatura and htmldate into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check trafilatura htmldate lxml_html_clean
fi
py="$venv/bin/python"
echo "== $("$py" -c 'import importlib.metadata as m
print("  ".join(f"{p} {m.version(p)}" for p in ["trafilatura", "htmldate", "lxml"]))')" >&2

echo "== building claimwire (release)" >&2
cargo build --release --quiet --bin claimwire
out="$target/bench-wcxb"
mkdir -p "$out"
"$py" scripts/bench-wcxb.py "$target/release/claimwire" "$dir" "$out"
