//! What the dedup compares: the [`Features`] of one article (computed once, stored, never
//! recomputed from old texts) and the [`Signals`] between two of them, each a score.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::minhash::{self, LEDE_MINHASH_LEN, LEDE_WORDS, MINHASH_LEN};
use super::names;
use super::TextEmbedder;

/// Fewest shingles both texts need for the text-overlap signals to count (about a sentence
/// and a half): below it, containment of a tiny text in a long one means nothing.
pub const MIN_SHINGLES: usize = 20;

/// The metadata the dedup looks at.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub canonical_url: Option<String>,
    pub publisher: Option<String>,
    pub based_on: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
}

/// An article's sketches: everything the signals need, so that comparing with a stored
/// article reads its stored features and never its text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Features {
    pub meta: Meta,
    /// [`crate::store::content_hash`] of the main text.
    pub text_hash: String,
    /// Characters of main text (the most complete copy is the longest).
    pub text_len: usize,
    /// Sorted hashes of the word 5-shingles.
    pub shingles: Vec<u32>,
    pub minhash: Vec<u32>,
    pub lede_minhash: Vec<u32>,
    /// Content words of title and text, unit length.
    pub terms: Vec<(u32, f32)>,
    /// Figure keys ([`figure_key`]) of the claims.
    pub figures: BTreeSet<String>,
    /// Assets and named sources of the claims, lower case.
    pub entities: BTreeSet<String>,
    /// Embedding of title + lede, when an embedder was given.
    pub emb_lede: Option<Vec<f32>>,
    /// Embedding of title + text (the model reads their first 256 tokens), when an embedder
    /// was given.
    pub emb_text: Option<Vec<f32>>,
    /// Names and numbers of title and text ([`names::name_vector`]), unit length.
    #[serde(default)]
    pub names: Vec<(u32, f32)>,
    /// Mean embedding of title + text in windows of [`WINDOW_WORDS`] words (at most
    /// [`MAX_WINDOWS`]), unit length, when an embedder was given.
    #[serde(default)]
    pub emb_whole: Option<Vec<f32>>,
}

/// Words per embedding window (about the 256 tokens the model reads).
pub const WINDOW_WORDS: usize = 180;
/// Most windows embedded per text.
pub const MAX_WINDOWS: usize = 4;

/// Which embeddings an article's sketch takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedScope {
    /// Only what the story decisions read: title + text. Ingest's choice: the other two cost
    /// three quarters of the embedding work and decide nothing.
    Decisions,
    /// Also title + lede and the whole-text windows, which `dedup explain` and the
    /// evaluations show beside it.
    All,
}

impl Features {
    /// Sketches an article. The embedder, when given, embeds title + text, and in
    /// [`EmbedScope::All`] also title + lede and the text's windows.
    pub fn new(
        meta: Meta,
        text: &str,
        figures: BTreeSet<String>,
        entities: BTreeSet<String>,
        embedder: Option<&dyn TextEmbedder>,
        scope: EmbedScope,
    ) -> anyhow::Result<Features> {
        let words = minhash::words(text);
        let shingles = minhash::shingles(&words);
        let lede_end = words.len().min(LEDE_WORDS);
        let lede_shingles = minhash::shingles(&words[..lede_end]);
        let mut all_words = meta
            .title
            .as_deref()
            .map(minhash::words)
            .unwrap_or_default();
        all_words.extend(words.iter().cloned());
        let (emb_lede, emb_text, emb_whole) = match embedder {
            Some(e) => {
                let _span = crate::stage_times::span(crate::stage_times::Stage::Embed);
                let titled = match meta.title.as_deref().filter(|t| !t.trim().is_empty()) {
                    Some(t) => format!("{t}. {text}"),
                    None => text.to_string(),
                };
                if scope == EmbedScope::Decisions {
                    (None, e.embed(&[titled.as_str()])?.into_iter().next(), None)
                } else {
                    let lede = format!(
                        "{}. {}",
                        meta.title.as_deref().unwrap_or(""),
                        lede_text(text)
                    );
                    let windows = windows(&titled);
                    let mut inputs = vec![lede.as_str(), titled.as_str()];
                    inputs.extend(windows.iter().skip(1).map(String::as_str));
                    let mut v = e.embed(&inputs)?.into_iter();
                    let (lede, opening) = (v.next(), v.next());
                    let rest: Vec<Vec<f32>> = v.collect();
                    let whole = opening.as_ref().map(|o| mean_unit(o, &rest));
                    (lede, opening, whole)
                }
            }
            None => (None, None, None),
        };
        Ok(Features {
            text_hash: crate::store::content_hash(text),
            text_len: text.chars().count(),
            minhash: minhash::minhash(&shingles, MINHASH_LEN),
            lede_minhash: minhash::minhash(&lede_shingles, LEDE_MINHASH_LEN),
            shingles,
            terms: minhash::term_vector(&all_words),
            figures,
            entities,
            names: names::name_vector(meta.title.as_deref(), text),
            emb_lede,
            emb_text,
            emb_whole,
            meta,
        })
    }
}

