//! Claims evaluation: extracted claims and sources vs a gold file (seeds-gold.json format).
//!
//! A predicted claim matches a gold claim when kind and value agree (relative tolerance
//! 1e-6) and asset and source agree where the gold claim gives them; matching is one-to-one.
//! Gold lists each distinct figure once, so a further mention of an already matched figure
//! (same kind and value, asset not contradicting) counts as a repeat: neither true nor false
//! positive. Predictions whose value is in `may` are ignored; predictions whose value is in
//! `must_not` are false positives and are also listed.

use crate::claims::{self, Claim, ClaimKind};
use crate::page::Article;
use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

#[derive(Debug, Deserialize)]
struct GoldFile {
    documents: BTreeMap<String, GoldDoc>,
}

#[derive(Debug, Deserialize)]
struct GoldDoc {
    file: String,
    #[serde(default)]
    claims: Vec<GoldClaim>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    must_not: Vec<f64>,
    #[serde(default)]
    may: Vec<f64>,
}

#[derive(Debug, Clone, Deserialize)]
struct GoldClaim {
    kind: String,
    value: f64,
    #[serde(default)]
    asset: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

/// True/false positives and false negatives, with the derived scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Score {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    fn finish(&mut self) {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.tp, self.tp + self.fp);
        self.recall = ratio(self.tp, self.tp + self.fn_);
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
    }
}

/// A figure worth showing in the report: a miss, a false positive or a `must_not` hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listed {
    pub doc: String,
    pub kind: String,
    pub value: f64,
    pub asset: Option<String>,
    pub source: Option<String>,
    /// The figure as written (empty for misses).
    pub surface: String,
}

/// The result of a claims evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ClaimsReport {
    pub documents: usize,
    pub per_kind: BTreeMap<String, Score>,
    pub overall: Score,
    /// Further mentions of matched figures (not scored).
    pub repeats: usize,
    /// Predictions ignored because their value is listed under `may`.
    pub ignored_may: usize,
    pub must_not_hits: Vec<Listed>,
    pub missed: Vec<Listed>,
    pub false_positives: Vec<Listed>,
    /// Named sources found (distinct per document) vs gold sources.
    pub sources: Score,
    pub sources_missed: Vec<String>,
    pub sources_extra: Vec<String>,
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1e-9)
}

fn same_name(a: &str, b: &str) -> bool {
    claims::sources::normalise(a).eq_ignore_ascii_case(&claims::sources::normalise(b))
}

fn matches(g: &GoldClaim, p: &Claim) -> bool {
    ClaimKind::parse(&g.kind) == Some(p.kind)
        && same_value(g.value, p.value)
        && g.asset
            .as_ref()
            .is_none_or(|a| p.asset.as_ref().is_some_and(|b| a.eq_ignore_ascii_case(b)))
        && g.source
            .as_ref()
            .is_none_or(|s| p.source.as_ref().is_some_and(|b| same_name(s, b)))
}

fn listed(doc: &str, c: &Claim) -> Listed {
    Listed {
        doc: doc.to_string(),
        kind: c.kind.as_str().to_string(),
        value: c.value,
        asset: c.asset.clone(),
        source: c.source.clone(),
        surface: c.surface.clone(),
    }
}

/// Evaluates the claims extractor on the documents of `gold` found in `docs`, reading each
/// with `read`.
pub fn evaluate(
    gold: &Path,
    docs: &Path,
    read: impl Fn(&Path) -> anyhow::Result<Article>,
) -> anyhow::Result<ClaimsReport> {
    let raw =
        std::fs::read_to_string(gold).with_context(|| format!("reading {}", gold.display()))?;
    let gold: GoldFile =
        serde_json::from_str(&raw).with_context(|| format!("parsing {}", gold_name(&raw)))?;
    let mut report = ClaimsReport::default();
    for (id, doc) in &gold.documents {
        let path = docs.join(&doc.file);
        let article = read(&path).with_context(|| format!("reading {}", path.display()))?;
        let ex = claims::extract(&article);
        score_doc(id, doc, &ex, &mut report);
        report.documents += 1;
    }
    for s in report.per_kind.values_mut() {
        s.finish();
    }
    report.overall.finish();
    report.sources.finish();
    Ok(report)
}

fn gold_name(raw: &str) -> String {
    format!("gold file ({} bytes)", raw.len())
}

