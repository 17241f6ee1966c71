//! Extraction evaluation: predicted main text vs annotated bodies, scored the way the
//! ScrapingHub article-extraction benchmark scores them (token 4-gram shingles, per-page
//! precision and recall averaged over pages, F1 the harmonic mean of those averages).
//! Owns reading a folder of `<id>.html` / `<id>.html.gz` pages and a truth file.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use once_cell::sync::Lazy;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::page::read_html;

/// Shingle length, as in the benchmark.
const NGRAM: usize = 4;

static TOKEN_RE: Lazy<Regex> = Lazy::new(|| Regex::new(r"\w+").expect("static regex"));

/// True positives, false positives and false negatives over shingles, normalised to sum 1
/// (so that long pages do not weigh more), as the benchmark does.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Counts {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

impl Counts {
    /// Precision, `None` when the page has no predicted shingle (the benchmark skips it).
    pub fn precision(&self) -> Option<f64> {
        if self.tp + self.fp <= 0.0 {
            return None;
        }
        Some(if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else {
            self.tp / (self.tp + self.fp)
        })
    }

    /// Recall, `None` when the page has no true shingle (the benchmark skips it).
    pub fn recall(&self) -> Option<f64> {
        if self.tp + self.fn_ <= 0.0 {
            return None;
        }
        Some(if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else {
            self.tp / (self.tp + self.fn_)
        })
    }

    /// This page's F1 (0 when either side is empty and the other is not).
    pub fn f1(&self) -> f64 {
        let p = self.precision().unwrap_or(0.0);
        let r = self.recall().unwrap_or(0.0);
        if self.tp + self.fp + self.fn_ == 0.0 {
            return 1.0;
        }
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens: Vec<&str> = TOKEN_RE.find_iter(text).map(|m| m.as_str()).collect();
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    if tokens.len() < NGRAM {
        out.insert(tokens, 1);
        return out;
    }
    for w in tokens.windows(NGRAM) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// Compares a predicted body with the true one over token 4-gram shingles.
pub fn shingle_counts(truth: &str, pred: &str) -> Counts {
    let t = shingles(truth);
    let p = shingles(pred);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += tc.min(pc) as f64;
        fn_ += tc.saturating_sub(pc) as f64;
    }
    for (k, &pc) in &p {
        let tc = t.get(k).copied().unwrap_or(0);
        fp += pc.saturating_sub(tc) as f64;
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        Counts {
            tp: tp / s,
            fp: fp / s,
            fn_: fn_ / s,
        }
    } else {
        Counts { tp, fp, fn_ }
    }
}

/// One page's scores.
#[derive(Debug, Clone, Serialize)]
pub struct PageScore {
    pub id: String,
    pub url: Option<String>,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Scores over a set of pages.
#[derive(Debug, Clone, Serialize)]
pub struct ExtractionReport {
    pub pages: usize,
    /// Mean per-page precision over pages with a prediction (the benchmark's definition).
    pub precision: f64,
    /// Mean per-page recall over pages with a true body.
    pub recall: f64,
    /// Harmonic mean of `precision` and `recall` (the benchmark's F1).
    pub f1: f64,
    /// Mean of per-page F1, a stricter view.
    pub mean_page_f1: f64,
    /// Pages per second for reading (parse + extraction), excluding file I/O.
    pub pages_per_sec: f64,
    /// The ten pages with the lowest F1.
    pub worst: Vec<PageScore>,
    /// Every page's scores, in id order (not serialised; for tools that rank pages).
    #[serde(skip)]
    pub all: Vec<PageScore>,
}

/// Aggregates per-page counts the way the benchmark does.
pub fn aggregate(counts: &[Counts]) -> (f64, f64, f64) {
    let ps: Vec<f64> = counts.iter().filter_map(Counts::precision).collect();
    let rs: Vec<f64> = counts.iter().filter_map(Counts::recall).collect();
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (p, r) = (mean(&ps), mean(&rs));
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f1)
}

#[derive(Deserialize)]
struct Truth {
    #[serde(rename = "articleBody", default)]
    article_body: String,
    #[serde(default)]
    url: Option<String>,
}

pub(crate) fn read_page(dir: &Path, id: &str) -> anyhow::Result<String> {
    let plain = dir.join(format!("{id}.html"));
    let bytes = if plain.exists() {
        std::fs::read(&plain).with_context(|| format!("reading {}", plain.display()))?
    } else {
        let gz = dir.join(format!("{id}.html.gz"));
        let file = std::fs::File::open(&gz).with_context(|| format!("opening {}", gz.display()))?;
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut out)
            .with_context(|| format!("decompressing {}", gz.display()))?;
        out
    };
    Ok(crate::fetch::decode(&bytes, Some("text/html")).0)
}

/// Reads every page named in `truth` from `html_dir` and scores its main text.
pub fn evaluate(html_dir: &Path, truth: &Path) -> anyhow::Result<ExtractionReport> {
    evaluate_with(html_dir, truth, None)
}

