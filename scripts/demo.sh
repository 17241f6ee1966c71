#!/usr/bin/env bash
# The quick start: sets up the model runtime, builds claimwire and claimwire-model
# (scripts/build-release.sh), renders the sample corpus from ../shared/seeds, ingests it into
# claimwire.db and prints the ratings table. Extra arguments go to `claimwire demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-release.sh
target/release/claimwire demo "$@"