/// The text in windows of [`WINDOW_WORDS`] words, at most [`MAX_WINDOWS`] (the first is the
/// text's opening, which the whole-text embedding already covers).
fn windows(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .chunks(WINDOW_WORDS)
        .take(MAX_WINDOWS)
        .map(|c| c.join(" "))
        .collect()
}

/// The unit-length mean of `first` and `rest`.
fn mean_unit(first: &[f32], rest: &[Vec<f32>]) -> Vec<f32> {
    let mut sum = first.to_vec();
    for v in rest {
        for (s, x) in sum.iter_mut().zip(v) {
            *s += x;
        }
    }
    let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    sum.iter().map(|x| x / norm).collect()
}

/// The first [`LEDE_WORDS`] words of a text, as written.
pub fn lede_text(text: &str) -> String {
    text.split_whitespace()
        .take(LEDE_WORDS)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A figure as compared across copies: kind and value to four significant digits.
pub fn figure_key(kind: &str, value: f64) -> String {
    format!("{kind}:{value:.4e}")
}

/// The signals between two articles, each with its score. Symmetric: `between(a, b)` equals
/// `between(b, a)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Signals {
    /// Same canonical URL (scheme, `www.`, query and trailing slash ignored).
    pub canonical_url: bool,
    /// Same normalised main text (content hash).
    pub same_text: bool,
    /// One names the other's publisher as its source (`isBasedOn`, "Source: X").
    pub cites_other: bool,
    /// MinHash estimate of the shingle Jaccard.
    pub minhash_estimate: f64,
    /// Exact Jaccard of the word 5-shingle sets.
    pub jaccard: f64,
    /// Exact containment of the smaller shingle set in the larger (0 below [`MIN_SHINGLES`]).
    pub containment: f64,
    /// MinHash estimate of the Jaccard of the two ledes.
    pub lede_estimate: f64,
    pub shared_figures: usize,
    /// Shared figures over the smaller figure set.
    pub figure_overlap: f64,
    pub shared_entities: usize,
    /// Shared entities over the smaller entity set.
    pub entity_overlap: f64,
    /// Days between the publication dates, when both are known.
    pub days_apart: Option<i64>,
    /// Cosine of the content-word vectors.
    pub term_cosine: f64,
    /// Cosine of the title + lede embeddings, when both have one.
    pub embedding_lede: Option<f64>,
    /// Cosine of the title + text embeddings (their openings), when both have one.
    pub embedding_text: Option<f64>,
    /// Cosine of the mean window embeddings of the whole texts, when both have one.
    pub embedding_whole: Option<f64>,
    /// Cosine of the name vectors (people, places, bodies, numbers).
    pub name_cosine: f64,
    /// Shared content words of the two titles over the shorter title's (publisher names left
    /// out), when both have a title with content words.
    pub title_overlap: Option<f64>,
}

