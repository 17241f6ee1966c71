#!/usr/bin/env bash
# Sentences per second of claimwire's sentence models against Python sentence-transformers,
# on the same sentences, in the same run, back to back, with the same libtorch thread count.
#
#   scripts/bench-model.sh [N] [REPS]
#
# The sentences are the first N (default 1000) texts of the Twitter financial news headlines
# ($CLAIMWIRE_SHARED or ../shared, datasets/sentiment/twitter-financial-news/sent_train.csv),
# read with Python's csv module, whitespace collapsed to one line each, and written to a
# temporary file that is deleted on exit. Each contender gets the whole list per round;
# REPS (default 3) rounds after a warm-up on 32 sentences, and the median round's
# sentences/s by wall time is reported. Model loading is timed apart and not counted.
#
# What is timed, per round, over all N sentences:
#   claimwire embed      Encoder::embed: WordPiece tokenisation, all-MiniLM-L6-v2 forward
#                        pass (256-token cap), mean pooling, unit normalisation; length-sorted
#                        batches of 32 (examples/bench_model.rs).
#   claimwire classify   DirectionModel::classify: tokenisation, forward pass (64-token cap),
#                        mean pooling, linear head, softmax; same batching. Only when the
#                        trained weights (models/direction/minilm-direction.safetensors or
#                        $CLAIMWIRE_DIRECTION_WEIGHTS) exist; skipped with a note otherwise.
#   python embed         SentenceTransformer(CLAIMWIRE_MINILM_DIR, device='cpu')
#                        .encode(sentences, batch_size=32), max_seq_length 256 (the model's own
#                        setting; sentence-transformers also sorts by length before batching).
#   python classify      the same encode with max_seq_length set to 64 (claimwire's classify
#                        cap), then a numpy 384x3 linear head and softmax. The head is the
#                        trained head.weight/head.bias when the weights file exists, else a
#                        fixed random one: it costs the same; the encoder is the base one.
# Headlines are short (almost all under 64 tokens; the script prints how many are cut at 64),
# so the 256- and 64-token caps make the same work on this data.
#
# Both sides run on CPU with THREADS libtorch threads (CLAIMWIRE_THREADS, default 2):
# claimwire reads CLAIMWIRE_THREADS, Python calls torch.set_num_threads with the same number,
# and OMP_NUM_THREADS / MKL_NUM_THREADS / RAYON_NUM_THREADS are set to it for both.
# The Python peer (torch 2.4.0 from the wheel scripts/setup-model.sh downloaded, i.e. the
# same libtorch version claimwire links, plus sentence-transformers) is installed on first
# use into the project-local virtualenv .cache/bench-model-venv (git-ignored, ~4.5 GB: PyPI's
# torch wheel imports only with its CUDA library wheels present, though nothing here uses
# CUDA). Hugging Face hub access is off (HF_HUB_OFFLINE=1); the model is read from disk.
set -euo pipefail
cd "$(dirname "$0")/.."

n="${1:-1000}"
reps="${2:-3}"
threads="${CLAIMWIRE_THREADS:-2}"
shared="${CLAIMWIRE_SHARED:-../shared}"
csv="$shared/datasets/sentiment/twitter-financial-news/sent_train.csv"
[ -f "$csv" ] || { echo "error: no headline file at $csv" >&2; exit 1; }

eval "$(bash scripts/setup-model.sh --env)"
export CLAIMWIRE_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
export RAYON_NUM_THREADS="$threads" TOKENIZERS_PARALLELISM=true
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1

venv=.cache/bench-model-venv
py="$venv/bin/python"
wheels=.cache/model/wheels
if ! "$py" -c 'import torch, sentence_transformers' 2>/dev/null; then
  echo "== installing torch 2.4.0 and sentence-transformers into $venv" >&2
  python3 -m venv "$venv"
  pip=("$venv/bin/pip" install --quiet --disable-pip-version-check)
  # torch from the wheel already downloaded by setup-model.sh, without triton (GPU compiler,
  # not needed); its CPU dependencies and the CUDA library wheels its import loads.
  "${pip[@]}" --no-deps "$wheels/torch-2.4.0-cp311-cp311-manylinux1_x86_64.whl"
  "${pip[@]}" --find-links "$wheels" filelock 'typing-extensions>=4.8' sympy networkx jinja2 fsspec \
    nvidia-cuda-nvrtc-cu12==12.1.105 nvidia-cuda-runtime-cu12==12.1.105 \
    nvidia-cuda-cupti-cu12==12.1.105 nvidia-cudnn-cu12==9.1.0.70 nvidia-cublas-cu12==12.1.3.1 \
    nvidia-cufft-cu12==11.0.2.54 nvidia-curand-cu12==10.3.2.106 \
    nvidia-cusolver-cu12==11.4.5.107 nvidia-cusparse-cu12==12.1.0.106 \
    nvidia-nccl-cu12==2.20.5 nvidia-nvtx-cu12==12.1.105
  # sentence-transformers 5.x: 6.x needs transformers 5, which needs torch >= 2.6. --no-deps
  # so pip does not re-resolve torch's own requirements (triton); its deps come next.
  "${pip[@]}" --no-deps 'sentence-transformers>=5,<6'
  "${pip[@]}" 'transformers>=4.41,<5' 'tokenizers>=0.19' 'huggingface-hub>=0.23,<1' \
    'numpy>=1.24' safetensors scikit-learn scipy tqdm
  "$py" -c 'import torch, sentence_transformers' ||
    { echo "error: the Python peer does not import" >&2; exit 1; }
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
sentences="$tmp/sentences.txt"
python3 - "$csv" "$n" "$sentences" <<'PY'
import csv, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = []
with open(src, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        text = " ".join(row["text"].split())
        if text:
            rows.append(text)
        if len(rows) == n:
            break
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(rows) + "\n")
PY
count="$(wc -l <"$sentences")"
echo "== $count headlines in $sentences; $threads threads; $reps rounds; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

