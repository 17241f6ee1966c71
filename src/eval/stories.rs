//! The copies evaluation: pairwise precision and recall of the story grouping on the copies
//! test set ([`super::copyset`]), and the pair scores both dedup evaluations report.

use std::fmt;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;

use super::copyset::{self, Doc};
use crate::page::Article;
use crate::store::stories::grouping::{group, Level};
use crate::store::stories::{features_from, Features, TextEmbedder};

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

pub(super) fn sketch(
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
