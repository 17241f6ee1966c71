//! The sentence direction classifier: the MiniLM encoder, mean pooling, dropout and a linear
//! head to bearish / bullish / neutral. Its trained weights (`models/direction/`) hold only
//! what training changed: every encoder layer and the head in fp16, and of the word
//! embeddings only the rows that moved (the tokens seen in training), as ids plus values.

use std::path::Path;
use std::sync::Mutex;

use anyhow::{anyhow, bail, Context, Result};
use tch::{nn, nn::Module, Kind, Tensor};

use super::encoder::{Encoder, HIDDEN};
use super::paths::ModelPaths;
use crate::rating::SentenceClassifier;

/// Stored with each rating the shipped model decided; other weights are named
/// `minilm-direction (FILE)`.
pub const DIRECTION_MODEL_NAME: &str = "minilm-direction-2";
/// Longest input in tokens (headlines and sentences; as in training).
pub const MAX_TOKENS: usize = 64;

pub const WORD_EMBEDDINGS: &str = "embeddings.word_embeddings.weight";
pub const WORD_ROWS_IDS: &str = "word_rows.ids";
pub const WORD_ROWS_VALUES: &str = "word_rows.values";

/// Encoder plus head, trainable.
pub struct DirectionNet {
    pub encoder: Encoder,
    pub head: nn::Linear,
}

impl DirectionNet {
    /// The base encoder with a fresh head (`head.weight`, `head.bias`).
    pub fn base(encoder_dir: &Path) -> Result<Self> {
        let encoder = Encoder::load(encoder_dir)?;
        let head = nn::linear(
            encoder.vs.root() / "head",
            HIDDEN,
            3,
            nn::LinearConfig::default(),
        );
        Ok(Self { encoder, head })
    }

    /// Logits `[batch, 3]`.
    pub fn logits(&self, ids: &Tensor, mask: &Tensor, train: bool) -> Result<Tensor> {
        let pooled = self.encoder.pooled(ids, mask, train)?;
        Ok(self.head.forward(&pooled.dropout(0.1, train)))
    }

    /// Overwrites variables with the trained ones from `path`.
    pub fn load_trained(&mut self, path: &Path) -> Result<()> {
        let tensors = Tensor::read_safetensors(path)
            .with_context(|| format!("reading direction weights {}", path.display()))?;
        let vars = self.encoder.vs.variables();
        let mut rows: (Option<Tensor>, Option<Tensor>) = (None, None);
        let mut loaded = 0;
        let _guard = tch::no_grad_guard();
        for (name, t) in tensors {
            match name.as_str() {
                WORD_ROWS_IDS => rows.0 = Some(t),
                WORD_ROWS_VALUES => rows.1 = Some(t),
                _ => {
                    let Some(mut var) = vars.get(&name).map(Tensor::shallow_clone) else {
                        bail!("{}: unknown variable {name}", path.display());
                    };
                    if var.size() != t.size() {
                        bail!(
                            "{}: {name} has shape {:?}, expected {:?}",
                            path.display(),
                            t.size(),
                            var.size()
                        );
                    }
                    var.copy_(&t);
                    loaded += 1;
                }
            }
        }
        if let (Some(ids), Some(values)) = rows {
            let mut emb = vars
                .get(WORD_EMBEDDINGS)
                .map(Tensor::shallow_clone)
                .ok_or_else(|| anyhow!("the encoder has no {WORD_EMBEDDINGS}"))?;
            let _ = emb.index_copy_(0, &ids, &values.to_kind(Kind::Float));
        }
        if !vars.contains_key("head.weight") || loaded == 0 {
            bail!("{}: no trained variables", path.display());
        }
        Ok(())
    }
}

/// The trained classifier, ready for inference.
pub struct DirectionModel {
    net: Mutex<DirectionNet>,
    name: String,
}

impl DirectionModel {
    pub fn load(paths: &ModelPaths) -> Result<Self> {
        let mut net = DirectionNet::base(&paths.encoder_dir)?;
        if !paths.direction_weights.is_file() {
            bail!(
                "no trained direction weights at {} (train them with `claimwire train direction`)",
                paths.direction_weights.display()
            );
        }
        net.load_trained(&paths.direction_weights)?;
        net.encoder
            .set_inference_kind(super::encoder::inference_kind())?;
        let name = if ModelPaths::is_shipped(&paths.direction_weights) {
            DIRECTION_MODEL_NAME.to_string()
        } else {
            let file = paths
                .direction_weights
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!("minilm-direction ({file})")
        };
        Ok(Self {
            net: Mutex::new(net),
            name,
        })
    }
}

impl SentenceClassifier for DirectionModel {
    fn name(&self) -> &str {
        &self.name
    }

    fn classify(&self, texts: &[&str]) -> Result<Vec<[f32; 3]>> {
        let net = self
            .net
            .lock()
            .map_err(|_| anyhow!("the direction model lock is poisoned"))?;
        let rows = net.encoder.map_batches(texts, MAX_TOKENS, |ids, mask| {
            Ok(net.logits(ids, mask, false)?.softmax(-1, Kind::Float))
        })?;
        rows.into_iter()
            .map(|r| {
                <[f32; 3]>::try_from(r.as_slice())
                    .map_err(|_| anyhow!("direction model gave {} outputs, not 3", r.len()))
            })
            .collect()
    }
}
