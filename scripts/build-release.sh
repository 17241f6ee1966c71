#!/usr/bin/env bash
# The release build of the quick start: `claimwire` without the model runtime, so that it
# never loads libtorch (every command starts in milliseconds), and `claimwire-model` beside
# it with the runtime, to which `claimwire` hands the commands that need a model. One cargo
# invocation cannot make both: a feature enabled for one binary of a package is enabled for
# all, and a binary whose crate graph holds tch links libtorch (tch exports C functions that
# every such binary keeps). Needs the model runtime (scripts/setup-model.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/setup-model.sh --env)"
cargo build --release --locked --quiet
cargo build --release --locked --quiet --features model --bin claimwire-model
