//! Claim extraction: runs the sentence splitter, asset finder, figure scanner, time and
//! attribution finders over an article's headline and body, and assembles [`Claim`]s,
//! [`SourceMention`]s, [`TimeRef`]s and the article's assets into an [`Extraction`].

use super::classify::{self, Context};
use super::numbers::{self, Figure, Unit};
use super::time::{self, TimeSpan};
use super::{assets, furniture, sentences, sources};
use super::{Bound, Claim, Extraction, Precision, SourceMention, TimeRef, EXTRACTOR_VERSION};
use crate::page::Article;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Byte -> character offsets of one text.
struct CharMap(Vec<usize>);

impl CharMap {
    fn new(text: &str) -> CharMap {
        let mut v = vec![0usize; text.len() + 1];
        let mut n = 0usize;
        for (i, c) in text.char_indices() {
            for slot in v.iter_mut().skip(i).take(c.len_utf8()) {
                *slot = n;
            }
            n += 1;
        }
        if let Some(last) = v.last_mut() {
            *last = n;
        }
        CharMap(v)
    }

    fn at(&self, byte: usize) -> usize {
        self.0.get(byte).copied().unwrap_or(0)
    }
}

/// Everything found in one sentence.
struct SentenceInfo<'a> {
    start: usize,
    text: &'a str,
    mentions: Vec<assets::Mention>,
    figures: Vec<Figure>,
    times: Vec<TimeSpan>,
    attributions: Vec<sources::Attribution>,
}

impl SentenceInfo<'_> {
    /// The first asset that a price can belong to: the sentence's subject for fallbacks.
    fn subject(&self) -> Option<&str> {
        self.mentions
            .iter()
            .find(|m| m.class.has_price())
            .map(|m| m.id.as_str())
    }
}

fn analyse<'a>(
    text: &'a str,
    lang: Option<&str>,
    main: Option<&str>,
    published: Option<NaiveDate>,
) -> Vec<SentenceInfo<'a>> {
    sentences::split(text)
        .into_iter()
        .map(|(s, e)| {
            let st = &text[s..e];
            let mentions = assets::find(st, main);
            let masks: Vec<(usize, usize)> = mentions
                .iter()
                .filter(|m| m.has_digits)
                .map(|m| (m.start, m.end))
                .collect();
            let figures = numbers::scan(st, lang, &masks);
            let mut time_masks = masks.clone();
            time_masks.extend(
                figures
                    .iter()
                    .filter(|f| f.unit != Unit::Plain)
                    .map(|f| (f.start, f.end)),
            );
            SentenceInfo {
                start: s,
                text: st,
                times: time::find(st, published, &time_masks),
                attributions: sources::find(st),
                mentions,
                figures,
            }
        })
        .collect()
}

/// The asset a sentence without one inherits: the previous sentence's subject, else the
/// subject of an earlier sentence of the same paragraph (at most three back: "Ether extended
/// its rally. Buyers pushed through the old highs. The next hurdle is $2,000.").
fn paragraph_subject<'a>(text: &str, infos: &'a [SentenceInfo], i: usize) -> Option<&'a str> {
    let mut new_paragraph = false;
    for back in 1..=3 {
        if new_paragraph {
            return None;
        }
        let p = i.checked_sub(back)?;
        let (this, next) = (infos.get(p)?, infos.get(p + 1)?);
        if let Some(s) = this.subject() {
            return Some(s);
        }
        let gap = text
            .get(this.start + this.text.len()..next.start)
            .unwrap_or("");
        new_paragraph = gap.contains('\n');
    }
    None
}

const CONTINUATION: &[&str] = &[
    "That ",
    "This ",
    "Those ",
    "These ",
    "It ",
    "The figure",
    "The estimate",
];

/// The named source for a figure at `pos` in sentence `i`: the nearest named attribution in
/// the sentence, else the next sentence's when it continues the thought ("That begins later
/// Friday, according to ZeroHedge").
fn source_for(infos: &[SentenceInfo], i: usize, pos: usize) -> Option<String> {
    let info = infos.get(i)?;
    let own = info
        .attributions
        .iter()
        .filter(|a| a.named)
        .min_by_key(|a| {
            if a.end <= pos {
                pos - a.end
            } else {
                a.start.saturating_sub(pos)
            }
        });
    if let Some(a) = own {
        return Some(a.name.clone());
    }
    if info.attributions.iter().any(|a| a.refers_back) {
        return named_before(infos, i);
    }
    if info.attributions.iter().any(|a| !a.named) {
        return None;
    }
    let next = infos.get(i + 1)?;
    if CONTINUATION.iter().any(|c| next.text.starts_with(c)) {
        return next
            .attributions
            .iter()
            .find(|a| a.named)
            .map(|a| a.name.clone());
    }
    None
}

