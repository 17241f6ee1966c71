//! `claimwire train direction`: fine-tunes the whole MiniLM encoder and a linear head on the
//! train split of a labelled file (see [`crate::eval::direction`]), reproducibly: fixed seed
//! for libtorch (dropout, head initialisation) and for the batch order. AdamW without weight
//! decay (so word-embedding rows of tokens never seen stay exactly as they were and need not
//! be shipped), linear warm-up over 6% of the steps then linear decay, gradient norm clipped
//! at 1; optionally a layer-wise decay of the learning rate (lower layers, which hold the
//! general language knowledge, move less). Writes the changed variables in fp16 and a JSON
//! record of the run beside them.

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
    /// Layer-wise learning-rate decay (1 = none).
    pub layer_decay: f64,
    /// Label weights by the square root of inverse frequency.
    pub balance: bool,
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
    pub layer_decay: f64,
    /// The loss weight of each label (bearish, bullish, neutral).
    pub label_weights: [f64; 3],
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
    let layers = assign_layer_groups(&net.encoder.vs)?;
    let label_weights = label_weights(&rows, opts.balance);
    let weight_tensor = Tensor::from_slice(&label_weights.map(|w| w as f32));
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
            for group in 0..=layers + 1 {
                let depth = (layers + 1 - group).saturating_sub(1) as i32;
                opt.set_lr_group(group, lr * opts.layer_decay.powi(depth));
            }
            let texts: Vec<&str> = b.iter().map(|&i| rows[i].text.as_str()).collect();
            let labels: Vec<i64> = b.iter().map(|&i| rows[i].label as i64).collect();
            let (ids, mask) = net.encoder.tokenize(&texts, MAX_TOKENS);
            let logits = net.logits(&ids, &mask, true)?;
            let loss = logits.cross_entropy_loss(
                &Tensor::from_slice(&labels),
                Some(&weight_tensor),
                tch::Reduction::Mean,
                -100,
                0.0,
            );
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
    let record = TrainRecord {
        data: opts.data.display().to_string(),
        data_sha256: sha256_of(&opts.data)?,
        split: "train (text SHA-256 first byte not divisible by 5)",
        examples: rows.len(),
        epochs: opts.epochs,
        steps: step,
        lr: opts.lr,
        layer_decay: opts.layer_decay,
        label_weights,
        batch: opts.batch,
        max_tokens: MAX_TOKENS,
        seed: opts.seed,
        epoch_loss,
        seconds: started.elapsed().as_secs_f64(),
        weights: opts.out.display().to_string(),
        weights_sha256: sha256_of(&opts.out)?,
        weights_bytes: std::fs::metadata(&opts.out)?.len(),
        word_rows,
    };
    let json = opts.out.with_extension("json");
    std::fs::write(&json, serde_json::to_string_pretty(&record)? + "\n")
        .with_context(|| format!("writing {}", json.display()))?;
    Ok(record)
}

/// The SHA-256 of a file, in hex.
pub(super) fn sha256_of(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// The loss weight of each label: 1 each, or with `balance` `sqrt(n / (3 · count))`, scaled
/// so that the weighted mean over the examples is 1 (the loss keeps its scale).
fn label_weights(rows: &[crate::eval::direction::Labelled], balance: bool) -> [f64; 3] {
    if !balance {
        return [1.0; 3];
    }
    let mut count = [0usize; 3];
    for r in rows {
        if let Some(c) = count.get_mut(r.label) {
            *c += 1;
        }
    }
    let n = rows.len() as f64;
    let mut w = count.map(|c| (n / (3.0 * c.max(1) as f64)).sqrt());
    let mean: f64 = (0..3).map(|k| w[k] * count[k] as f64).sum::<f64>() / n.max(1.0);
    for x in &mut w {
        *x /= mean;
    }
    w
}

/// Puts each trainable variable in an optimiser group by depth: 0 the embeddings, 1 + k the
/// encoder layer k, `layers + 1` the head (and anything else); returns the number of layers.
/// Group `g` then learns at `lr · decay^(layers − g)` (the top layer and the head at `lr`).
fn assign_layer_groups(vs: &nn::VarStore) -> Result<usize> {
    let mut vars = vs
        .variables_
        .lock()
        .map_err(|_| anyhow!("the variable store lock is poisoned"))?;
    let names: Vec<(String, usize)> = vars
        .named_variables
        .iter()
        .map(|(n, t)| (n.clone(), t.data_ptr() as usize))
        .collect();
    let layer_of = |name: &str| -> Option<usize> {
        let rest = name.strip_prefix("encoder.layer.")?;
        rest.split('.').next()?.parse().ok()
    };
    let layers = names
        .iter()
        .filter_map(|(n, _)| layer_of(n))
        .max()
        .map_or(0, |m| m + 1);
    for var in vars.trainable_variables.iter_mut() {
        let ptr = var.tensor.data_ptr() as usize;
        let name = names
            .iter()
            .find(|(_, p)| *p == ptr)
            .map(|(n, _)| n.as_str());
        var.group = match name {
            Some(n) if n.starts_with("embeddings.") => 0,
            Some(n) => layer_of(n).map_or(layers + 1, |k| k + 1),
            None => layers + 1,
        };
    }
    Ok(layers)
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
pub(super) fn save_changed(net: &DirectionNet, encoder_dir: &Path, out: &Path) -> Result<i64> {
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
