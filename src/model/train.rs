//! `claimwire train direction`: fine-tunes the whole MiniLM encoder and a linear head on the
//! train split of a labelled file (see [`crate::eval::direction`]), reproducibly: fixed seed
//! for libtorch (dropout, head initialisation) and for the batch order. AdamW without weight
//! decay (so word-embedding rows of tokens never seen stay exactly as they were and need not
//! be shipped), linear warm-up over 6% of the steps then linear decay, gradient norm clipped
//! at 1. Writes the changed variables in fp16 and a JSON record of the run beside them.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use rand::seq::SliceRandom;
use rand::{rngs::StdRng, SeedableRng};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tch::nn::OptimizerConfig;
use tch::{nn, Kind, Tensor};

use super::direction::{
    DirectionNet, MAX_TOKENS, WORD_EMBEDDINGS, WORD_ROWS_IDS, WORD_ROWS_VALUES,
};
use super::paths::ModelPaths;
use crate::eval::direction::{read_labelled, Split};

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub data: PathBuf,
    pub out: PathBuf,
    pub epochs: usize,
    pub lr: f64,
    pub batch: usize,
    pub seed: u64,
}

/// What a run did, written as `<out>.json`.
#[derive(Debug, Clone, Serialize)]
pub struct TrainRecord {
    pub data: String,
    pub data_sha256: String,
    pub split: &'static str,
    pub examples: usize,
    pub epochs: usize,
    pub steps: usize,
    pub lr: f64,
    pub batch: usize,
    pub max_tokens: usize,
    pub seed: u64,
    pub epoch_loss: Vec<f64>,
    pub seconds: f64,
    pub weights: String,
    pub weights_sha256: String,
    pub weights_bytes: u64,
    pub word_rows: i64,
}

pub fn train_direction(paths: &ModelPaths, opts: &TrainOptions) -> Result<TrainRecord> {
    let rows = read_labelled(&opts.data, Split::Train)?;
    tch::manual_seed(opts.seed as i64);
    let net = DirectionNet::base(&paths.encoder_dir)?;
    let mut opt = nn::AdamW {
        wd: 0.0,
        ..Default::default()
    }
    .build(&net.encoder.vs, opts.lr)?;
    let mut rng = StdRng::seed_from_u64(opts.seed);
    let per_epoch = rows.len().div_ceil(opts.batch);
    let total = per_epoch * opts.epochs;
    let warmup = (total as f64 * 0.06).ceil().max(1.0);
    let started = Instant::now();
    let mut step = 0usize;
    let mut epoch_loss = Vec::new();
    for epoch in 0..opts.epochs {
        let batches = batches(&rows, opts.batch, &mut rng);
        let mut sum = 0.0;
        for (k, b) in batches.iter().enumerate() {
            let lr = if (step as f64) < warmup {
                opts.lr * (step as f64 + 1.0) / warmup
            } else {
                opts.lr * ((total - step) as f64 / (total as f64 - warmup)).max(0.0)
            };
            opt.set_lr(lr);
            let texts: Vec<&str> = b.iter().map(|&i| rows[i].text.as_str()).collect();
            let labels: Vec<i64> = b.iter().map(|&i| rows[i].label as i64).collect();
            let (ids, mask) = net.encoder.tokenize(&texts, MAX_TOKENS);
            let logits = net.logits(&ids, &mask, true)?;
            let loss = logits.cross_entropy_for_logits(&Tensor::from_slice(&labels));
            opt.backward_step_clip_norm(&loss, 1.0);
            let l = loss.double_value(&[]);
            sum += l;
            step += 1;
            if step % 25 == 0 || k + 1 == batches.len() {
                eprintln!(
                    "epoch {}/{} step {step}/{total} loss {:.4} (mean {:.4}) lr {lr:.2e} {:.0}s",
                    epoch + 1,
                    opts.epochs,
                    l,
                    sum / (k + 1) as f64,
                    started.elapsed().as_secs_f64()
                );
            }
        }
        epoch_loss.push(sum / batches.len().max(1) as f64);
    }
    let word_rows = save_changed(&net, &paths.encoder_dir, &opts.out)?;
    let bytes = std::fs::read(&opts.out)?;
    let data_bytes = std::fs::read(&opts.data)?;
    let record = TrainRecord {
        data: opts.data.display().to_string(),
        data_sha256: hex::encode(Sha256::digest(&data_bytes)),
        split: "train (text SHA-256 first byte not divisible by 5)",
        examples: rows.len(),
        epochs: opts.epochs,
        steps: step,
        lr: opts.lr,
        batch: opts.batch,
        max_tokens: MAX_TOKENS,
        seed: opts.seed,
        epoch_loss,
        seconds: started.elapsed().as_secs_f64(),
        weights: opts.out.display().to_string(),
        weights_sha256: hex::encode(Sha256::digest(&bytes)),
        weights_bytes: bytes.len() as u64,
        word_rows,
    };
    let json = opts.out.with_extension("json");
    std::fs::write(&json, serde_json::to_string_pretty(&record)? + "\n")
        .with_context(|| format!("writing {}", json.display()))?;
    Ok(record)
}

/// Batches of indices: shuffled, then sorted by length within pools of 50 batches (less
/// padding), then the batches shuffled.
fn batches(
    rows: &[crate::eval::direction::Labelled],
    size: usize,
    rng: &mut StdRng,
) -> Vec<Vec<usize>> {
    let mut idx: Vec<usize> = (0..rows.len()).collect();
    idx.shuffle(rng);
    let mut out = Vec::new();
    for pool in idx.chunks(size * 50) {
        let mut pool = pool.to_vec();
        pool.sort_by_key(|&i| (rows[i].text.len(), i));
        out.extend(pool.chunks(size).map(<[usize]>::to_vec));
    }
    out.shuffle(rng);
    out
}

/// Writes every variable in fp16 except the word embeddings, of which only the changed rows.
fn save_changed(net: &DirectionNet, encoder_dir: &Path, out: &Path) -> Result<i64> {
    let base = Tensor::read_safetensors(encoder_dir.join("model.safetensors"))?;
    let base_words = base
        .into_iter()
        .find(|(n, _)| n == WORD_EMBEDDINGS)
        .map(|(_, t)| t)
        .ok_or_else(|| anyhow!("base weights have no {WORD_EMBEDDINGS}"))?;
    let _guard = tch::no_grad_guard();
    let mut vars: Vec<(String, Tensor)> = net.encoder.vs.variables().into_iter().collect();
    vars.sort_by(|a, b| a.0.cmp(&b.0));
    let mut named = Vec::new();
    let mut n_rows = 0;
    for (name, t) in vars {
        if name == WORD_EMBEDDINGS {
            let moved = (&t - &base_words)
                .abs()
                .sum_dim_intlist(1, false, Kind::Float)
                .gt(0.0);
            let ids = moved.nonzero().squeeze_dim(1);
            n_rows = ids.size()[0];
            named.push((
                WORD_ROWS_VALUES.to_string(),
                t.index_select(0, &ids).to_kind(Kind::Half),
            ));
            named.push((WORD_ROWS_IDS.to_string(), ids));
        } else {
            named.push((name, t.to_kind(Kind::Half)));
        }
    }
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    Tensor::write_safetensors(&named, out).with_context(|| format!("writing {}", out.display()))?;
    Ok(n_rows)
}
