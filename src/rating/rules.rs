//! The rule-based rating: direction from sentence cues, impact from asset weight, catalysts and
//! the size of the figures, trust from who says it and how, time effect from the horizons the
//! article names, tags, and the price at publication. Every judgement cites its evidence.

use once_cell::sync::Lazy;
use regex::Regex;

use super::direction::{direction, direction_with, hedged};
use super::focus::{select, Selection};
use super::text::{sentences, Sentence};
use super::time::time_effect;
use super::*;
use crate::claims::{Claim, ClaimKind, Extraction, Role};
use crate::page::Article;

pub const SCORER: &str = "rules-0.1";

/// Publishers with an editorial process and corrections policy.
const KNOWN_PUBLISHERS: &[&str] = &[
    "coindesk",
    "the block",
    "theblock",
    "decrypt",
    "cointelegraph",
    "blockworks",
    "reuters",
    "bloomberg",
    "financial times",
    "wall street journal",
    "wsj",
    "cnbc",
    "forbes",
    "fortune",
    "associated press",
    "ap news",
    "the economist",
    "barron's",
    "marketwatch",
    "yahoo finance",
    "dl news",
    "bitcoin magazine",
    "the defiant",
    "axios",
    "new york times",
    "bbc",
    "guardian",
];

/// Assets whose moves move the market.
const MAJOR_ASSETS: &[&str] = &["BTC", "ETH"];
/// Names in the asset registry that are actors, not assets.
const ACTORS: &[&str] = &[
    "Fed", "ECB", "Treasury", "SEC", "CFTC", "BoJ", "BoE", "PBoC",
];

struct Catalyst {
    name: &'static str,
    tag: Option<&'static str>,
    re: Regex,
}

static CATALYSTS: Lazy<Vec<Catalyst>> = Lazy::new(|| {
    let c = |name, tag, re: &str| Catalyst {
        name,
        tag,
        re: Regex::new(&format!(r"(?i)\b(?:{re})\b")).expect("static regex"),
    };
    vec![
        c(
            "Fed policy",
            Some("Fed"),
            r"fed|federal reserve|fomc|rate cuts?|rate hikes?|basis[- ]points?|powell",
        ),
        c(
            "liquidity",
            None,
            r"liquidity|treasury[- ]bills?|balance sheet|quantitative easing|reserve management",
        ),
        c("ETF flows", Some("ETF"), r"etfs?|exchange[- ]traded funds?"),
        c(
            "regulation",
            Some("Regulation"),
            r"sec|cftc|regulat(?:ion|ory|ors?)|lawmakers|legislation|bill passed",
        ),
        c(
            "security incident",
            Some("Hack"),
            r"hack(?:ed|s)?|exploit(?:ed|s)?|breach",
        ),
        c("trade policy", Some("Tariffs"), r"tariffs?|trade war"),
    ]
});

/// Rates an article from its text and claims, direction by the lexical cues.
pub fn rate(article: &Article, x: &Extraction) -> Rating {
    rate_with(article, x, None)
}

/// Rates an article, direction by `clf` when given (a classifier that fails falls back to the
/// lexical cues, with a warning; the rating's `scorer` says which one decided).
pub fn rate_with(
    article: &Article,
    x: &Extraction,
    clf: Option<&dyn SentenceClassifier>,
) -> Rating {
    rate_reading(article, x, clf, Selection::from_env())
}