impl Signals {
    pub fn between(a: &Features, b: &Features) -> Signals {
        let canonical_url = match (&a.meta.canonical_url, &b.meta.canonical_url) {
            (Some(x), Some(y)) => normalise_url(x) == normalise_url(y),
            _ => false,
        };
        let cites = |x: &Features, y: &Features| match (&x.meta.based_on, &y.meta.publisher) {
            (Some(src), Some(publ)) => same_name(src, publ),
            _ => false,
        };
        let (shared_figures, figure_overlap) = overlap(&a.figures, &b.figures);
        let (shared_entities, entity_overlap) = overlap(&a.entities, &b.entities);
        let enough = a.shingles.len().min(b.shingles.len()) >= MIN_SHINGLES;
        let emb = |x: &Option<Vec<f32>>, y: &Option<Vec<f32>>| match (x, y) {
            (Some(x), Some(y)) => Some(minhash::cosine(x, y)),
            _ => None,
        };
        Signals {
            canonical_url,
            same_text: a.text_hash == b.text_hash,
            cites_other: cites(a, b) || cites(b, a),
            minhash_estimate: minhash::estimate(&a.minhash, &b.minhash),
            jaccard: minhash::jaccard(&a.shingles, &b.shingles),
            containment: if enough {
                minhash::containment(&a.shingles, &b.shingles)
            } else {
                0.0
            },
            lede_estimate: minhash::estimate(&a.lede_minhash, &b.lede_minhash),
            shared_figures,
            figure_overlap,
            shared_entities,
            entity_overlap,
            days_apart: days_between(a.meta.published.as_deref(), b.meta.published.as_deref()),
            term_cosine: minhash::sparse_cosine(&a.terms, &b.terms),
            embedding_lede: emb(&a.emb_lede, &b.emb_lede),
            embedding_text: emb(&a.emb_text, &b.emb_text),
            embedding_whole: emb(&a.emb_whole, &b.emb_whole),
            name_cosine: minhash::sparse_cosine(&a.names, &b.names),
            title_overlap: title_overlap(&a.meta, &b.meta),
        }
    }
}

/// [`Signals::title_overlap`]: the [`overlap`] of the content words
/// ([`minhash::is_content_word`]) of the two titles, without the words of either publisher's
/// name.
fn title_overlap(a: &Meta, b: &Meta) -> Option<f64> {
    let publisher: BTreeSet<String> = [&a.publisher, &b.publisher]
        .into_iter()
        .flatten()
        .flat_map(|p| minhash::words(p))
        .collect();
    let content = |m: &Meta| -> Option<BTreeSet<String>> {
        let words: BTreeSet<String> = minhash::words(m.title.as_deref()?)
            .into_iter()
            .filter(|w| minhash::is_content_word(w) && !publisher.contains(w))
            .collect();
        (!words.is_empty()).then_some(words)
    };
    Some(overlap(&content(a)?, &content(b)?).1)
}

fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> (usize, f64) {
    let shared = a.intersection(b).count();
    let smaller = a.len().min(b.len()).max(1);
    (shared, shared as f64 / smaller as f64)
}

fn days_between(a: Option<&str>, b: Option<&str>) -> Option<i64> {
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok();
    Some((day(a?)? - day(b?)?).num_days().abs())
}

/// A URL as compared: no scheme, `www.`, query, fragment or trailing slash; lower case.
pub fn normalise_url(u: &str) -> String {
    let u = u.trim();
    let u = u
        .split(['?', '#'])
        .next()
        .unwrap_or(u)
        .trim_end_matches('/');
    u.trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .to_lowercase()
}

/// Two publisher names alike: letters and digits equal, or one a prefix of the other
/// ("CoinDesk" and "coindesk.com").
pub fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && !b.is_empty() && (a == b || a.starts_with(&b) || b.starts_with(&a))
}
