//! Extraction evaluation on the WCXB layout: a folder of per-page truth files
//! (`truth/<id>.json` with `ground_truth.{title, author, publish_date, main_content, with,
//! without}` and the page type in `_internal.page_type.primary`) beside `html/<id>.html[.gz]`.
//! Scores, per page type and overall: main-text word F1 (bag of lowercase words, per page,
//! averaged over pages), the ScrapingHub shingle F1, the share of `with` snippets found and of
//! `without` snippets leaked, and title, author and published-date accuracy. Owns reading that
//! layout, the held-aside split of its pages, and the report of the worst pages per field;
//! the page-kind confusion matrix is in [`super::wcxb_kind`].

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::claims::Split;
use super::extraction::{aggregate, shingle_counts, Counts};
use super::wcxb_metrics::day;
pub use super::wcxb_metrics::{author_set, normalise, word_f1};
use crate::page::{read_html, Article};

#[derive(Deserialize, Default)]
struct GroundTruth {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    publish_date: Option<String>,
    #[serde(default)]
    main_content: Option<String>,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
}

#[derive(Deserialize, Default)]
struct PageType {
    #[serde(default)]
    primary: Option<String>,
}

#[derive(Deserialize, Default)]
struct Internal {
    #[serde(default)]
    page_type: PageType,
}

#[derive(Deserialize)]
struct TruthFile {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    file_id: Option<String>,
    #[serde(default)]
    ground_truth: GroundTruth,
    #[serde(default, rename = "_internal")]
    internal: Internal,
}

/// What an extractor predicted for one page: claimwire's reading, or a peer's output given
/// with `--predictions` (a JSON object of id to these fields).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Prediction {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub published: Option<String>,
}

impl From<&Article> for Prediction {
    fn from(a: &Article) -> Self {
        Prediction {
            text: a.text.clone(),
            title: a.title.clone(),
            authors: a.authors.clone(),
            published: a.published.clone(),
        }
    }
}

/// True when a page belongs to the held-aside quarter: the first byte of the SHA-256 of its
/// id is below 64. Rules are tuned on the other pages only.
pub fn held_out(id: &str) -> bool {
    Sha256::digest(id.as_bytes())[0] < 64
}

/// One page's result on every field; `None` where the truth has no value for it.
#[derive(Debug, Clone, Serialize)]
pub struct PageResult {
    pub id: String,
    pub url: Option<String>,
    pub page_type: String,
    pub heldout: bool,
    pub word_f1: f64,
    #[serde(skip)]
    pub shingles: Counts,
    pub with_found: (usize, usize),
    pub without_leaked: (usize, usize),
    pub title_ok: Option<bool>,
    pub author_ok: Option<bool>,
    pub date_ok: Option<bool>,
    /// An author or date predicted where the truth has none.
    pub invented_author: bool,
    pub invented_date: bool,
    pub expected: Expected,
    pub predicted: Prediction,
    /// The page kind claimwire read (`None` for a peer's predictions).
    pub page_kind: Option<String>,
}

/// The truth's values, kept for the worst-pages lists.
#[derive(Debug, Clone, Serialize)]
pub struct Expected {
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub text_chars: usize,
}

fn present(hay: &str, snippet: &str) -> bool {
    let s = normalise(snippet);
    !s.is_empty() && hay.contains(&s)
}

