//! Claims evaluation: extracted claims and sources vs a gold file (seeds-gold.json format,
//! whose documents are files beside it or locators into the shared data, see [`docs`]).
//!
//! A predicted claim matches a gold claim when kind and value agree (relative tolerance
//! 1e-6), the upper end agrees where the gold claim gives a range (`value_high`), and asset
//! and source agree where the gold claim gives them; matching is one-to-one. Gold lists each
//! distinct figure once, so a further mention of an already matched figure (same kind and
//! value, asset not contradicting) counts as a repeat: neither true nor false positive.
//! Predictions whose value is in `may` are ignored; predictions whose value is in `must_not`
//! are false positives and are also listed. Misses and false positives carry the issue-17
//! class they fall in (see [`class_of_miss`]) and are counted by kind and by class.

pub mod docs;
mod report;

use crate::claims::{self, Claim, ClaimKind, Precision};
use crate::page::Article;
use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Deserialize)]
struct GoldFile {
    documents: BTreeMap<String, GoldDoc>,
}

#[derive(Debug, Deserialize)]
struct GoldDoc {
    /// A file beside the gold file (or in `--docs`).
    #[serde(default)]
    file: Option<String>,
    /// A locator into the shared data (`scrapinghub:<id>`, `wcxb:<id>`, `crypto:<file>`).
    #[serde(default)]
    doc: Option<String>,
    /// Kept out of tuning: scored only with `--split heldout` (and `all`).
    #[serde(default)]
    heldout: bool,
    #[serde(default)]
    claims: Vec<GoldClaim>,
    /// Named sources; documents without the field are not scored on sources.
    #[serde(default)]
    sources: Option<Vec<String>>,
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
    value_high: Option<f64>,
    #[serde(default)]
    asset: Option<String>,
    #[serde(default)]
    source: Option<String>,
    /// The issue-17 class the claim exercises (zone, range, crypto_amount, index, kind,
    /// subject, source).
    #[serde(default)]
    class: Option<String>,
}

/// Which documents of a gold file to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Split {
    #[default]
    All,
    /// The documents not marked `heldout` (the ones rules may be tuned on).
    Tune,
    /// The documents marked `heldout`.
    Heldout,
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
    pub value_high: Option<f64>,
    pub asset: Option<String>,
    pub source: Option<String>,
    /// The figure as written (empty for misses).
    pub surface: String,
    /// The issue-17 class the error falls in.
    pub class: String,
}

/// Misses and false positives of one kind or class.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ErrorCount {
    pub missed: usize,
    pub false_positives: usize,
}

/// The result of a claims evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ClaimsReport {
    pub documents: usize,
    pub per_kind: BTreeMap<String, Score>,
    pub overall: Score,
    /// Misses and false positives by issue-17 class.
    pub by_class: BTreeMap<String, ErrorCount>,
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

fn same_asset(gold: &Option<String>, p: &Claim) -> bool {
    gold.as_ref()
        .is_none_or(|a| p.asset.as_ref().is_some_and(|b| a.eq_ignore_ascii_case(b)))
}

fn matches(g: &GoldClaim, p: &Claim) -> bool {
    ClaimKind::parse(&g.kind) == Some(p.kind)
        && same_value(g.value, p.value)
        && g.value_high
            .is_none_or(|h| p.value_high.is_some_and(|ph| same_value(h, ph)))
        && same_asset(&g.asset, p)
        && g.source
            .as_ref()
            .is_none_or(|s| p.source.as_ref().is_some_and(|b| same_name(s, b)))
}

/// The class of a missed gold claim: its label, else what the closest prediction got wrong
/// (the asset: `subject`; the source: `source`; the kind: `kind`), else `other`.
pub fn class_of_miss(
    g_class: Option<&str>,
    kind_ok: bool,
    asset_ok: bool,
    value_seen: bool,
) -> String {
    if let Some(c) = g_class {
        return c.to_string();
    }
    match (value_seen, kind_ok, asset_ok) {
        (true, true, false) => "subject",
        (true, true, true) => "source",
        (true, false, _) => "kind",
        _ => "other",
    }
    .to_string()
}

/// The class of a false positive, by what the extractor made of it.
fn class_of_extra(p: &Claim, gold_value_other_kind: bool) -> String {
    if gold_value_other_kind {
        return "kind".into();
    }
    match (p.precision, p.kind) {
        (Precision::Zone | Precision::ZoneLow | Precision::ZoneMid | Precision::ZoneHigh, _) => {
            "zone"
        }
        (Precision::Range, _) => "range",
        (_, ClaimKind::CryptoAmount) => "crypto_amount",
        (_, ClaimKind::IndexLevel) => "index",
        _ => "other",
    }
    .into()
}