/// The same, the classifier reading the sentences `selection` keeps ([`super::focus`]).
pub fn rate_reading(
    article: &Article,
    x: &Extraction,
    clf: Option<&dyn SentenceClassifier>,
    selection: Selection,
) -> Rating {
    let sents = sentences(article.title.as_deref(), &article.text);
    let main_asset = main_asset(x);
    let by_model = clf.and_then(|c| {
        let claim_starts: Vec<usize> = x.claims.iter().map(|claim| claim.start).collect();
        let read = select(&sents, &claim_starts, selection);
        match direction_with(&read, c) {
            Ok(d) => Some((d, c.name().to_string())),
            Err(e) => {
                tracing::warn!(
                    "sentence classifier {} failed, using lexical cues: {e:#}",
                    c.name()
                );
                None
            }
        }
    });
    let ((dir, score, dir_evidence), scorer) =
        by_model.unwrap_or_else(|| (direction(&sents), SCORER.to_string()));
    let direction = Justified {
        value: dir,
        justification: direction_why(dir, score, &dir_evidence, &scorer),
        evidence: dir_evidence,
    };
    let catalysts: Vec<&Catalyst> = CATALYSTS
        .iter()
        .filter(|c| c.re.find_iter(&article.text).count() >= 2)
        .collect();
    let impact = impact(main_asset.as_deref(), &catalysts, x);
    let trust = trust(article, x, &sents);
    let time_effect = time_effect(article, x, &sents);
    let mut tags: Vec<String> = main_asset.iter().cloned().collect();
    tags.extend(catalysts.iter().filter_map(|c| c.tag.map(str::to_string)));
    tags.push(dir.as_str().to_string());
    tags.dedup();
    Rating {
        direction,
        direction_score: score,
        impact,
        trust,
        time_effect,
        tags,
        price_at_publication: price_at_publication(main_asset.as_deref(), &x.claims),
        scorer,
    }
}

fn main_asset(x: &Extraction) -> Option<String> {
    x.assets
        .iter()
        .find(|a| !ACTORS.iter().any(|b| b.eq_ignore_ascii_case(a)))
        .cloned()
}

pub(super) fn claim_evidence(i: usize, c: &Claim) -> Evidence {
    Evidence {
        claim: Some(i),
        start: c.start,
        end: c.end,
        quote: c.surface.clone(),
    }
}

fn direction_why(dir: Direction, score: f64, ev: &[Evidence], scorer: &str) -> String {
    let what = if scorer == SCORER {
        "cue"
    } else {
        "sentence-model"
    };
    let quotes: Vec<String> = ev
        .iter()
        .map(|e| format!("\"{}\"", clip(&e.quote)))
        .collect();
    match dir {
        Direction::Neutral => format!(
            "Net {what} score {score:+.2} is within ±{:.2}: the text leans neither way{}.",
            super::direction::DIRECTION_THRESHOLD,
            if quotes.is_empty() {
                String::new()
            } else {
                format!("; strongest: {}", quotes.join("; "))
            }
        ),
        _ => format!(
            "{} sentences outweigh the rest (net {what} score {score:+.2}), led by {}.",
            dir,
            quotes.join("; ")
        ),
    }
}

fn impact(asset: Option<&str>, catalysts: &[&Catalyst], x: &Extraction) -> Justified<Level> {
    let major = asset.is_some_and(|a| MAJOR_ASSETS.contains(&a));
    let large: Vec<(usize, &Claim)> = x
        .claims
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == ClaimKind::Amount && c.value >= 1e9)
        .collect();
    let points = if major {
        2
    } else if asset.is_some() {
        1
    } else {
        0
    } + catalysts.len().min(3)
        + usize::from(!large.is_empty());
    let value = match points {
        4.. => Level::High,
        2..=3 => Level::Medium,
        _ => Level::Low,
    };
    let mut why = match asset {
        Some(a) if major => format!("About {a}, a major asset"),
        Some(a) => format!("About {a}"),
        None => "No tradable asset identified".to_string(),
    };
    if catalysts.is_empty() {
        why.push_str("; no macro or market catalyst");
    } else {
        let names: Vec<&str> = catalysts.iter().map(|c| c.name).collect();
        why.push_str(&format!("; catalysts: {}", names.join(", ")));
    }
    let evidence: Vec<Evidence> = large
        .iter()
        .take(3)
        .map(|(i, c)| claim_evidence(*i, c))
        .collect();
    if !evidence.is_empty() {
        let cited: Vec<String> = large
            .iter()
            .take(3)
            .map(|(i, c)| format!("{} [c{i}]", c.surface))
            .collect();
        why.push_str(&format!("; large sums at stake: {}", cited.join(", ")));
    }
    why.push('.');
    Justified {
        value,
        justification: why,
        evidence,
    }
}

