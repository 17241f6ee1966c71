//! The same-event evaluation: `same_event` on SemEval-2022 task 8 pairs (overall ≤ 1.5 is
//! the same event, ≥ 3 different, in between left out; each text read as a plain-text page),
//! with 5-fold cross-validation of the threshold and, with embeddings, of the mix of
//! embedding and lexical cosines.

use std::fmt;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;

use super::stories::{sketch, PairScores};
use crate::store::stories::decide::{embedding, event_score, same_event};
use crate::store::stories::{Features, Signals, TextEmbedder};

#[derive(serde::Deserialize)]
struct Pair {
    pair_id: String,
    overall: f64,
    text1: String,
    text2: String,
}

/// The same-event evaluation's report.
#[derive(Debug, Clone, Serialize)]
pub struct EventsReport {
    pub pairs: usize,
    pub left_out: usize,
    pub same: usize,
    pub different: usize,
    pub embeddings: bool,
    pub scores: PairScores,
    /// F1 when each of 5 folds is decided at the threshold best on the other four.
    pub cross_validated_f1: f64,
    /// The thresholds the 5 folds chose.
    pub fold_thresholds: Vec<f64>,
    /// Best F1 (and its threshold) of the content-word cosine alone, in sample.
    pub lexical_alone: (f64, f64),
    /// Best F1 (and its threshold) of the embedding cosine alone, in sample.
    pub embedding_alone: Option<(f64, f64)>,
    /// With embeddings: the weight of the embedding cosine and the threshold fitted on all
    /// pairs (to set `EVENT_EMBEDDING_WEIGHT` and `EVENT_COMBINED`), and the F1 when each fold
    /// is decided by the weight and threshold fitted on the other four.
    pub fitted: Option<Fitted>,
    /// Each signal alone over the labelled pairs: best F1 in sample and its threshold, and
    /// ROC AUC (threshold-free: the chance that a same-event pair outscores a different one).
    pub signals: Vec<SignalAlone>,
    /// Every labelled pair with its signals (`eval stories --pairs FILE` writes them).
    #[serde(skip)]
    pub rows: Vec<PairRow>,
}

/// One signal's separating power on its own.
#[derive(Debug, Clone, Serialize)]
pub struct SignalAlone {
    pub signal: &'static str,
    pub best_f1: f64,
    pub threshold: f64,
    /// F1 with the threshold chosen on the other four folds (the fair comparison with the
    /// mix, whose threshold is cross-validated the same way).
    pub cross_validated_f1: f64,
    pub auc: f64,
}

