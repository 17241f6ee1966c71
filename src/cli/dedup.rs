//! `dedup explain` and the dedup evaluations (`eval stories`, `eval copies`).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};

use claimwire::store::stories::{self, Features};
use claimwire::{analyse, read_document};

use super::models::Models;
use super::{DedupCommand, EvalCommand};

/// A stored article's features by id, or a local file / URL sketched on the spot.
fn features(db: &Path, which: &str, models: &Models) -> anyhow::Result<(String, Features)> {
    if let Ok(id) = which.parse::<i64>() {
        let store = super::commands::open_existing(db)?;
        let Some(f) = store.features(id)? else {
            bail!("no article {id} in {}", db.display());
        };
        return Ok((format!("article {id}"), f));
    }
    let doc = super::commands::fetch_one(which)?;
    let article = read_document(&doc);
    let (extraction, _) = analyse(&article);
    let embedder = models.embedder()?;
    Ok((
        which.to_string(),
        stories::features_from(&article, &extraction, embedder.as_deref())?,
    ))
}

pub fn run(db: &Path, cmd: DedupCommand, models: &Models) -> anyhow::Result<ExitCode> {
    let DedupCommand::Explain { a, b, json } = cmd;
    let (na, fa) = features(db, &a, models)?;
    let (nb, fb) = features(db, &b, models)?;
    let (signals, story, event, rows) = stories::explain(&fa, &fb);
    let mut out = std::io::stdout().lock();
    if json {
        let v = serde_json::json!({
            "a": na, "b": nb,
            "same_story": story.same,
            "same_event": event.same,
            "story_verdict": story,
            "event_verdict": event,
            "signals": rows,
            "raw": signals,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "A: {na}\nB: {nb}")?;
    writeln!(
        out,
        "{:<26} {:>9} {:>9}  passes",
        "signal", "score", "threshold"
    )?;
    let num = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.3}"));
    for r in rows {
        writeln!(
            out,
            "{:<26} {:>9} {:>9}  {}",
            r.signal,
            num(r.score),
            num(r.threshold),
            if r.passes { "yes" } else { "no" }
        )?;
    }
    writeln!(
        out,
        "same_story: {} ({} {:.3})\nsame_event: {} ({} {:.3})",
        story.same, story.reason, story.score, event.same, event.reason, event.score
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn eval(cmd: EvalCommand, models: &Models) -> anyhow::Result<ExitCode> {
    let embedder = models.embedder()?;
    let mut out = std::io::stdout().lock();
    match cmd {
        EvalCommand::Stories { data, json, pairs } => {
            // Opened first, so a path that cannot be written fails before the evaluation.
            let pairs_file = pairs
                .map(|path| {
                    std::fs::File::create(&path)
                        .with_context(|| format!("cannot write {}", path.display()))
                })
                .transpose()?;
            let r = claimwire::eval::events::evaluate(&data, embedder.as_deref())?;
            if let Some(mut f) = pairs_file {
                for row in &r.rows {
                    writeln!(f, "{}", serde_json::to_string(row)?)?;
                }
            }
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&r)?)?;
            } else {
                write!(out, "{r}")?;
            }
        }
        EvalCommand::Copies { data, write, json } => {
            let data = data.unwrap_or_else(|| {
                claimwire::corpus::default_seeds_dir()
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default()
            });
            let docs = claimwire::eval::stories::load_copies(&data)?;
            if let Some(path) = write {
                let mut f = std::fs::File::create(&path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                for d in &docs {
                    writeln!(f, "{}", serde_json::to_string(d)?)?;
                }
            }
            let r = claimwire::eval::stories::copies(&docs, embedder.as_deref())?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&r)?)?;
            } else {
                write!(out, "{r}")?;
            }
        }
        _ => bail!("not a dedup evaluation"),
    }
    Ok(ExitCode::SUCCESS)
}
