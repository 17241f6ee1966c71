//! The copies test set, generated in code (never stored: the texts are third party's) from the
//! shared seeds and the ScrapingHub bodies by realistic edits. Each base text is one story;
//! its variants are copies of it:
//!
//! - `repost`: the same text under other page furniture (share lines, "Read more", a credit);
//! - `lede`: truncated to its first paragraphs (at least 60 words);
//! - `rewrite`: sentences reordered within paragraphs, words swapped for synonyms, a
//!   paragraph in five dropped, the figures kept;
//!
//! and a `sibling` of each base is a *different* story: another base text with one sentence
//! that quotes two of this story's figures (a different story sharing a topic and figures).
//! The seeds come with their own truth: 000, 001 and 002 are one story, 003 another.

use std::path::Path;

use anyhow::Context;

use crate::store::stories::minhash::mix;

/// One document of the set and the story it belongs to.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Doc {
    pub name: String,
    pub story: String,
    pub title: Option<String>,
    pub text: String,
}

/// How many ScrapingHub bodies become base stories.
pub const BASES: usize = 60;

const SYNONYMS: &[(&str, &str)] = &[
    ("said", "stated"),
    ("says", "notes"),
    ("rose", "climbed"),
    ("fell", "dropped"),
    ("big", "large"),
    ("company", "firm"),
    ("however", "but"),
    ("people", "individuals"),
    ("also", "additionally"),
    ("new", "fresh"),
    ("because", "since"),
    ("about", "around"),
    ("buy", "purchase"),
    ("show", "indicate"),
    ("shows", "indicates"),
    ("help", "assist"),
    ("start", "begin"),
    ("get", "obtain"),
    ("many", "numerous"),
    ("important", "significant"),
    ("market", "marketplace"),
    ("price", "valuation"),
    ("week", "seven days"),
    ("year", "twelve months"),
    ("think", "believe"),
    ("use", "employ"),
    ("make", "create"),
    ("likely", "probably"),
];

/// A deterministic generator: SplitMix64 from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = mix(self.0);
        self.0
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

fn sentences(p: &str) -> Vec<String> {
    crate::claims::sentences::split(p)
        .into_iter()
        .filter_map(|(a, b)| p.get(a..b))
        .map(String::from)
        .collect()
}

fn rewrite(text: &str, rng: &mut Rng) -> String {
    let mut out = Vec::new();
    for (i, p) in paragraphs(text).iter().enumerate() {
        if i > 0 && rng.chance(0.2) {
            continue;
        }
        let mut s = sentences(p);
        let n = s.len();
        for k in (1..n).rev() {
            s.swap(k, (rng.next() % (k as u64 + 1)) as usize);
        }
        let words: Vec<String> = s
            .join(" ")
            .split(' ')
            .map(|w| {
                let lower = w.to_lowercase();
                match SYNONYMS.iter().find(|(a, _)| *a == lower) {
                    Some((_, b)) => (*b).to_string(),
                    None => w.to_string(),
                }
            })
            .collect();
        out.push(words.join(" "));
    }
    out.join("\n\n")
}

fn lede(text: &str) -> Option<String> {
    let paras = paragraphs(text);
    let mut out = Vec::new();
    let mut words = 0;
    for p in &paras {
        out.push(p.clone());
        words += p.split_whitespace().count();
        if words >= 60 {
            break;
        }
    }
    (out.len() < paras.len()).then(|| out.join("\n\n"))
}

fn figures_sentence(text: &str) -> Option<String> {
    let figures: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()) && (w.contains('%') || w.contains('$')))
        .take(2)
        .collect();
    (figures.len() == 2).then(|| {
        format!(
            "Elsewhere, figures of {} and {} were cited by other reports on the theme.",
            figures[0].trim_end_matches([',', '.']),
            figures[1].trim_end_matches([',', '.'])
        )
    })
}

fn seed_docs(seeds: &Path) -> anyhow::Result<Vec<Doc>> {
    let mut docs = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(seeds)
        .with_context(|| format!("cannot read {}", seeds.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&p)?;
        let story = if name.starts_with("003") {
            "seed-b"
        } else {
            "seed-a"
        };
        docs.push(Doc {
            name: format!("seed-{}", name.get(..3).unwrap_or(&name)),
            story: story.into(),
            title: None,
            text,
        });
    }
    Ok(docs)
}

/// The test set: the seeds as they are, and for each of the first [`BASES`] ScrapingHub
/// bodies (sorted by id) the base, its repost, lede and rewrite, and a sibling.
pub fn generate(shared: &Path) -> anyhow::Result<Vec<Doc>> {
    let mut docs = seed_docs(&shared.join("seeds"))?;
    let truth = shared.join("eval/extraction/scrapinghub/ground-truth.json");
    let raw = std::fs::read_to_string(&truth)
        .with_context(|| format!("cannot read {}", truth.display()))?;
    let bodies: std::collections::BTreeMap<String, serde_json::Value> = serde_json::from_str(&raw)?;
    let bases: Vec<(String, String)> = bodies
        .into_iter()
        .filter_map(|(id, v)| Some((id, v.get("articleBody")?.as_str()?.to_string())))
        .filter(|(_, body)| body.split_whitespace().count() >= 150)
        .take(BASES)
        .collect();
    for (i, (id, body)) in bases.iter().enumerate() {
        let story = format!("sh-{}", id.get(..8).unwrap_or(id));
        let mut rng = Rng(crate::store::stories::minhash::fnv(id.as_bytes()));
        let doc = |kind: &str, text: String| Doc {
            name: format!("{story}-{kind}"),
            story: story.clone(),
            title: None,
            text,
        };
        docs.push(doc("base", body.clone()));
        docs.push(doc(
            "repost",
            format!(
                "Share this article\n\nFollow us for the latest news\n\n{body}\n\nRead more: top stories\n\nThis story was first published by our partners."
            ),
        ));
        if let Some(l) = lede(body) {
            docs.push(doc("lede", l));
        }
        docs.push(doc("rewrite", rewrite(body, &mut rng)));
        let (_, other) = &bases[(i + 1) % bases.len()];
        if let Some(quote) = figures_sentence(body) {
            let other_story = format!(
                "sh-{}",
                bases[(i + 1) % bases.len()].0.get(..8).unwrap_or("")
            );
            let mut paras = paragraphs(other);
            paras.insert(paras.len().min(1), quote);
            docs.push(Doc {
                name: format!("{story}-sibling"),
                story: other_story,
                title: None,
                text: paras.join("\n\n"),
            });
        }
    }
    Ok(docs)
}