/// ROC AUC of scores against labels (ties count half).
fn auc(scored: &[(f64, bool)]) -> f64 {
    let pos: Vec<f64> = scored.iter().filter(|x| x.1).map(|x| x.0).collect();
    let neg: Vec<f64> = scored.iter().filter(|x| !x.1).map(|x| x.0).collect();
    if pos.is_empty() || neg.is_empty() {
        return 0.0;
    }
    let mut wins = 0.0;
    for p in &pos {
        for n in &neg {
            wins += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    wins / (pos.len() * neg.len()) as f64
}

/// Each signal alone, for the rows that have it.
fn signals_alone(rows: &[PairRow]) -> Vec<SignalAlone> {
    type Get = fn(&Signals) -> Option<f64>;
    let table: [(&'static str, Get); 6] = [
        ("event_score", |s| Some(event_score(s))),
        ("term_cosine", |s| Some(s.term_cosine)),
        ("name_cosine", |s| Some(s.name_cosine)),
        ("embedding_lede", |s| s.embedding_lede),
        ("embedding_text", |s| s.embedding_text),
        ("embedding_whole", |s| s.embedding_whole),
    ];
    table
        .iter()
        .filter_map(|(signal, get)| {
            let scored: Vec<(f64, bool)> = rows
                .iter()
                .map(|r| get(&r.signals).map(|x| (x, r.same)))
                .collect::<Option<_>>()?;
            let threshold = best_threshold(&scored);
            Some(SignalAlone {
                signal,
                best_f1: f1_at(&scored, threshold),
                threshold,
                cross_validated_f1: cross_validated(&scored).0,
                auc: auc(&scored),
            })
        })
        .collect()
}

/// One labelled pair as scored: its label, the verdict and every signal.
#[derive(Debug, Clone, Serialize)]
pub struct PairRow {
    pub pair_id: String,
    pub overall: f64,
    pub same: bool,
    pub predicted: bool,
    pub score: f64,
    pub signals: Signals,
}

/// A fitted mix of the embedding and lexical cosines.
#[derive(Debug, Clone, Serialize)]
pub struct Fitted {
    pub weight: f64,
    pub threshold: f64,
    pub in_sample_f1: f64,
    pub cross_validated_f1: f64,
}

/// Best (weight, threshold, F1) over weights 0, 0.05, ..., 1 on these pairs of
/// (lexical, embedding, same).
fn fit(pairs: &[(f64, f64, bool)]) -> (f64, f64, f64) {
    let mut best = (0.0, 0.0, -1.0);
    for k in 0..=20 {
        let w = f64::from(k) / 20.0;
        let scored: Vec<(f64, bool)> = pairs
            .iter()
            .map(|(l, e, y)| (w * e + (1.0 - w) * l, *y))
            .collect();
        let t = best_threshold(&scored);
        let f = f1_at(&scored, t);
        if f > best.2 {
            best = (w, t, f);
        }
    }
    best
}

fn fit_report(pairs: &[(f64, f64, bool)]) -> Fitted {
    let (weight, threshold, in_sample_f1) = fit(pairs);
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for fold in 0..5 {
        let train: Vec<_> = pairs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 5 != fold)
            .map(|(_, x)| *x)
            .collect();
        let (w, t, _) = fit(&train);
        for (_, (l, e, y)) in pairs.iter().enumerate().filter(|(i, _)| i % 5 == fold) {
            match (*y, w * e + (1.0 - w) * l >= t) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
    }
    Fitted {
        weight,
        threshold,
        in_sample_f1,
        cross_validated_f1: PairScores::from_counts(tp, fp, fn_, 0).f1,
    }
}

impl fmt::Display for EventsReport {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        writeln!(
            f,
            "same event: {} pairs ({} same, {} different, {} left out), embeddings {}",
            self.pairs,
            self.same,
            self.different,
            self.left_out,
            if self.embeddings { "yes" } else { "no" }
        )?;
        write!(f, "{}", self.scores)?;
        let t: Vec<String> = self
            .fold_thresholds
            .iter()
            .map(|t| format!("{t:.3}"))
            .collect();
        writeln!(
            f,
            "5-fold cross-validated F1 {:.3} (fold thresholds {})",
            self.cross_validated_f1,
            t.join(", ")
        )?;
        writeln!(
            f,
            "content-word cosine alone: best F1 {:.3} at {:.3} (in sample)",
            self.lexical_alone.0, self.lexical_alone.1
        )?;
        if let Some((f1, t)) = self.embedding_alone {
            writeln!(
                f,
                "embedding cosine alone: best F1 {f1:.3} at {t:.3} (in sample)"
            )?;
        }
        writeln!(
            f,
            "each signal alone: best F1 at threshold (in sample), cross-validated F1, ROC AUC"
        )?;
        for x in &self.signals {
            writeln!(
                f,
                "  {:<16} {:.3} at {:.3}  CV {:.3}  AUC {:.3}",
                x.signal, x.best_f1, x.threshold, x.cross_validated_f1, x.auc
            )?;
        }
        if let Some(x) = &self.fitted {
            writeln!(
                f,
                "fitted mix: weight {:.2}, threshold {:.3}: F1 {:.3} in sample, {:.3} cross-validated",
                x.weight, x.threshold, x.in_sample_f1, x.cross_validated_f1
            )?;
        }
        Ok(())
    }
}

fn f1_at(scored: &[(f64, bool)], t: f64) -> f64 {
    let tp = scored.iter().filter(|(s, y)| *y && *s >= t).count();
    let fp = scored.iter().filter(|(s, y)| !*y && *s >= t).count();
    let fn_ = scored.iter().filter(|(s, y)| *y && *s < t).count();
    PairScores::from_counts(tp, fp, fn_, 0).f1
}

/// F1 over 5 folds (pair `i` in fold `i % 5`), each decided at the threshold best on the
/// other four; and the five thresholds.
fn cross_validated(scored: &[(f64, bool)]) -> (f64, Vec<f64>) {
    let mut thresholds = Vec::new();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for fold in 0..5 {
        let train: Vec<(f64, bool)> = scored
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 5 != fold)
            .map(|(_, x)| *x)
            .collect();
        let t = best_threshold(&train);
        thresholds.push(t);
        for (_, (s, y)) in scored.iter().enumerate().filter(|(i, _)| i % 5 == fold) {
            match (*y, *s >= t) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
    }
    (PairScores::from_counts(tp, fp, fn_, 0).f1, thresholds)
}

fn best_threshold(scored: &[(f64, bool)]) -> f64 {
    let mut best = (0.0, 1.0);
    for &(t, _) in scored {
        let f = f1_at(scored, t);
        if f > best.0 || (f == best.0 && t < best.1) {
            best = (f, t);
        }
    }
    best.1
}

/// Reads a pair's text as a plain-text page (as `claimwire ingest` reads a `.txt` file: title
/// line, furniture), then sketches it.
fn read(text: &str, e: Option<&dyn TextEmbedder>) -> anyhow::Result<Features> {
    let article = crate::page::read_text(text, None);
    sketch(article.title.as_deref(), &article.text, e)
}

/// Scores every labelled pair with `same_event`, and cross-validates the event threshold.
pub fn evaluate(data: &Path, e: Option<&dyn TextEmbedder>) -> anyhow::Result<EventsReport> {
    let raw =
        std::fs::read_to_string(data).with_context(|| format!("cannot read {}", data.display()))?;
    let mut pairs: Vec<Pair> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{} line {}", data.display(), i + 1))
        })
        .collect::<anyhow::Result<_>>()?;
    pairs.sort_by(|a, b| a.pair_id.cmp(&b.pair_id));
    let total = pairs.len();
    let labelled: Vec<(Pair, bool)> = pairs
        .into_iter()
        .filter(|p| p.overall <= 1.5 || p.overall >= 3.0)
        .map(|p| {
            let same = p.overall <= 1.5;
            (p, same)
        })
        .collect();
    let mut rows = Vec::new();
    for (p, same) in &labelled {
        let s = Signals::between(&read(&p.text1, e)?, &read(&p.text2, e)?);
        rows.push(PairRow {
            pair_id: p.pair_id.clone(),
            overall: p.overall,
            same: *same,
            predicted: same_event(&s).same,
            score: event_score(&s),
            signals: s,
        });
    }
    let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
    for r in &rows {
        match (r.same, r.predicted) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => tn += 1,
        }
    }
    let scored: Vec<(f64, bool)> = rows.iter().map(|r| (r.score, r.same)).collect();
    let parts: Vec<(f64, Option<f64>, bool)> = rows
        .iter()
        .map(|r| (r.signals.term_cosine, embedding(&r.signals), r.same))
        .collect();
    let (cross_validated_f1, fold_thresholds) = cross_validated(&scored);
    let alone = |xs: Vec<(f64, bool)>| {
        let t = best_threshold(&xs);
        (f1_at(&xs, t), t)
    };
    let lexical_alone = alone(parts.iter().map(|(l, _, y)| (*l, *y)).collect());
    let with_emb: Option<Vec<(f64, f64, bool)>> = parts
        .iter()
        .map(|(l, e, y)| e.map(|e| (*l, e, *y)))
        .collect();
    let embedding_alone = with_emb
        .as_ref()
        .map(|v| alone(v.iter().map(|(_, e, y)| (*e, *y)).collect()));
    let fitted = with_emb.as_deref().map(fit_report);
    Ok(EventsReport {
        lexical_alone,
        embedding_alone,
        fitted,
        signals: signals_alone(&rows),
        rows,
        pairs: total,
        left_out: total - labelled.len(),
        same: labelled.iter().filter(|(_, s)| *s).count(),
        different: labelled.iter().filter(|(_, s)| !*s).count(),
        embeddings: e.is_some(),
        scores: PairScores::from_counts(tp, fp, fn_, tn),
        cross_validated_f1,
        fold_thresholds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_validation_chooses_each_threshold_without_its_fold() {
        // Separable in sample (same from 0.50 up), so the in-sample F1 is 1. Out of fold,
        // each threshold is the lowest same score the other folds hold: fold 0 holds 0.50
        // and is decided at 0.55, so that one same pair is missed (F1 18/19).
        let scored: Vec<(f64, bool)> = (0..20).map(|i| (i as f64 / 20.0, i >= 10)).collect();
        assert_eq!(f1_at(&scored, best_threshold(&scored)), 1.0);
        let (f1, thresholds) = cross_validated(&scored);
        assert_eq!(thresholds, vec![0.55, 0.5, 0.5, 0.5, 0.5]);
        assert!((f1 - 18.0 / 19.0).abs() < 1e-12, "{f1}");
    }

    #[test]
    fn auc_counts_ties_as_half() {
        let scored = [(0.9, true), (0.5, true), (0.5, false), (0.1, false)];
        assert_eq!(auc(&scored), 0.875);
    }
}
