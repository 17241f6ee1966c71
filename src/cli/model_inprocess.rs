//! The model runtime in this process: what `claimwire-model` (the binary that links libtorch)
//! uses to load the direction classifier and the embedder, and to train. The `claimwire`
//! binary never includes this file, so it starts without libtorch and hands the commands that
//! need a model to `claimwire-model` (see `model_delegate.rs`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use claimwire::model::{DirectionModel, ModelPaths, SentenceEmbedder};
use claimwire::rating::SentenceClassifier;
use claimwire::store::stories::TextEmbedder;

/// This process runs models itself.
pub fn delegates() -> bool {
    false
}

/// Never called: this process does not hand commands on.
pub fn delegate(_model_dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("claimwire-model runs its commands itself")
}

/// The shipped direction weights, built in so that an installed binary has them when the
/// checkout it was built from is gone.
static SHIPPED_WEIGHTS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/models/direction/minilm-direction.safetensors"
));

/// The shipped direction weights as a file: the checkout's, else the built-in copy written
/// once into the user cache (`None` when the system names no home).
pub fn ensure_direction_weights() -> anyhow::Result<Option<PathBuf>> {
    let checkout = claimwire::model_files::checkout_direction_weights();
    if checkout.is_file() {
        return Ok(Some(checkout));
    }
    let Some(dest) = claimwire::model_files::user_direction_weights() else {
        return Ok(None);
    };
    if std::fs::read(&dest).is_ok_and(|b| b == SHIPPED_WEIGHTS) {
        return Ok(Some(dest));
    }
    let dir = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let partial = dest.with_extension(format!("partial-{}", std::process::id()));
    std::fs::write(&partial, SHIPPED_WEIGHTS)
        .with_context(|| format!("writing {}", partial.display()))?;
    std::fs::rename(&partial, &dest)
        .with_context(|| format!("moving {} to {}", partial.display(), dest.display()))?;
    Ok(Some(dest))
}

/// Where the model files are: `--model-dir`, else `CLAIMWIRE_MINILM_DIR`, the user cache or
/// the checkout's `.cache/model/`; the shipped direction weights unless the user named others.
fn paths(dir: Option<&Path>, weights: Option<&Path>) -> anyhow::Result<ModelPaths> {
    let mut paths = ModelPaths::resolve(dir)?;
    if let Some(w) = weights {
        paths.direction_weights = w.to_path_buf();
    }
    Ok(paths)
}

/// The trained classifier; without shipped weights, `None` (the lexical cues), with a
/// warning. Weights the user named must exist.
pub fn load_direction(
    dir: Option<&Path>,
    weights: Option<&Path>,
) -> anyhow::Result<Option<Arc<dyn SentenceClassifier>>> {
    if let Some(w) = weights.filter(|w| !w.is_file()) {
        anyhow::bail!(
            "no direction weights at {} (--direction-weights / CLAIMWIRE_DIRECTION_WEIGHTS)",
            w.display()
        );
    }
    if weights.is_none() {
        ensure_direction_weights()?;
    }
    let paths = paths(dir, weights)?;
    if !paths.direction_weights.is_file() {
        eprintln!(
            "warning: no trained direction weights at {}; direction by lexical cues",
            paths.direction_weights.display()
        );
        return Ok(None);
    }
    Ok(Some(Arc::new(DirectionModel::load(&paths)?)))
}

pub fn load_embedder(dir: Option<&Path>) -> anyhow::Result<Arc<dyn TextEmbedder>> {
    let paths = paths(dir, None)?;
    Ok(Arc::new(SentenceEmbedder::load(&paths.encoder_dir)?))
}

/// `claimwire train direction`.
pub fn train_direction(
    dir: Option<&Path>,
    args: &crate::cli::TrainArgs,
) -> anyhow::Result<ExitCode> {
    let paths = paths(dir, None)?;
    let opts = claimwire::model::train::TrainOptions {
        data: args.data.clone(),
        out: args.out.clone(),
        epochs: args.epochs,
        lr: args.lr,
        layer_decay: args.layer_decay,
        balance: args.balance,
        batch: args.batch,
        seed: args.seed,
    };
    let r = claimwire::model::train::train_direction(&paths, &opts)?;
    println!("{}", serde_json::to_string_pretty(&r)?);
    Ok(ExitCode::SUCCESS)
}

/// `claimwire train soup`.
pub fn train_soup(dir: Option<&Path>, inputs: &[PathBuf], out: &Path) -> anyhow::Result<ExitCode> {
    let paths = paths(dir, None)?;
    let r = claimwire::model::soup::soup(&paths, inputs, out)?;
    println!("{}", serde_json::to_string_pretty(&r)?);
    Ok(ExitCode::SUCCESS)
}