fn score_doc(id: &str, doc: &GoldDoc, ex: &claims::Extraction, report: &mut ClaimsReport) {
    let predicted: Vec<&Claim> = ex
        .claims
        .iter()
        .filter(|c| {
            let may = doc.may.iter().any(|v| same_value(*v, c.value));
            report.ignored_may += usize::from(may);
            !may
        })
        .collect();
    let mut used = vec![false; predicted.len()];
    let mut matched_gold = vec![false; doc.claims.len()];
    for (gi, g) in doc.claims.iter().enumerate() {
        if let Some(pi) = (0..predicted.len()).find(|&i| !used[i] && matches(g, predicted[i])) {
            used[pi] = true;
            matched_gold[gi] = true;
        }
    }
    for (gi, g) in doc.claims.iter().enumerate() {
        let s = report.per_kind.entry(g.kind.clone()).or_default();
        if matched_gold[gi] {
            s.tp += 1;
            report.overall.tp += 1;
        } else {
            s.fn_ += 1;
            report.overall.fn_ += 1;
            report.missed.push(Listed {
                doc: id.to_string(),
                kind: g.kind.clone(),
                value: g.value,
                asset: g.asset.clone(),
                source: g.source.clone(),
                surface: String::new(),
            });
        }
    }
    for (pi, p) in predicted.iter().enumerate() {
        if used[pi] {
            continue;
        }
        let repeat = doc.claims.iter().enumerate().any(|(gi, g)| {
            matched_gold[gi]
                && ClaimKind::parse(&g.kind) == Some(p.kind)
                && same_value(g.value, p.value)
                && g.asset
                    .as_ref()
                    .is_none_or(|a| p.asset.as_ref().is_none_or(|b| a.eq_ignore_ascii_case(b)))
        });
        if repeat {
            report.repeats += 1;
            continue;
        }
        report
            .per_kind
            .entry(p.kind.as_str().to_string())
            .or_default()
            .fp += 1;
        report.overall.fp += 1;
        report.false_positives.push(listed(id, p));
        if doc.must_not.iter().any(|v| same_value(*v, p.value)) {
            report.must_not_hits.push(listed(id, p));
        }
    }
    let mut found: Vec<String> = Vec::new();
    for s in ex.sources.iter().filter(|s| s.named) {
        if !found.iter().any(|f| same_name(f, &s.name)) {
            found.push(s.name.clone());
        }
    }
    for f in &found {
        if doc.sources.iter().any(|g| same_name(g, f)) {
            report.sources.tp += 1;
        } else {
            report.sources.fp += 1;
            report.sources_extra.push(format!("{id}: {f}"));
        }
    }
    for g in &doc.sources {
        if !found.iter().any(|f| same_name(g, f)) {
            report.sources.fn_ += 1;
            report.sources_missed.push(format!("{id}: {g}"));
        }
    }
}

impl fmt::Display for ClaimsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "claims evaluation over {} documents", self.documents)?;
        writeln!(
            f,
            "{:<14} {:>4} {:>4} {:>4} {:>9} {:>9} {:>9}",
            "kind", "tp", "fp", "fn", "precision", "recall", "f1"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, s: &Score| {
            writeln!(
                f,
                "{:<14} {:>4} {:>4} {:>4} {:>9.3} {:>9.3} {:>9.3}",
                name, s.tp, s.fp, s.fn_, s.precision, s.recall, s.f1
            )
        };
        for (k, s) in &self.per_kind {
            row(f, k, s)?;
        }
        row(f, "overall", &self.overall)?;
        row(f, "sources", &self.sources)?;
        writeln!(
            f,
            "repeats (not scored): {}; ignored (may): {}",
            self.repeats, self.ignored_may
        )?;
        writeln!(
            f,
            "must_not figures extracted: {}",
            self.must_not_hits.len()
        )?;
        for l in &self.must_not_hits {
            writeln!(
                f,
                "  must_not {} {} {} [{}]",
                l.doc, l.kind, l.value, l.surface
            )?;
        }
        for l in &self.missed {
            writeln!(
                f,
                "  missed   {} {} {} asset={} source={}",
                l.doc,
                l.kind,
                l.value,
                l.asset.as_deref().unwrap_or("-"),
                l.source.as_deref().unwrap_or("-")
            )?;
        }
        for l in &self.false_positives {
            writeln!(
                f,
                "  extra    {} {} {} asset={} source={} [{}]",
                l.doc,
                l.kind,
                l.value,
                l.asset.as_deref().unwrap_or("-"),
                l.source.as_deref().unwrap_or("-"),
                l.surface
            )?;
        }
        for s in &self.sources_missed {
            writeln!(f, "  source missed {s}")?;
        }
        for s in &self.sources_extra {
            writeln!(f, "  source extra  {s}")?;
        }
        Ok(())
    }
}
