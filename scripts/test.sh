#!/usr/bin/env bash
# The full test suite, with its own set-up: formatting, lints, then every test.
# Needs the shared data beside the repository (../shared) or at $CLAIMWIRE_SHARED.
set -euo pipefail
cd "$(dirname "$0")/.."

shared="${CLAIMWIRE_SHARED:-../shared}"
if [ ! -d "$shared/seeds" ]; then
  echo "error: the shared data is not at $shared (set CLAIMWIRE_SHARED)" >&2
  exit 1
fi
export CLAIMWIRE_SHARED="$(cd "$shared" && pwd)"

command -v cargo >/dev/null || { echo "error: cargo is not installed" >&2; exit 1; }
rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt clippy

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy"
cargo clippy --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --all-targets --locked 2>&1
