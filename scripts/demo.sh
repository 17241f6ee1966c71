#!/usr/bin/env bash
# The quick start: sets up the model runtime (scripts/setup-model.sh), builds claimwire with
# the model, renders the sample corpus from ../shared/seeds, ingests it into claimwire.db and
# prints the ratings table. Extra arguments go to `claimwire demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/setup-model.sh --env)"
cargo run --release --locked --features model --quiet -- demo "$@"
