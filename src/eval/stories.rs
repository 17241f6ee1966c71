//! The dedup evaluations: `copies` (pairwise precision and recall of the story grouping on
//! the copies test set, [`super::copyset`]) and `stories` (same-event F1 on SemEval-2022
//! task 8 pairs: overall ≤ 1.5 is the same event, ≥ 3 different, in between left out).

use std::fmt;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;

use super::copyset::{self, Doc};
use crate::page::Article;
use crate::store::stories::decide::{embedding, event_score, same_event};
use crate::store::stories::grouping::{group, Level};
use crate::store::stories::{features_from, Features, Signals, TextEmbedder};

/// Pairwise counts and scores.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PairScores {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl PairScores {
    pub fn from_counts(tp: usize, fp: usize, fn_: usize, tn: usize) -> PairScores {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        PairScores {
            tp,
            fp,
            fn_,
            tn,
            precision,
            recall,
            f1,
        }
    }
}

impl fmt::Display for PairScores {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        writeln!(
            f,
            "precision {:.3}  recall {:.3}  F1 {:.3}",
            self.precision, self.recall, self.f1
        )?;
        writeln!(f, "              predicted same  predicted different")?;
        writeln!(f, "  same        {:>14}  {:>19}", self.tp, self.fn_)?;
        writeln!(f, "  different   {:>14}  {:>19}", self.fp, self.tn)
    }
}

fn sketch(
    title: Option<&str>,
    text: &str,
    e: Option<&dyn TextEmbedder>,
) -> anyhow::Result<Features> {
    let article = Article {
        title: title.map(String::from),
        text: text.to_string(),
        ..Article::default()
    };
    features_from(&article, &crate::claims::extract(&article), e)
}

/// The copies evaluation's report.
#[derive(Debug, Clone, Serialize)]
pub struct CopiesReport {
    pub documents: usize,
    pub stories: usize,
    pub pairs: PairScores,
    /// Pairs of different stories joined, by name (at most 20).
    pub false_joins: Vec<(String, String)>,
    /// Pairs of one story left apart, by name (at most 20).
    pub missed: Vec<(String, String)>,
}

impl fmt::Display for CopiesReport {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        writeln!(
            f,
            "copies: {} documents in {} stories, pairwise",
            self.documents, self.stories
        )?;
        write!(f, "{}", self.pairs)?;
        for (a, b) in &self.false_joins {
            writeln!(f, "  joined but different: {a} ~ {b}")?;
        }
        for (a, b) in &self.missed {
            writeln!(f, "  one story, left apart: {a} ~ {b}")?;
        }
        Ok(())
    }
}

/// The documents of a copies set: a JSONL file of `{name, story, title?, text}`, or the
/// shared folder (`seeds/`, `eval/extraction/scrapinghub/`) to generate the set from.
pub fn load_copies(data: &Path) -> anyhow::Result<Vec<Doc>> {
    if data.is_dir() {
        return copyset::generate(data);
    }
    let raw =
        std::fs::read_to_string(data).with_context(|| format!("cannot read {}", data.display()))?;
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{} line {}", data.display(), i + 1))
        })
        .collect()
}

/// Groups the documents into stories and scores every pair against the truth.
pub fn copies(docs: &[Doc], e: Option<&dyn TextEmbedder>) -> anyhow::Result<CopiesReport> {
    let features = docs
        .iter()
        .map(|d| sketch(d.title.as_deref(), &d.text, e))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let groups = group(&features, Level::Story)?;
    let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
    let (mut false_joins, mut missed) = (Vec::new(), Vec::new());
    for i in 0..docs.len() {
        for j in i + 1..docs.len() {
            let truth = docs[i].story == docs[j].story;
            let said = groups[i] == groups[j];
            let pair = || (docs[i].name.clone(), docs[j].name.clone());
            match (truth, said) {
                (true, true) => tp += 1,
                (false, true) => {
                    fp += 1;
                    if false_joins.len() < 20 {
                        false_joins.push(pair());
                    }
                }
                (true, false) => {
                    fn_ += 1;
                    if missed.len() < 20 {
                        missed.push(pair());
                    }
                }
                (false, false) => tn += 1,
            }
        }
    }
    let stories: std::collections::BTreeSet<&str> = docs.iter().map(|d| d.story.as_str()).collect();
    Ok(CopiesReport {
        documents: docs.len(),
        stories: stories.len(),
        pairs: PairScores::from_counts(tp, fp, fn_, tn),
        false_joins,
        missed,
    })
}

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

/// Scores every labelled pair with `same_event`, and cross-validates the event threshold.
pub fn events(data: &Path, e: Option<&dyn TextEmbedder>) -> anyhow::Result<EventsReport> {
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
    let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
    let mut scored = Vec::new();
    let mut parts = Vec::new();
    for (p, same) in &labelled {
        let s = Signals::between(&sketch(None, &p.text1, e)?, &sketch(None, &p.text2, e)?);
        let said = same_event(&s).same;
        scored.push((event_score(&s), *same));
        parts.push((s.term_cosine, embedding(&s), *same));
        match (*same, said) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => tn += 1,
        }
    }
    let mut fold_thresholds = Vec::new();
    let (mut ctp, mut cfp, mut cfn) = (0, 0, 0);
    for fold in 0..5 {
        let train: Vec<(f64, bool)> = scored
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 5 != fold)
            .map(|(_, x)| *x)
            .collect();
        let t = best_threshold(&train);
        fold_thresholds.push(t);
        for (_, (s, y)) in scored.iter().enumerate().filter(|(i, _)| i % 5 == fold) {
            match (*y, *s >= t) {
                (true, true) => ctp += 1,
                (false, true) => cfp += 1,
                (true, false) => cfn += 1,
                _ => {}
            }
        }
    }
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
        pairs: total,
        left_out: total - labelled.len(),
        same: labelled.iter().filter(|(_, s)| *s).count(),
        different: labelled.iter().filter(|(_, s)| !*s).count(),
        embeddings: e.is_some(),
        scores: PairScores::from_counts(tp, fp, fn_, tn),
        cross_validated_f1: PairScores::from_counts(ctp, cfp, cfn, 0).f1,
        fold_thresholds,
    })
}
