//! `claimwire train soup`: a uniform "model soup" (Wortsman et al., 2022): the element-wise
//! mean of the weights of several direction models fine-tuned from the same base encoder
//! (differing only in seed: head initialisation, dropout and batch order). One model's size
//! and speed, usually the robustness of an ensemble. Written in the shipped format (see
//! [`super::direction`]) with a JSON record of its ingredients beside it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use serde::Serialize;
use tch::Tensor;

use super::direction::DirectionNet;
use super::paths::ModelPaths;
use super::train::{save_changed, sha256_of};

/// One model that went into the soup.
#[derive(Debug, Clone, Serialize)]
pub struct Ingredient {
    pub weights: String,
    pub weights_sha256: String,
}

/// What `train soup` made, written as `<out>.json`.
#[derive(Debug, Clone, Serialize)]
pub struct SoupRecord {
    pub method: &'static str,
    pub ingredients: Vec<Ingredient>,
    pub weights: String,
    pub weights_sha256: String,
    pub weights_bytes: u64,
    pub word_rows: i64,
}

/// Averages the trained weights in `inputs` (at least two) and writes them to `out`.
pub fn soup(paths: &ModelPaths, inputs: &[PathBuf], out: &Path) -> Result<SoupRecord> {
    if inputs.len() < 2 {
        bail!(
            "a soup needs at least two weight files, got {}",
            inputs.len()
        );
    }
    let mut ingredients = Vec::new();
    let mut first = DirectionNet::base(&paths.encoder_dir)?;
    first.load_trained(&inputs[0])?;
    let _guard = tch::no_grad_guard();
    let vars = first.encoder.vs.variables();
    let mut sum: HashMap<String, Tensor> =
        vars.iter().map(|(n, t)| (n.clone(), t.copy())).collect();
    ingredients.push(Ingredient {
        weights: inputs[0].display().to_string(),
        weights_sha256: sha256_of(&inputs[0])?,
    });
    for path in &inputs[1..] {
        let mut other = DirectionNet::base(&paths.encoder_dir)?;
        other.load_trained(path)?;
        for (name, t) in other.encoder.vs.variables() {
            let s = sum
                .get_mut(&name)
                .ok_or_else(|| anyhow!("{}: unexpected variable {name}", path.display()))?;
            let _ = s.f_add_(&t)?;
        }
        ingredients.push(Ingredient {
            weights: path.display().to_string(),
            weights_sha256: sha256_of(path)?,
        });
    }
    let k = inputs.len() as f64;
    for (name, mut var) in vars {
        let s = sum
            .get(&name)
            .ok_or_else(|| anyhow!("variable {name} missing from the sum"))?;
        var.copy_(&(s / k));
    }
    let word_rows = save_changed(&first, &paths.encoder_dir, out)?;
    let record = SoupRecord {
        method: "uniform soup: element-wise mean of the ingredients' weights",
        ingredients,
        weights: out.display().to_string(),
        weights_sha256: sha256_of(out)?,
        weights_bytes: std::fs::metadata(out)?.len(),
        word_rows,
    };
    let json = out.with_extension("json");
    std::fs::write(&json, serde_json::to_string_pretty(&record)? + "\n")
        .with_context(|| format!("writing {}", json.display()))?;
    Ok(record)
}
