//! The `claimwire` binary's side of the models: it never links libtorch, so every command
//! starts in milliseconds. A command that needs a model (ingest, extract, eval direction, ...)
//! is handed whole to `claimwire-model`, the binary beside it built with the runtime, by
//! `exec` with the same arguments, standard streams and exit code. A build without the
//! `model` feature has no `claimwire-model` and rates with the lexical cues.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use claimwire::rating::SentenceClassifier;
use claimwire::store::stories::TextEmbedder;

/// Whether commands that need a model go to `claimwire-model`: in a build with the model,
/// always (a missing one is an error); in a build without, when one is installed beside this
/// binary or on the PATH (the quick start builds `claimwire` without the model and
/// `claimwire-model` with it, so that `claimwire` never loads libtorch).
pub fn delegates() -> bool {
    cfg!(feature = "model") || worker().is_some()
}

const NO_MODEL: &str =
    "this build has no model: rebuild with `--features model` (see scripts/setup-model.sh)";

/// The model binary: beside this one, else on the PATH.
fn worker() -> Option<PathBuf> {
    let name = "claimwire-model";
    let beside = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join(name)))
        .filter(|p| p.is_file());
    beside.or_else(|| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
    })
}

/// Replaces this process with `claimwire-model` and the same arguments, once the model
/// files are found (`model_dir`: `--model-dir`): without them the error says what to run,
/// before libtorch is ever loaded.
pub fn delegate(model_dir: Option<&Path>) -> anyhow::Result<ExitCode> {
    let Some(worker) = worker() else {
        anyhow::bail!(
            "this claimwire was built with the model, but claimwire-model is neither beside it \
             nor on the PATH: install both (cargo install --path . --features model), or pass \
             --no-model"
        );
    };
    claimwire::model_files::find_encoder(model_dir)?;
    let mut cmd = std::process::Command::new(&worker);
    cmd.args(std::env::args_os().skip(1));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let e = cmd.exec();
        anyhow::bail!("cannot start {}: {e}", worker.display())
    }
    #[cfg(not(unix))]
    {
        let status = cmd
            .status()
            .map_err(|e| anyhow::anyhow!("cannot start {}: {e}", worker.display()))?;
        Ok(ExitCode::from(status.code().unwrap_or(1) as u8))
    }
}

/// The direction weights are built into `claimwire-model`, not into this binary.
pub fn ensure_direction_weights() -> anyhow::Result<Option<PathBuf>> {
    Ok(None)
}

pub fn load_direction(
    _dir: Option<&Path>,
    _weights: Option<&Path>,
) -> anyhow::Result<Option<Arc<dyn SentenceClassifier>>> {
    anyhow::bail!(NO_MODEL)
}

pub fn load_embedder(_dir: Option<&Path>) -> anyhow::Result<Arc<dyn TextEmbedder>> {
    anyhow::bail!(NO_MODEL)
}

pub fn train_direction(
    _dir: Option<&Path>,
    _args: &crate::cli::TrainArgs,
) -> anyhow::Result<ExitCode> {
    anyhow::bail!(NO_MODEL)
}

pub fn train_soup(
    _dir: Option<&Path>,
    _inputs: &[PathBuf],
    _out: &Path,
) -> anyhow::Result<ExitCode> {
    anyhow::bail!(NO_MODEL)
}
