//! The all-MiniLM-L6-v2 encoder: BERT (6 layers, 384 wide) from rust-bert on a tch
//! `VarStore`, loaded from `model.safetensors`, with its uncased WordPiece tokenizer and the
//! mean pooling sentence-transformers uses. Batches are sorted by length so padding stays small.

use std::path::Path;

use anyhow::{anyhow, Context, Result};
use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use rust_bert::Config;
use rust_tokenizers::tokenizer::{BertTokenizer, Tokenizer, TruncationStrategy};
use tch::{nn, Device, Kind, Tensor};

use crate::store::stories::TextEmbedder;

/// Width of the sentence vectors.
pub const HIDDEN: i64 = 384;

/// The encoder and its tokenizer; the variables live in `vs` under their Hugging Face names.
pub struct Encoder {
    pub vs: nn::VarStore,
    bert: BertModel<BertEmbeddings>,
    tokenizer: BertTokenizer,
}

impl Encoder {
    /// Builds the encoder's variables under the root of `vs` (names as in the safetensors
    /// file) and loads the base weights.
    pub fn load(dir: &Path) -> Result<Self> {
        tch::set_num_threads(threads());
        let config = BertConfig::from_file(dir.join("config.json"));
        let mut vs = nn::VarStore::new(Device::Cpu);
        let bert = BertModel::<BertEmbeddings>::new_with_optional_pooler(vs.root(), &config, false);
        let weights = dir.join("model.safetensors");
        vs.load(&weights)
            .with_context(|| format!("loading encoder weights {}", weights.display()))?;
        let vocab = dir.join("vocab.txt");
        let tokenizer = BertTokenizer::from_file(&vocab, true, true)
            .map_err(|e| anyhow!("reading vocabulary {}: {e}", vocab.display()))?;
        Ok(Self {
            vs,
            bert,
            tokenizer,
        })
    }

    /// Token ids and attention mask for a batch, padded to its longest member.
    pub fn tokenize(&self, texts: &[&str], max_len: usize) -> (Tensor, Tensor) {
        let enc = self
            .tokenizer
            .encode_list(texts, max_len, &TruncationStrategy::LongestFirst, 0);
        let width = enc.iter().map(|e| e.token_ids.len()).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(texts.len() * width);
        let mut mask = Vec::with_capacity(texts.len() * width);
        for e in &enc {
            ids.extend_from_slice(&e.token_ids);
            mask.extend(std::iter::repeat_n(1i64, e.token_ids.len()));
            let pad = width - e.token_ids.len();
            ids.extend(std::iter::repeat_n(0i64, pad));
            mask.extend(std::iter::repeat_n(0i64, pad));
        }
        let shape = [texts.len() as i64, width as i64];
        (
            Tensor::from_slice(&ids).view(shape),
            Tensor::from_slice(&mask).view(shape),
        )
    }

    /// Mean-pooled last hidden states, `[batch, 384]`.
    pub fn pooled(&self, ids: &Tensor, mask: &Tensor, train: bool) -> Result<Tensor> {
        let out = self
            .bert
            .forward_t(Some(ids), Some(mask), None, None, None, None, None, train)
            .map_err(|e| anyhow!("encoder forward pass: {e}"))?;
        let m = mask.unsqueeze(-1).to_kind(Kind::Float);
        let sum = (out.hidden_state * &m).sum_dim_intlist(1, false, Kind::Float);
        let count = m.sum_dim_intlist(1, false, Kind::Float).clamp_min(1e-9);
        Ok(sum / count)
    }

    /// Unit-length sentence vectors, the same as sentence-transformers' all-MiniLM-L6-v2
    /// (texts cut at 256 tokens).
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let pooled = self.map_batches(texts, 256, |ids, mask| {
            let p = self.pooled(ids, mask, false)?;
            Ok(&p / p.norm_scalaropt_dim(2, [1], true).clamp_min(1e-12))
        })?;
        Ok(pooled)
    }

    /// Runs `f` over length-sorted batches of 32 without gradients and returns its rows in
    /// the input order.
    pub fn map_batches<F>(&self, texts: &[&str], max_len: usize, f: F) -> Result<Vec<Vec<f32>>>
    where
        F: Fn(&Tensor, &Tensor) -> Result<Tensor>,
    {
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        let _guard = tch::no_grad_guard();
        for chunk in order.chunks(32) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
            let (ids, mask) = self.tokenize(&batch, max_len);
            let rows = f(&ids, &mask)?.to_kind(Kind::Float);
            let flat: Vec<f32> = Vec::<f32>::try_from(rows.flatten(0, -1))
                .map_err(|e| anyhow!("reading model output: {e}"))?;
            let width = flat.len() / chunk.len().max(1);
            for (k, &i) in chunk.iter().enumerate() {
                out[i] = flat[k * width..(k + 1) * width].to_vec();
            }
        }
        Ok(out)
    }
}

/// Threads for libtorch: `CLAIMWIRE_THREADS`, else every core.
fn threads() -> i32 {
    std::env::var("CLAIMWIRE_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .or_else(|| {
            std::thread::available_parallelism()
                .ok()
                .map(|n| n.get() as i32)
        })
        .unwrap_or(1)
}

/// The encoder as the stories stage's text embedder. tch tensors are not `Sync`, so calls
/// are serialised.
pub struct SentenceEmbedder(std::sync::Mutex<Encoder>);

impl SentenceEmbedder {
    pub fn load(dir: &Path) -> Result<Self> {
        Ok(Self(std::sync::Mutex::new(Encoder::load(dir)?)))
    }
}

impl TextEmbedder for SentenceEmbedder {
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let enc = self
            .0
            .lock()
            .map_err(|_| anyhow!("the encoder lock is poisoned"))?;
        enc.embed(texts)
    }
}