fn listed(doc: &str, c: &Claim, class: String) -> Listed {
    Listed {
        doc: doc.to_string(),
        kind: c.kind.as_str().to_string(),
        value: c.value,
        value_high: c.value_high,
        asset: c.asset.clone(),
        source: c.source.clone(),
        surface: c.surface.clone(),
        class,
    }
}

/// Evaluates the claims extractor on the documents of `gold` (of `split`): files are read
/// from `docs` (default: the gold file's folder) with `read`, locators from `shared`.
pub fn evaluate(
    gold: &Path,
    docs: Option<&Path>,
    shared: &Path,
    split: Split,
    read: impl Fn(&Path) -> anyhow::Result<Article>,
) -> anyhow::Result<ClaimsReport> {
    let raw =
        std::fs::read_to_string(gold).with_context(|| format!("reading {}", gold.display()))?;
    let parsed: GoldFile =
        serde_json::from_str(&raw).with_context(|| format!("parsing {}", gold.display()))?;
    let docs_dir = docs
        .map(Path::to_path_buf)
        .unwrap_or_else(|| gold.parent().map(Path::to_path_buf).unwrap_or_default());
    let mut locator = docs::Locator::new(shared);
    let mut report = ClaimsReport::default();
    for (id, doc) in &parsed.documents {
        let keep = match split {
            Split::All => true,
            Split::Tune => !doc.heldout,
            Split::Heldout => doc.heldout,
        };
        if !keep {
            continue;
        }
        let article = match (&doc.doc, &doc.file) {
            (Some(loc), _) => locator
                .read(loc)
                .with_context(|| format!("{}: document {id}", gold.display()))?,
            (None, Some(file)) => {
                let path = docs_dir.join(file);
                read(&path).with_context(|| format!("reading {}", path.display()))?
            }
            (None, None) => anyhow::bail!(
                "{}: document {id} names neither a \"file\" nor a \"doc\" locator",
                gold.display()
            ),
        };
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
            continue;
        }
        s.fn_ += 1;
        report.overall.fn_ += 1;
        let seen: Vec<&&Claim> = predicted
            .iter()
            .filter(|p| same_value(g.value, p.value))
            .collect();
        let kind_ok = seen
            .iter()
            .any(|p| ClaimKind::parse(&g.kind) == Some(p.kind));
        let asset_ok = seen
            .iter()
            .any(|p| ClaimKind::parse(&g.kind) == Some(p.kind) && same_asset(&g.asset, p));
        let class = class_of_miss(g.class.as_deref(), kind_ok, asset_ok, !seen.is_empty());
        report.by_class.entry(class.clone()).or_default().missed += 1;
        report.missed.push(Listed {
            doc: id.to_string(),
            kind: g.kind.clone(),
            value: g.value,
            value_high: g.value_high,
            asset: g.asset.clone(),
            source: g.source.clone(),
            surface: String::new(),
            class,
        });
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
        let other_kind = doc
            .claims
            .iter()
            .any(|g| same_value(g.value, p.value) && ClaimKind::parse(&g.kind) != Some(p.kind));
        let class = class_of_extra(p, other_kind);
        report
            .by_class
            .entry(class.clone())
            .or_default()
            .false_positives += 1;
        if doc.must_not.iter().any(|v| same_value(*v, p.value)) {
            report.must_not_hits.push(listed(id, p, class.clone()));
        }
        report.false_positives.push(listed(id, p, class));
    }
    let Some(gold_sources) = &doc.sources else {
        return;
    };
    let mut found: Vec<String> = Vec::new();
    for s in ex.sources.iter().filter(|s| s.named) {
        if !found.iter().any(|f| same_name(f, &s.name)) {
            found.push(s.name.clone());
        }
    }
    for f in &found {
        if gold_sources.iter().any(|g| same_name(g, f)) {
            report.sources.tp += 1;
        } else {
            report.sources.fp += 1;
            report.sources_extra.push(format!("{id}: {f}"));
        }
    }
    for g in gold_sources {
        if !found.iter().any(|f| same_name(g, f)) {
            report.sources.fn_ += 1;
            report.sources_missed.push(format!("{id}: {g}"));
        }
    }
}