/// The last named source of the (at most six) sentences before sentence `i`: what "the
/// news site" or "the report" refers to.
fn named_before(infos: &[SentenceInfo], i: usize) -> Option<String> {
    (i.saturating_sub(6)..i).rev().find_map(|p| {
        infos
            .get(p)?
            .attributions
            .iter()
            .rev()
            .find(|a| a.named)
            .map(|a| a.name.clone())
    })
}

fn main_crypto(texts: &[&str]) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for t in texts {
        for m in assets::find(t, None) {
            if m.class == assets::AssetClass::Crypto && !m.anaphor {
                *counts.entry(m.id).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(id, n)| (*n, id == "BTC"))
        .map(|(id, _)| id)
}

struct Collector<'a> {
    out: Extraction,
    asset_counts: HashMap<String, (usize, usize)>,
    lang: Option<&'a str>,
    main: Option<String>,
    published: Option<NaiveDate>,
    order: usize,
}

impl Collector<'_> {
    fn run(&mut self, text: &str, in_headline: bool) {
        let chars = CharMap::new(text);
        let infos = analyse(text, self.lang, self.main.as_deref(), self.published);
        for (i, info) in infos.iter().enumerate() {
            for m in info.mentions.iter().filter(|m| !m.anaphor) {
                self.order += 1;
                let e = self
                    .asset_counts
                    .entry(m.id.clone())
                    .or_insert((0, self.order));
                e.0 += 1;
            }
            for a in &info.attributions {
                self.out.sources.push(SourceMention {
                    name: a.name.clone(),
                    named: a.named,
                    sentence: info.text.to_string(),
                    start: chars.at(info.start + a.start),
                    end: chars.at(info.start + a.end),
                    in_headline,
                });
            }
            self.out
                .times
                .extend(info.times.iter().map(|t| t.time.clone()));
            let prev_subject = paragraph_subject(text, &infos, i);
            let ctx = Context {
                sentence: info.text,
                mentions: &info.mentions,
                times: &info.times,
                figures: &info.figures,
                prev_subject,
                published: self.published,
            };
            for f in &info.figures {
                let Some(d) = classify::decide(f, &ctx) else {
                    continue;
                };
                let time: Option<TimeRef> = d
                    .time
                    .and_then(|t| info.times.get(t))
                    .map(|t| t.time.clone());
                let currency = match &f.unit {
                    Unit::Crypto(t) => Some(t.clone()),
                    Unit::Money => f.currency.clone(),
                    _ => None,
                };
                self.out.claims.push(Claim {
                    kind: d.kind,
                    value: f.value,
                    value_high: f.value_high,
                    currency,
                    bound: f.bound,
                    change: f.change,
                    asset: d.asset,
                    role: d.role,
                    precision: f.precision.unwrap_or(if f.value_high.is_some() {
                        Precision::Range
                    } else if f.bound == Bound::Approximately {
                        Precision::Approximate
                    } else {
                        Precision::Exact
                    }),
                    measures: d.measures,
                    source: if in_headline {
                        None
                    } else {
                        source_for(&infos, i, f.start)
                    },
                    time,
                    surface: info.text.get(f.start..f.end).unwrap_or("").to_string(),
                    sentence: info.text.to_string(),
                    start: chars.at(info.start + f.start),
                    end: chars.at(info.start + f.end),
                    sentence_start: chars.at(info.start),
                    in_headline,
                    extractor: EXTRACTOR_VERSION.to_string(),
                });
            }
        }
    }
}

/// Extracts claims, sources, times and assets from an article's headline and main text.
/// Text after a page-furniture heading ("More For You", "Related Articles") is ignored.
pub fn extract(article: &Article) -> Extraction {
    let body = article
        .text
        .get(..furniture::body_end(&article.text))
        .unwrap_or("");
    let title = article.title.as_deref().unwrap_or("");
    let mut c = Collector {
        out: Extraction::default(),
        asset_counts: HashMap::new(),
        lang: article.language.as_deref(),
        main: main_crypto(&[title, body]),
        published: time::published_date(article.published.as_deref()),
        order: 0,
    };
    c.run(title, true);
    c.run(body, false);
    let mut assets: Vec<(String, (usize, usize))> = c.asset_counts.into_iter().collect();
    assets.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
    c.out.assets = assets.into_iter().map(|(id, _)| id).collect();
    c.out
}
