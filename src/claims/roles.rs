//! The role of a price or index level ([`Role`]): target, historical, support, resistance,
//! low, record, high, current or threshold, from the words around the figure in its
//! sentence and the time it refers to.

use super::classify::Context;
use super::numbers::{Figure, Unit};
use super::Role;
use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("bad built-in role pattern: {e}"))
}

static TARGET: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)target|forecast|predict|project|could\s+(?:reach|hit|climb|rise|rally|surge|fall|drop|test|see|top|retest)|will\s+(?:reach|hit|top)|to\s+reach|expects?|outlook|calls?\s+for|may\s+(?:reach|hit)|might\s+(?:reach|hit)|\beyes\b|\bsees?\s+(?:\w+\s+)?(?:at|reaching|hitting|rising|climbing)|by\s+year[- ]end|objective|upside\s+to|aim\w*\s+for|bet\w*\s+on",
    )
});
static SUPPORT: Lazy<Regex> = Lazy::new(|| re(r"(?i)support|\bfloor\b"));
static RESISTANCE: Lazy<Regex> = Lazy::new(|| re(r"(?i)resistance|ceiling|barrier|hurdle"));
static LOW: Lazy<Regex> = Lazy::new(|| re(r"(?i)\blows?\b|bottom|trough"));
static RECORD: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)record|all[- ]time\s+highs?|\bath\b|peak|\btop(?:s|ped)?\b"));
/// A session or period high ("session highs in the $28,300s", "a fresh high of").
static HIGH: Lazy<Regex> = Lazy::new(|| re(r"(?i)\bhighs?\b"));
/// A level treated as a line to cross: "the $30K level", "sub-$20k", "break above $13.60".
static THRESHOLD_RIGHT: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)^\s*(?:level|mark|threshold|line|handle|zone)\b"));
static THRESHOLD_LEFT: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)(?:\bsub-|\bbreak(?:s|ing)?\s+(?:above|below|through)\s+|\bbroke\s+(?:above|below|through)\s+|\b(?:hold|defend|lose|reclaim)\s+(?:the\s+)?)$",
    )
});
static CURRENT: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)trading|\btrades\b|chang\w*\s+hands|currently|\btraded\s+(?:at|around|near|in|between)|last\s+traded|\bis\s+(?:now\s+)?at\b|\bsits\b|\bnow\b|hover|consolidat|\blast\s+at\b|\bstood\s+at\b|\bis\s+priced\b|\bis\s+around\b",
    )
});
static PAST_VERB: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:peaked|hit|reached|was|were|moved|surged|rallied|topped|traded|bottomed|fell|dropped|touched|climbed|rose|soared|crashed|plunged)\b",
    )
});
static YEAR_IN: Lazy<Regex> = Lazy::new(|| re(r"\b(?:19|20)\d{2}\b"));

pub(super) fn role(
    ctx: &Context,
    f: &Figure,
    left: &str,
    right: &str,
    time: Option<usize>,
) -> Option<Role> {
    let ticker = ctx.mentions.iter().any(|m| {
        m.end <= f.start
            && ctx
                .sentence
                .get(m.end..f.start)
                .is_some_and(|g| g.trim().is_empty())
    });
    if ticker && f.unit == Unit::Money {
        return Some(Role::Current);
    }
    let near_right: String = right.chars().take(28).collect();
    let both = format!("{left} {near_right}");
    if TARGET.is_match(&both) {
        return Some(Role::Target);
    }
    if let Some(t) = time.and_then(|i| ctx.times.get(i)) {
        if YEAR_IN.is_match(&t.time.text) {
            let past = match (ctx.published, t.time.end.as_deref()) {
                (Some(p), Some(end)) => NaiveDate::parse_from_str(end, "%Y-%m-%d")
                    .is_ok_and(|e| e + chrono::Duration::days(31) < p),
                _ => PAST_VERB.is_match(ctx.sentence),
            };
            if past {
                return Some(Role::Historical);
            }
        }
    }
    if SUPPORT.is_match(&both) {
        return Some(Role::Support);
    }
    if RESISTANCE.is_match(&both) {
        return Some(Role::Resistance);
    }
    let short_left: String = {
        let chars: Vec<char> = left.chars().collect();
        chars[chars.len().saturating_sub(40)..].iter().collect()
    };
    if LOW.is_match(&short_left) {
        return Some(Role::Low);
    }
    let near_clause = near_right.split(',').next().unwrap_or("");
    if RECORD.is_match(&short_left) || RECORD.is_match(near_clause) {
        return Some(Role::Record);
    }
    if HIGH.is_match(&short_left) {
        return Some(Role::High);
    }
    if CURRENT.is_match(left) || ticker {
        return Some(Role::Current);
    }
    if THRESHOLD_LEFT.is_match(left) || THRESHOLD_RIGHT.is_match(right) {
        return Some(Role::Threshold);
    }
    None
}