fn trust(article: &Article, x: &Extraction, sents: &[Sentence]) -> Justified<Level> {
    let mut points = 0.0;
    let mut reasons = Vec::new();
    match &article.publisher {
        Some(p)
            if KNOWN_PUBLISHERS
                .iter()
                .any(|k| p.to_lowercase().contains(k)) =>
        {
            points += 2.0;
            reasons.push(format!("published by {p}, an established outlet"));
        }
        Some(p) => {
            points += 0.5;
            reasons.push(format!("published by {p}, an outlet we do not know"));
        }
        None => reasons.push("no publisher named".to_string()),
    }
    if let Some(a) = article.authors.first() {
        points += 1.0;
        reasons.push(format!("by {a}"));
    }
    let mut named: Vec<&str> = x
        .sources
        .iter()
        .filter(|s| s.named)
        .map(|s| s.name.as_str())
        .collect();
    named.sort_unstable();
    named.dedup();
    let unnamed = x.sources.iter().filter(|s| !s.named).count();
    points += named.len().min(3) as f64;
    if named.is_empty() {
        reasons.push("no named source".to_string());
    } else {
        reasons.push(format!(
            "{} named sources ({})",
            named.len(),
            named.join(", ")
        ));
    }
    if unnamed > 0 && named.is_empty() {
        points -= 0.5;
        reasons.push(format!("{unnamed} unnamed attributions (\"analysts say\")"));
    }
    let body: Vec<&Sentence> = sents.iter().filter(|s| !s.in_headline).collect();
    let figures = x.claims.iter().filter(|c| !c.in_headline).count();
    if figures >= 5 {
        points += 1.0;
    }
    reasons.push(format!("{figures} checkable figures"));
    let hedges = body.iter().filter(|s| hedged(s.text)).count();
    let ratio = hedges as f64 / body.len().max(1) as f64;
    if ratio > 0.3 {
        points -= 1.0;
        reasons.push(format!(
            "hedged or speculative wording in {hedges} of {} sentences",
            body.len()
        ));
    } else {
        reasons.push(format!(
            "little hedging ({hedges} of {} sentences)",
            body.len()
        ));
    }
    if article.published.is_some() {
        points += 0.5;
    } else {
        reasons.push("no publication date".to_string());
    }
    let value = if points >= 5.0 {
        Level::High
    } else if points >= 2.5 {
        Level::Medium
    } else {
        Level::Low
    };
    let evidence = x
        .sources
        .iter()
        .filter(|s| s.named)
        .take(4)
        .map(|s| Evidence {
            claim: None,
            start: s.start,
            end: s.end,
            quote: s.name.clone(),
        })
        .collect();
    let mut why = reasons.join("; ");
    capitalise(&mut why);
    why.push('.');
    Justified {
        value,
        justification: why,
        evidence,
    }
}

fn price_at_publication(asset: Option<&str>, claims: &[Claim]) -> Option<PricePoint> {
    let asset = asset?;
    let prices = || {
        claims
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.kind == ClaimKind::Price && c.asset.as_deref() == Some(asset))
    };
    let (i, c) = prices()
        .find(|(_, c)| c.role == Some(Role::Current))
        .or_else(|| prices().find(|(_, c)| c.role.is_none() && c.time.is_none()))?;
    Some(PricePoint {
        asset: asset.to_string(),
        value: c.value,
        currency: c.currency.clone().unwrap_or_else(|| "USD".to_string()),
        claim: Some(i),
    })
}

fn clip(s: &str) -> String {
    if s.chars().count() > 90 {
        format!("{}…", s.chars().take(89).collect::<String>())
    } else {
        s.to_string()
    }
}

fn capitalise(s: &mut String) {
    if let Some(first) = s.get(..1) {
        let up = first.to_uppercase();
        s.replace_range(..1, &up);
    }
}
