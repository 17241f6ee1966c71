//! The all-MiniLM-L6-v2 encoder: BERT (6 layers, 384 wide) from rust-bert on a tch
//! `VarStore`, loaded from `model.safetensors`, with its uncased WordPiece tokenizer and the
//! mean pooling sentence-transformers uses. Batches are sorted by length so padding stays small.

use std::path::Path;

use anyhow::{anyhow, Context, Result};
use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use rust_bert::Config;
use rust_tokenizers::tokenizer::{BertTokenizer, Tokenizer, TruncationStrategy};
use tch::{nn, Device, Kind, Tensor};

use super::inference::InferenceBert;
use crate::store::stories::TextEmbedder;

/// Width of the sentence vectors.
pub const HIDDEN: i64 = 384;

/// The encoder and its tokenizer; the variables live in `vs` under their Hugging Face names.
pub struct Encoder {
    pub vs: nn::VarStore,
    bert: BertModel<BertEmbeddings>,
    /// The same variables, for the no-gradient forward pass with fused kernels.
    inference: InferenceBert,
    tokenizer: BertTokenizer,
    heads: i64,
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
        let inference = InferenceBert::new(&vs.variables(), config.num_attention_heads)?;
        Ok(Self {
            vs,
            bert,
            inference,
            tokenizer,
            heads: config.num_attention_heads,
        })
    }

    /// Makes the inference pass compute in `kind` from the variables as they are now (call it
    /// after loading trained weights); `Kind::Float` shares the variables again.
    pub fn set_inference_kind(&mut self, kind: Kind) -> Result<()> {
        let base = InferenceBert::new(&self.vs.variables(), self.heads)?;
        self.inference = if kind == Kind::Float {
            base
        } else {
            base.to_kind(kind)
        };
        Ok(())
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

    /// Mean-pooled last hidden states, `[batch, 384]`: through rust-bert's module when
    /// training (dropout, gradients), else through the fused inference pass.
    pub fn pooled(&self, ids: &Tensor, mask: &Tensor, train: bool) -> Result<Tensor> {
        let hidden = if train {
            self.hidden_states(ids, mask, true)?
        } else {
            self.hidden_states_fused(ids, mask)
        };
        Ok(mean_pool(&hidden, mask))
    }

    /// Last hidden states through rust-bert's BERT module.
    pub fn hidden_states(&self, ids: &Tensor, mask: &Tensor, train: bool) -> Result<Tensor> {
        let out = self
            .bert
            .forward_t(Some(ids), Some(mask), None, None, None, None, None, train)
            .map_err(|e| anyhow!("encoder forward pass: {e}"))?;
        Ok(out.hidden_state)
    }

    /// Last hidden states through the fused inference pass.
    pub fn hidden_states_fused(&self, ids: &Tensor, mask: &Tensor) -> Tensor {
        self.inference.forward(ids, mask)
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

    /// Runs `f` over texts cut to what `max_len` tokens can span, in length-sorted batches of 32 without gradients and returns its rows in
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
            let batch: Vec<&str> = chunk
                .iter()
                .map(|&i| head_for_tokens(texts[i], max_len))
                .collect();
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

/// Mean of the hidden states over the tokens the mask keeps.
fn mean_pool(hidden: &Tensor, mask: &Tensor) -> Tensor {
    let m = mask.unsqueeze(-1).to_kind(Kind::Float);
    let sum = (hidden * &m).sum_dim_intlist(1, false, Kind::Float);
    let count = m.sum_dim_intlist(1, false, Kind::Float).clamp_min(1e-9);
    sum / count
}

/// The precision of the inference pass, from `CLAIMWIRE_PRECISION`: `fp32`, `bf16`, or `auto`
/// (the default): bf16 where the CPU multiplies bf16 natively (AVX-512 BF16), which
/// libtorch's oneDNN kernels then use at about twice the fp32 rate; fp32 elsewhere, where
/// bf16 would be emulated and slower. The weights and outputs stay fp32; bf16 embeddings are
/// within cosine 0.9999 of fp32 and the direction accuracy within 0.001 (README, "Direction
/// model").
pub fn inference_kind() -> Kind {
    match std::env::var("CLAIMWIRE_PRECISION").as_deref() {
        Ok("fp32") => Kind::Float,
        Ok("bf16") => Kind::BFloat16,
        _ if native_bf16() => Kind::BFloat16,
        _ => Kind::Float,
    }
}

/// Whether this CPU has bf16 dot-product instructions.
fn native_bf16() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512bf16")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The name of a precision, for reports.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::BFloat16 => "bf16",
        Kind::Half => "fp16",
        _ => "fp32",
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
        let mut enc = Encoder::load(dir)?;
        enc.set_inference_kind(inference_kind())?;
        Ok(Self(std::sync::Mutex::new(enc)))
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

/// The start of `text` that its first `max_tokens` word pieces can come from: a word piece
/// spans at most 100 characters (longer words are one unknown token), so nothing past
/// `max_tokens * 100` characters reaches the model. The tokenizer then never reads a whole
/// megabyte-long "sentence" of a hostile page to keep its first tokens.
fn head_for_tokens(text: &str, max_tokens: usize) -> &str {
    let limit = max_tokens.saturating_mul(100);
    match text.char_indices().nth(limit) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_cut_to_what_their_tokens_can_span() {
        let long = "\u{e9}".repeat(100_000);
        assert_eq!(head_for_tokens(&long, 128).chars().count(), 12_800);
        assert_eq!(head_for_tokens("short text", 128), "short text");
    }

    /// The fused inference pass gives rust-bert's hidden states on real padded batches.
    #[test]
    fn fused_pass_matches_rust_bert() {
        let paths = crate::model::ModelPaths::resolve(None)
            .expect("the model set up by scripts/setup-model.sh");
        let enc = Encoder::load(&paths.encoder_dir).expect("encoder");
        let texts = [
            "Bitcoin rose 4% to $92,400 as small caps hit a record.",
            "The Fed cut rates by 25 basis points.",
            "Shares fell.",
        ];
        let (ids, mask) = enc.tokenize(&texts, 64);
        let _guard = tch::no_grad_guard();
        let reference = enc.hidden_states(&ids, &mask, false).expect("forward");
        let fused = enc.hidden_states_fused(&ids, &mask);
        let keep = mask.unsqueeze(-1).to_kind(Kind::Float);
        let diff = ((reference - fused) * keep).abs().max().double_value(&[]);
        assert!(diff < 1e-4, "largest difference {diff}");
        let pooled = enc.pooled(&ids, &mask, false).expect("pooled");
        assert_eq!(pooled.size(), vec![3, HIDDEN]);
    }
}
