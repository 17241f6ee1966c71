//! Time effect: how far ahead the article looks, from the horizons it names (stated
//! durations, dated periods after publication, named months and years). Horizons in the lede
//! and those attached to figures weigh more.

use once_cell::sync::Lazy;
use regex::Regex;

use super::rules::claim_evidence;
use super::text::Sentence;
use super::{Justified, TimeEffect};
use crate::claims::{Extraction, TimeRef};
use crate::page::Article;

/// How far ahead a time reference reaches.
fn horizon(t: &TimeRef, published: Option<chrono::NaiveDate>) -> Option<TimeEffect> {
    if !t.future {
        return None;
    }
    let end = t.end.as_deref().and_then(parse_date);
    if let (Some(end), Some(p)) = (end, published) {
        return Some(effect_of_days((end - p).num_days()));
    }
    let w = t.text.to_lowercase();
    if let Some(days) = duration_days(&w) {
        return Some(effect_of_days(days));
    }
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "sept.",
        "oct.",
        "nov.",
        "dec.",
    ];
    let long = ["long term", "long-term", "years", "decade", "quarters"];
    let medium = [
        "month",
        "quarter",
        "year-end",
        "year end",
        "end of the year",
        "half",
    ];
    Some(if long.iter().any(|k| w.contains(k)) || YEAR.is_match(&w) {
        TimeEffect::Long
    } else if medium.iter().any(|k| w.contains(k)) || MONTHS.iter().any(|m| w.contains(m)) {
        TimeEffect::Medium
    } else {
        TimeEffect::Short
    })
}

static YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"\b(?:19|20)\d\d\b").expect("static regex"));
static DURATION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four)\s+(day|week|month|quarter|year)s?\b")
        .expect("static regex")
});

/// The length of a stated period ("next 12 months", "two weeks") in days.
fn duration_days(w: &str) -> Option<i64> {
    let c = DURATION.captures(w)?;
    let n: i64 = match &c[1] {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "eighteen" => 18,
        "twenty-four" => 24,
        digits => digits.parse().ok()?,
    };
    let unit = match &c[2] {
        "day" => 1,
        "week" => 7,
        "month" => 30,
        "quarter" => 91,
        _ => 365,
    };
    Some(n * unit)
}

fn effect_of_days(days: i64) -> TimeEffect {
    if days <= 31 {
        TimeEffect::Short
    } else if days <= 183 {
        TimeEffect::Medium
    } else {
        TimeEffect::Long
    }
}

pub(super) fn time_effect(
    article: &Article,
    x: &Extraction,
    sents: &[Sentence],
) -> Justified<TimeEffect> {
    let published = article.published.as_deref().and_then(parse_date);
    let lede_end = sents
        .iter()
        .find(|s| s.paragraph >= 1 && !s.in_headline)
        .map_or(usize::MAX, |s| s.start);
    let mut score = [0.0f64; 3];
    let mut cited: Vec<(TimeEffect, String, Option<usize>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, c) in x.claims.iter().enumerate() {
        if let Some(t) = &c.time {
            if let Some(h) = horizon(t, published) {
                let w = if c.start < lede_end { 3.0 } else { 1.5 };
                score[h as usize] += w;
                seen.insert(t.text.to_lowercase());
                cited.push((h, t.text.clone(), Some(i)));
            }
        }
    }
    for t in &x.times {
        if seen.insert(t.text.to_lowercase()) {
            if let Some(h) = horizon(t, published) {
                // A horizon the lede states is the article's own; one further down, a detail.
                let at = article
                    .text
                    .find(t.text.as_str())
                    .map(|b| article.text[..b].chars().count());
                score[h as usize] += if at.is_some_and(|c| c < lede_end) {
                    2.0
                } else {
                    1.0
                };
                cited.push((h, t.text.clone(), None));
            }
        }
    }
    let value = if score.iter().all(|s| *s == 0.0) {
        TimeEffect::Short
    } else {
        let best = (0..3)
            .rev()
            .max_by(|&a, &b| score[a].total_cmp(&score[b]).then(a.cmp(&b)))
            .unwrap_or(0);
        [TimeEffect::Short, TimeEffect::Medium, TimeEffect::Long][best]
    };
    let mut support: Vec<String> = cited
        .iter()
        .filter(|(h, _, _)| *h == value)
        .map(|(_, t, c)| match c {
            Some(i) => format!("\"{t}\" [c{i}]"),
            None => format!("\"{t}\""),
        })
        .collect();
    support.dedup();
    let justification = if support.is_empty() {
        "No forward horizon named; news of the day.".to_string()
    } else {
        format!(
            "{value} horizon: {}.",
            support.into_iter().take(4).collect::<Vec<_>>().join(", ")
        )
    };
    let evidence = cited
        .iter()
        .filter(|(h, _, c)| *h == value && c.is_some())
        .filter_map(|(_, _, c)| c.and_then(|i| x.claims.get(i).map(|cl| claim_evidence(i, cl))))
        .take(4)
        .collect();
    Justified {
        value,
        justification,
        evidence,
    }
}

fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    crate::claims::time::published_date(Some(s))
}
