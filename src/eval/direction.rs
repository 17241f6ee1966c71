//! Sentence direction on labelled data: accuracy, macro-F1 and the confusion matrix of any
//! [`SentenceClassifier`]. Reads `text,label` CSV (0 bearish, 1 bullish, 2 neutral; the
//! twitter-financial-news format) and `sentence@label` lines (positive / neutral / negative;
//! the Financial PhraseBank format). The holdout split is fixed by a hash of the text, so
//! training and evaluation agree on it without a split file and duplicates never straddle it.

use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::rating::{SentenceClassifier, LABELS};

/// One labelled sentence; `label` indexes [`LABELS`] (0 bearish, 1 bullish, 2 neutral).
#[derive(Debug, Clone)]
pub struct Labelled {
    pub text: String,
    pub label: usize,
}

/// Which rows of a data file to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Split {
    All,
    /// About 80%: rows whose text hash is not in the holdout.
    Train,
    /// About 20%: the first byte of the text's SHA-256 is divisible by 5.
    Holdout,
}

/// Whether a text belongs to the holdout split.
pub fn in_holdout(text: &str) -> bool {
    Sha256::digest(text.as_bytes())[0] % 5 == 0
}

/// Reads a labelled file in either format (decided by its first line), keeping `split`.
pub fn read_labelled(path: &Path, split: Split) -> Result<Vec<Labelled>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    // PhraseBank is Latin-1; the CSV is UTF-8.
    let text = match std::str::from_utf8(&bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned(),
    };
    let first = text.lines().next().unwrap_or("");
    let rows = if first.trim() == "text,label" {
        read_csv(&text, path)?
    } else {
        read_at(&text, path)?
    };
    if rows.is_empty() {
        bail!("{}: no labelled rows", path.display());
    }
    Ok(rows
        .into_iter()
        .filter(|r| match split {
            Split::All => true,
            Split::Train => !in_holdout(&r.text),
            Split::Holdout => in_holdout(&r.text),
        })
        .collect())
}

fn read_csv(text: &str, path: &Path) -> Result<Vec<Labelled>> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.with_context(|| format!("{}: CSV row {}", path.display(), i + 2))?;
        let (Some(t), Some(l)) = (rec.get(0), rec.get(1)) else {
            bail!(
                "{}: row {} has fewer than two fields",
                path.display(),
                i + 2
            );
        };
        let label = match l.trim() {
            "0" => 0,
            "1" => 1,
            "2" => 2,
            other => bail!(
                "{}: row {}: label {other:?} is not 0 (bearish), 1 (bullish) or 2 (neutral)",
                path.display(),
                i + 2
            ),
        };
        out.push(Labelled {
            text: t.to_string(),
            label,
        });
    }
    Ok(out)
}

fn read_at(text: &str, path: &Path) -> Result<Vec<Labelled>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((t, l)) = line.rsplit_once('@') else {
            bail!(
                "{}: line {} is neither `text,label` CSV nor `sentence@label`",
                path.display(),
                i + 1
            );
        };
        let label = match l.trim() {
            "negative" => 0,
            "positive" => 1,
            "neutral" => 2,
            other => bail!(
                "{}: line {}: label {other:?} is not positive, neutral or negative",
                path.display(),
                i + 1
            ),
        };
        out.push(Labelled {
            text: t.trim().to_string(),
            label,
        });
    }
    Ok(out)
}

/// Scores of a classifier on labelled sentences.
#[derive(Debug, Clone, Serialize)]
pub struct DirectionReport {
    pub scorer: String,
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    /// Per label (bearish, bullish, neutral): precision, recall, F1.
    pub per_label: Vec<(String, f64, f64, f64)>,
    /// `confusion[truth][predicted]`.
    pub confusion: [[usize; 3]; 3],
}

/// The predicted label: the most probable one (ties to the lower index).
pub fn argmax(p: &[f32; 3]) -> usize {
    let mut best = 0;
    for i in 1..3 {
        if p[i] > p[best] {
            best = i;
        }
    }
    best
}

pub fn evaluate(rows: &[Labelled], clf: &dyn SentenceClassifier) -> Result<DirectionReport> {
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let probs = clf.classify(&texts)?;
    let mut confusion = [[0usize; 3]; 3];
    for (r, p) in rows.iter().zip(&probs) {
        confusion[r.label][argmax(p)] += 1;
    }
    Ok(report(clf.name(), &confusion))
}

/// Accuracy, per-label and macro-averaged scores from a confusion matrix.
pub fn report(scorer: &str, confusion: &[[usize; 3]; 3]) -> DirectionReport {
    let n: usize = confusion.iter().flatten().sum();
    let correct: usize = (0..3).map(|i| confusion[i][i]).sum();
    let mut per_label = Vec::new();
    for (i, label) in LABELS.iter().enumerate() {
        let tp = confusion[i][i] as f64;
        let predicted: usize = (0..3).map(|t| confusion[t][i]).sum();
        let actual: usize = confusion[i].iter().sum();
        let p = if predicted == 0 {
            0.0
        } else {
            tp / predicted as f64
        };
        let r = if actual == 0 { 0.0 } else { tp / actual as f64 };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        per_label.push((label.as_str().to_lowercase(), p, r, f));
    }
    DirectionReport {
        scorer: scorer.to_string(),
        n,
        accuracy: if n == 0 {
            0.0
        } else {
            correct as f64 / n as f64
        },
        macro_f1: per_label.iter().map(|x| x.3).sum::<f64>() / 3.0,
        per_label,
        confusion: *confusion,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_f1_of_a_known_matrix() {
        // truth rows, predicted columns
        let r = report("x", &[[8, 2, 0], [1, 9, 0], [0, 0, 10]]);
        assert_eq!(r.n, 30);
        assert!((r.accuracy - 27.0 / 30.0).abs() < 1e-12);
        let bear_p = 8.0 / 9.0;
        let bear_r = 0.8;
        let bear_f = 2.0 * bear_p * bear_r / (bear_p + bear_r);
        assert!((r.per_label[0].3 - bear_f).abs() < 1e-12);
        assert!((r.per_label[2].3 - 1.0).abs() < 1e-12);
    }
}