/// As [`evaluate`], or, with `predictions`, scores another extractor's output instead of
/// reading the pages: a JSON object of id to `{text, ...}` (the WCXB predictions format; only
/// `text` is scored here). A page the predictions leave out counts as an empty prediction;
/// `pages_per_sec` is then 0 (nothing was read).
pub fn evaluate_with(
    html_dir: &Path,
    truth: &Path,
    predictions: Option<&Path>,
) -> anyhow::Result<ExtractionReport> {
    let raw =
        std::fs::read_to_string(truth).with_context(|| format!("reading {}", truth.display()))?;
    let truth: BTreeMap<String, Truth> =
        serde_json::from_str(&raw).with_context(|| format!("parsing {}", truth.display()))?;
    let given = super::wcxb::read_predictions(predictions)?;
    let mut scores = Vec::new();
    let mut counts = Vec::new();
    let mut busy = 0.0;
    for (id, t) in &truth {
        let text = match &given {
            Some(map) => map.get(id).map(|p| p.text.clone()).unwrap_or_default(),
            None => {
                let html = read_page(html_dir, id)?;
                let start = Instant::now();
                let article = read_html(&html, t.url.as_deref());
                busy += start.elapsed().as_secs_f64();
                article.text
            }
        };
        let c = shingle_counts(&t.article_body, &text);
        counts.push(c);
        scores.push(PageScore {
            id: id.clone(),
            url: t.url.clone(),
            precision: c.precision().unwrap_or(0.0),
            recall: c.recall().unwrap_or(0.0),
            f1: c.f1(),
        });
    }
    let (precision, recall, f1) = aggregate(&counts);
    let mean_page_f1 = if scores.is_empty() {
        0.0
    } else {
        scores.iter().map(|s| s.f1).sum::<f64>() / scores.len() as f64
    };
    let mut worst = scores.clone();
    worst.sort_by(|a, b| a.f1.total_cmp(&b.f1));
    worst.truncate(10);
    Ok(ExtractionReport {
        pages: scores.len(),
        precision,
        recall,
        f1,
        mean_page_f1,
        pages_per_sec: if busy > 0.0 {
            scores.len() as f64 / busy
        } else {
            0.0
        },
        worst,
        all: scores,
    })
}

impl fmt::Display for ExtractionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "pages      {}", self.pages)?;
        writeln!(f, "precision  {:.3}", self.precision)?;
        writeln!(f, "recall     {:.3}", self.recall)?;
        writeln!(f, "F1         {:.3}", self.f1)?;
        writeln!(
            f,
            "page F1    {:.3} (mean of per-page F1)",
            self.mean_page_f1
        )?;
        if self.pages_per_sec > 0.0 {
            writeln!(f, "pages/sec  {:.1}", self.pages_per_sec)?;
        }
        writeln!(f)?;
        writeln!(f, "worst pages:")?;
        writeln!(f, "{:<14} {:>6} {:>6} {:>6}  url", "id", "P", "R", "F1")?;
        for s in &self.worst {
            let id: String = s.id.chars().take(12).collect();
            writeln!(
                f,
                "{:<14} {:>6.3} {:>6.3} {:>6.3}  {}",
                id,
                s.precision,
                s.recall,
                s.f1,
                s.url.as_deref().unwrap_or("")
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one() {
        let t = "The quick brown fox jumps over the lazy dog today";
        let c = shingle_counts(t, t);
        assert_eq!(c.precision(), Some(1.0));
        assert_eq!(c.recall(), Some(1.0));
        assert_eq!(c.f1(), 1.0);
    }

    #[test]
    fn disjoint_texts_score_zero() {
        let c = shingle_counts("alpha beta gamma delta epsilon", "one two three four five");
        assert_eq!(c.precision(), Some(0.0));
        assert_eq!(c.recall(), Some(0.0));
        assert_eq!(c.f1(), 0.0);
    }

    #[test]
    fn partial_overlap_has_known_value() {
        // truth: 6 tokens -> 3 shingles; prediction is the first 5 tokens -> 2 shingles, both true.
        let c = shingle_counts("a b c d e f", "a b c d e");
        // tp=2, fp=0, fn=1 -> precision 1, recall 2/3.
        assert_eq!(c.precision(), Some(1.0));
        assert!((c.recall().unwrap_or(0.0) - 2.0 / 3.0).abs() < 1e-9);
        assert!((c.f1() - 0.8).abs() < 1e-9);
    }

    #[test]
    fn empty_prediction_is_skipped_for_precision() {
        let c = shingle_counts("a b c d e", "");
        assert_eq!(c.precision(), None);
        assert_eq!(c.recall(), Some(0.0));
        let (p, r, _) = aggregate(&[c, shingle_counts("x y z w", "x y z w")]);
        assert_eq!(p, 1.0);
        assert_eq!(r, 0.5);
    }

    #[test]
    fn given_predictions_are_scored_instead_of_reading_and_missing_ones_are_empty() {
        let dir = tempfile::tempdir().expect("temp dir");
        let truth = dir.path().join("ground-truth.json");
        let body = "one two three four five six seven";
        std::fs::write(
            &truth,
            serde_json::json!({"a": {"articleBody": body}, "b": {"articleBody": body}}).to_string(),
        )
        .expect("truth");
        let preds = dir.path().join("preds.json");
        std::fs::write(&preds, serde_json::json!({"a": {"text": body}}).to_string())
            .expect("predictions");
        // no page files: with predictions nothing is read
        let r = evaluate_with(&dir.path().join("html"), &truth, Some(&preds)).expect("scored");
        assert_eq!(r.pages, 2);
        assert_eq!(r.precision, 1.0);
        assert_eq!(r.recall, 0.5);
        assert_eq!(r.pages_per_sec, 0.0);
        assert!(evaluate_with(&dir.path().join("html"), &truth, None).is_err());
    }

    #[test]
    fn short_texts_form_one_shingle_and_punctuation_is_ignored() {
        let c = shingle_counts("Hello, world!", "hello world");
        assert_eq!(c.precision(), Some(0.0));
        let c = shingle_counts("Hello, world!", "Hello world");
        assert_eq!(c.f1(), 1.0);
    }
}