echo "== building the release example" >&2
cargo build --release --quiet --features model --example bench_model
echo "== claimwire" >&2
rust_out="$(target/release/examples/bench_model "$sentences" --reps "$reps" --write-embeddings "$tmp/claimwire.f32")"
echo "$rust_out" >&2

echo "== python: torch $("$py" -c 'import torch; print(torch.__version__)' 2>/dev/null)," \
  "sentence-transformers $("$py" -c 'import sentence_transformers as s; print(s.__version__)' 2>/dev/null)," \
  "transformers $("$py" -c 'import transformers as t; print(t.__version__)' 2>/dev/null)" >&2
weights="${CLAIMWIRE_DIRECTION_WEIGHTS:-models/direction/minilm-direction.safetensors}"
py_out="$("$py" - "$sentences" "$reps" "$threads" "$weights" "$tmp/claimwire.f32" <<'PY'
import os, statistics, sys, time
import numpy as np
import torch
from sentence_transformers import SentenceTransformer

path, reps, threads, weights, ours = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
torch.set_num_threads(threads)
with open(path, encoding="utf-8") as f:
    sentences = [l.strip() for l in f if l.strip()]

t = time.perf_counter()
model = SentenceTransformer(os.environ["CLAIMWIRE_MINILM_DIR"], device="cpu")
print(f"python_load_secs {time.perf_counter() - t:.3f}")
print(f"python_threads {torch.get_num_threads()}")
tok = model.tokenizer
over64 = sum(len(tok(s)["input_ids"]) > 64 for s in sentences)
print(f"sentences_over_64_tokens {over64}")

if os.path.isfile(weights):
    from safetensors.numpy import load_file
    w = load_file(weights)
    head_w = w["head.weight"].astype(np.float32).T  # [384, 3]
    head_b = w["head.bias"].astype(np.float32)
    print("python_head trained")
else:
    rng = np.random.default_rng(0)
    head_w = rng.normal(0, 0.05, (384, 3)).astype(np.float32)
    head_b = np.zeros(3, np.float32)
    print("python_head random")

def embed(s):
    model.max_seq_length = 256
    return model.encode(s, batch_size=32, convert_to_numpy=True, show_progress_bar=False)

def classify(s):
    model.max_seq_length = 64
    x = model.encode(s, batch_size=32, convert_to_numpy=True, show_progress_bar=False)
    z = x @ head_w + head_b
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)

for name, f in (("embed", embed), ("classify", classify)):
    f(sentences[:32])  # warm-up
    rates = []
    for _ in range(reps):
        t = time.perf_counter()
        out = f(sentences)
        rates.append(len(sentences) / (time.perf_counter() - t))
        assert len(out) == len(sentences)
    print(f"python_{name}_sentences_per_sec {statistics.median(rates):.1f}"
          f" min {min(rates):.1f} max {max(rates):.1f}")

# claimwire's default-precision embeddings against sentence-transformers' (the reference).
ref = embed(sentences)
got = np.fromfile(ours, dtype="<f4").reshape(len(sentences), -1)
cos = (ref * got).sum(axis=1) / (np.linalg.norm(ref, axis=1) * np.linalg.norm(got, axis=1))
print(f"cosine_to_reference min {cos.min():.5f} mean {cos.mean():.5f}")
PY
)"
echo "$py_out" >&2

rate() { awk -v k="$1" '$1 == k {print $2}' <<<"$2"; }
r_embed="$(rate embed_sentences_per_sec "$rust_out")"
r_fp32="$(rate embed_fp32_sentences_per_sec "$rust_out")"
precision="$(rate precision "$rust_out")"
cosine="$(awk '$1 == "cosine_to_reference" {print "min " $3 ", mean " $5}' <<<"$py_out")"
r_class="$(rate classify_sentences_per_sec "$rust_out")"
p_embed="$(rate python_embed_sentences_per_sec "$py_out")"
p_class="$(rate python_classify_sentences_per_sec "$py_out")"

printf '\n%-44s %14s %18s\n' "$count headlines, $threads threads, median of $reps" "sentences/s" "claimwire/python"
printf '%-44s %14s %18s\n' "python sentence-transformers encode" "$p_embed" ""
printf '%-44s %14s %18s\n' "claimwire Encoder::embed, fp32" "$r_fp32" \
  "$(awk -v a="$r_fp32" -v b="$p_embed" 'BEGIN {printf "%.2fx", a / b}')"
printf '%-44s %14s %18s\n' "claimwire Encoder::embed, default ($precision)" "$r_embed" \
  "$(awk -v a="$r_embed" -v b="$p_embed" 'BEGIN {printf "%.2fx", a / b}')"
printf '%-44s %14s %18s\n' "python encode(64 tok) + numpy head + softmax" "$p_class" ""
if [ -n "$r_class" ]; then
  printf '%-44s %14s %18s\n' "claimwire DirectionModel::classify" "$r_class" \
    "$(awk -v a="$r_class" -v b="$p_class" 'BEGIN {printf "%.2fx", a / b}')"
else
  printf '%-44s %14s %18s\n' "claimwire DirectionModel::classify" "skipped" "(no trained weights)"
fi
echo "cosine of claimwire's default embeddings to sentence-transformers': $cosine"
