#!/usr/bin/env bash
# The full test suite, with its own set-up: the model runtime (scripts/setup-model.sh),
# a headless Chromium for the browser tests, formatting, lints with and without the model,
# then every test with the model.
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

echo "== headless browser for tests/serve_browser.rs (Debian's chromium and chromium-driver)"
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi
chromium --version 2>/dev/null | head -n 1 || true

echo "== model runtime (libtorch, all-MiniLM-L6-v2)"
eval "$(bash scripts/setup-model.sh --env)"

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy (without the model, then with it)"
cargo clippy --all-targets --locked -- -D warnings
cargo clippy --all-targets --locked --features model -- -D warnings
echo "== cargo test (with the model)"
cargo test --all-targets --locked --features model 2>&1