fn nonempty(o: &Option<String>) -> Option<&str> {
    o.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn score_page(id: &str, t: &TruthFile, pred: Prediction, kind: Option<String>) -> PageResult {
    let g = &t.ground_truth;
    let truth_text = g.main_content.as_deref().unwrap_or("");
    let hay = format!(" {} ", normalise(&pred.text));
    let found = g.with.iter().filter(|s| present(&hay, s)).count();
    let leaked = g.without.iter().filter(|s| present(&hay, s)).count();
    let title_ok = nonempty(&g.title).map(|tt| {
        pred.title
            .as_deref()
            .is_some_and(|p| normalise(p) == normalise(tt))
    });
    let author_ok = nonempty(&g.author).map(|ta| {
        let want = author_set(&[ta]);
        !want.is_empty() && author_set(&pred.authors) == want
    });
    let date_ok = nonempty(&g.publish_date).map(|td| {
        let want = day(td);
        want.is_some() && pred.published.as_deref().and_then(day) == want
    });
    PageResult {
        id: id.to_string(),
        url: t.url.clone(),
        page_type: t
            .internal
            .page_type
            .primary
            .clone()
            .unwrap_or_else(|| "unknown".into()),
        heldout: held_out(id),
        word_f1: word_f1(truth_text, &pred.text),
        shingles: shingle_counts(truth_text, &pred.text),
        with_found: (found, g.with.len()),
        without_leaked: (leaked, g.without.len()),
        title_ok,
        author_ok,
        date_ok,
        invented_author: author_ok.is_none() && !pred.authors.is_empty(),
        invented_date: date_ok.is_none() && pred.published.is_some(),
        expected: Expected {
            title: g.title.clone(),
            author: g.author.clone(),
            published: g.publish_date.clone(),
            text_chars: truth_text.chars().count(),
        },
        predicted: pred,
        page_kind: kind,
    }
}

/// Scores of one group of pages (a page type, or all).
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupScore {
    pub group: String,
    pub pages: usize,
    pub word_f1: f64,
    pub shingle_f1: f64,
    /// Share of `with` snippets found in the main text (higher is better).
    pub with_found: Option<f64>,
    /// Share of `without` snippets that leaked into the main text (lower is better).
    pub without_leaked: Option<f64>,
    /// (correct, pages with a true value) for each metadata field.
    pub title: (usize, usize),
    pub author: (usize, usize),
    pub date: (usize, usize),
    pub invented_authors: usize,
    pub invented_dates: usize,
}

impl GroupScore {
    fn of(group: &str, pages: &[&PageResult]) -> Self {
        let n = pages.len();
        let ratio = |pairs: &mut dyn Iterator<Item = (usize, usize)>| {
            let (a, b) = pairs.fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
            (b > 0).then(|| a as f64 / b as f64)
        };
        let tally = |f: &dyn Fn(&PageResult) -> Option<bool>| {
            pages.iter().fold((0, 0), |(ok, all), p| match f(p) {
                Some(true) => (ok + 1, all + 1),
                Some(false) => (ok, all + 1),
                None => (ok, all),
            })
        };
        let counts: Vec<Counts> = pages.iter().map(|p| p.shingles).collect();
        GroupScore {
            group: group.to_string(),
            pages: n,
            word_f1: if n == 0 {
                0.0
            } else {
                pages.iter().map(|p| p.word_f1).sum::<f64>() / n as f64
            },
            shingle_f1: aggregate(&counts).2,
            with_found: ratio(&mut pages.iter().map(|p| p.with_found)),
            without_leaked: ratio(&mut pages.iter().map(|p| p.without_leaked)),
            title: tally(&|p| p.title_ok),
            author: tally(&|p| p.author_ok),
            date: tally(&|p| p.date_ok),
            invented_authors: pages.iter().filter(|p| p.invented_author).count(),
            invented_dates: pages.iter().filter(|p| p.invented_date).count(),
        }
    }
}

/// The report: one row per page type and one for all pages, the worst pages per field.
#[derive(Debug, Clone, Serialize)]
pub struct WcxbReport {
    pub split: String,
    pub groups: Vec<GroupScore>,
    pub overall: GroupScore,
    pub pages_per_sec: f64,
    /// Up to ten pages per field: lowest word F1, and wrong titles, authors and dates.
    pub worst: BTreeMap<String, Vec<PageResult>>,
    /// Page kind vs the truth's page type (claimwire's reading only).
    pub kinds: Option<super::wcxb_kind::KindMatrix>,
    #[serde(skip)]
    pub all: Vec<PageResult>,
}

fn read_truths(dir: &Path) -> anyhow::Result<Vec<(String, TruthFile)>> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for e in entries {
        let path = e?.path();
        if path.extension().and_then(|x| x.to_str()) != Some("json") {
            continue;
        }
        let raw = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let t: TruthFile = serde_json::from_str(&raw)
            .with_context(|| format!("{}: not a WCXB truth file", path.display()))?;
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let id = t.file_id.clone().unwrap_or(stem);
        out.push((id, t));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Another extractor's output, if a file is given: a JSON object of id to prediction.
pub(super) fn read_predictions(
    predictions: Option<&Path>,
) -> anyhow::Result<Option<HashMap<String, Prediction>>> {
    let Some(p) = predictions else {
        return Ok(None);
    };
    let raw = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
    Ok(Some(serde_json::from_str(&raw).with_context(|| {
        format!("{}: not a JSON object of predictions", p.display())
    })?))
}

/// Scores every page of `truth_dir` in `split`: claimwire reads `html_dir/<id>.html[.gz]`,
/// unless `predictions` gives another extractor's output for each id.
pub fn evaluate(
    html_dir: &Path,
    truth_dir: &Path,
    split: Split,
    predictions: Option<&Path>,
) -> anyhow::Result<WcxbReport> {
    let given = read_predictions(predictions)?;
    let mut results = Vec::new();
    let mut busy = 0.0;
    for (id, t) in read_truths(truth_dir)? {
        let keep = match split {
            Split::All => true,
            Split::Tune => !held_out(&id),
            Split::Heldout => held_out(&id),
        };
        if !keep {
            continue;
        }
        let (pred, kind) = match &given {
            Some(map) => (map.get(&id).cloned().unwrap_or_default(), None),
            None => {
                let html = super::extraction::read_page(html_dir, &id)?;
                let start = Instant::now();
                let article = read_html(&html, t.url.as_deref());
                busy += start.elapsed().as_secs_f64();
                let kind = article.kind.kind.as_str().to_string();
                (Prediction::from(&article), Some(kind))
            }
        };
        results.push(score_page(&id, &t, pred, kind));
    }
    Ok(report(split, results, busy))
}

fn report(split: Split, results: Vec<PageResult>, busy: f64) -> WcxbReport {
    let mut types: Vec<String> = results.iter().map(|r| r.page_type.clone()).collect();
    types.sort();
    types.dedup();
    let groups = types
        .iter()
        .map(|t| {
            let pages: Vec<&PageResult> = results.iter().filter(|r| &r.page_type == t).collect();
            GroupScore::of(t, &pages)
        })
        .collect();
    let everything: Vec<&PageResult> = results.iter().collect();
    let overall = GroupScore::of("all", &everything);
    let mut worst = BTreeMap::new();
    let mut by_f1: Vec<PageResult> = results.clone();
    by_f1.sort_by(|a, b| a.word_f1.total_cmp(&b.word_f1));
    by_f1.truncate(10);
    worst.insert("text".to_string(), by_f1);
    let wrong = |f: &dyn Fn(&PageResult) -> Option<bool>| -> Vec<PageResult> {
        results
            .iter()
            .filter(|r| f(r) == Some(false))
            .take(10)
            .cloned()
            .collect()
    };
    worst.insert("title".into(), wrong(&|r| r.title_ok));
    worst.insert("author".into(), wrong(&|r| r.author_ok));
    worst.insert("published".into(), wrong(&|r| r.date_ok));
    WcxbReport {
        split: format!("{split:?}").to_lowercase(),
        pages_per_sec: if busy > 0.0 {
            results.len() as f64 / busy
        } else {
            0.0
        },
        groups,
        overall,
        worst,
        kinds: super::wcxb_kind::matrix(&results),
        all: results,
    }
}

#[cfg(test)]
#[path = "wcxb_tests.rs"]
mod tests;
