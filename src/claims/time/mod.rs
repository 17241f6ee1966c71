//! Time expressions: finds dates and periods in a sentence ("Thursday", "Nov. 21", "mid
//! October", "November 2021", "next 12 months", "until April", "in 2026", "this week",
//! "coming weeks", "year-end") and resolves them against the publication date into a
//! [`TimeRef`] with ISO start/end dates and a `future` flag.

mod calendar;

use super::TimeRef;
use crate::page::month_number as month_index;
pub use calendar::published_date;
use calendar::{iso, last_day, this_period, word_number};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use once_cell::sync::Lazy;
use regex::Regex;

/// A time expression found in a sentence; offsets are bytes into the sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeSpan {
    pub start: usize,
    pub end: usize,
    pub time: TimeRef,
}

const MONTHS: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const NUMWORDS: &str =
    r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|several|couple\s+of";

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
}

static PREFIX: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(until|till|through|thru|by|before|next|into|to|from|since|last|this|later|earlier|in|on|during)\s+(?:the\s+)?$",
    )
});
static MONTH_DAY: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?P<mon>{MONTHS})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d{{2}})\b)?"
    ))
});
static MONTH_YEAR: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:(?P<part>early|mid|late|end\s+of|start\s+of|beginning\s+of)[-\s]+)?(?P<mon>{MONTHS})\b\.?(?:\s+(?P<year>(?:19|20)\d{{2}})\b)?"
    ))
});
static WEEKDAY: Lazy<Regex> =
    Lazy::new(|| re(r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"));
static RELATIVE: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?P<dir>next|coming|past|last|previous|following)\s+(?:(?P<n>{NUMWORDS})\s+)?(?P<unit>days?|weeks?|months?|quarters?|years?|sessions?)\b"
    ))
});
static THIS: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?P<w>this|last|next)\s+(?P<unit>week|month|quarter|year)\b|\b(?P<day>today|tonight|tomorrow|yesterday)\b|\b(?P<ye>year[- ]end|end\s+of\s+(?:the|this)\s+year|end-of-year)\b",
    )
});
static YEAR: Lazy<Regex> = Lazy::new(|| re(r"\b(?P<y>(?:19|20)\d{2})\b"));
static QUARTER: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:q(?P<q>[1-4])|(?P<qw>first|second|third|fourth)\s+quarter)(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d{2}))?\b",
    )
});

fn span(
    text: &str,
    s: usize,
    e: usize,
    range: Option<(NaiveDate, NaiveDate)>,
    pub_: Option<NaiveDate>,
    forward: bool,
) -> TimeSpan {
    let future = match (range, pub_) {
        (Some((a, b)), Some(p)) => a > p || (forward && b > p),
        _ => forward,
    };
    TimeSpan {
        start: s,
        end: e,
        time: TimeRef {
            text: text[s..e].to_string(),
            start: range.map(|r| iso(r.0)),
            end: range.map(|r| iso(r.1)),
            future,
        },
    }
}

/// Finds and resolves the time expressions of a sentence. `masks` are spans that are not
/// times (index names such as "Russell 2000", money figures).
pub fn find(text: &str, published: Option<NaiveDate>, masks: &[(usize, usize)]) -> Vec<TimeSpan> {
    let mut out: Vec<TimeSpan> = Vec::new();
    let free = |out: &Vec<TimeSpan>, s: usize, e: usize| {
        !out.iter().any(|t| t.start < e && s < t.end) && !masks.iter().any(|&(a, b)| s < b && a < e)
    };
    let prefix = |s: usize| -> String {
        PREFIX
            .captures(&text[..s])
            .and_then(|c| c.get(1))
            .map(|g| g.as_str().to_lowercase())
            .unwrap_or_default()
    };
    let forward_word = |p: &str| {
        matches!(
            p,
            "until" | "till" | "through" | "thru" | "by" | "before" | "next" | "into" | "to"
        )
    };

    for c in MONTH_DAY.captures_iter(text) {
        let (Some(all), Some(mon), Some(day)) = (c.get(0), c.name("mon"), c.name("day")) else {
            continue;
        };
        if !month_ok(mon.as_str()) || !free(&out, all.start(), all.end()) {
            continue;
        }
        let (Some(m), Ok(d)) = (month_index(mon.as_str()), day.as_str().parse::<u32>()) else {
            continue;
        };
        let year = c.name("year").and_then(|y| y.as_str().parse::<i32>().ok());
        let date = match (year, published) {
            (Some(y), _) => NaiveDate::from_ymd_opt(y, m, d),
            (None, Some(p)) => [p.year() - 1, p.year(), p.year() + 1]
                .iter()
                .filter_map(|&y| NaiveDate::from_ymd_opt(y, m, d))
                .min_by_key(|x| (*x - p).num_days().abs()),
            _ => None,
        };
        let p = prefix(all.start());
        out.push(span(
            text,
            all.start(),
            all.end(),
            date.map(|d| (d, d)),
            published,
            forward_word(&p),
        ));
    }
    for c in QUARTER.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        if !free(&out, all.start(), all.end()) {
            continue;
        }
        let q = c
            .name("q")
            .and_then(|q| q.as_str().parse::<u32>().ok())
            .or_else(|| {
                c.name("qw")
                    .map(|w| match w.as_str().to_lowercase().as_str() {
                        "first" => 1,
                        "second" => 2,
                        "third" => 3,
                        _ => 4,
                    })
            });
        let year = c
            .name("y")
            .and_then(|y| y.as_str().parse::<i32>().ok())
            .or(published.map(|p| p.year()));
        let range = match (q, year) {
            (Some(q), Some(y)) => NaiveDate::from_ymd_opt(y, q * 3 - 2, 1).zip(last_day(y, q * 3)),
            _ => None,
        };
        out.push(span(text, all.start(), all.end(), range, published, false));
    }
    for c in MONTH_YEAR.captures_iter(text) {
        let (Some(all), Some(mon)) = (c.get(0), c.name("mon")) else {
            continue;
        };
        if !month_ok(mon.as_str()) || !free(&out, all.start(), all.end()) {
            continue;
        }
        let Some(m) = month_index(mon.as_str()) else {
            continue;
        };
        let all_end = if all.as_str().ends_with('.') && mon.as_str().len() > 4 {
            all.end() - 1
        } else {
            all.end()
        };
        // A bare abbreviation without a dot or year ("Mar", "Jan") is too weak alone.
        if c.name("year").is_none()
            && mon.as_str().len() <= 3
            && !text[mon.end()..].starts_with('.')
        {
            continue;
        }
        let p = prefix(all.start());
        let fwd = forward_word(&p);
        let year = c
            .name("year")
            .and_then(|y| y.as_str().parse::<i32>().ok())
            .or_else(|| {
                published.map(|pd| {
                    if fwd {
                        if m >= pd.month() {
                            pd.year()
                        } else {
                            pd.year() + 1
                        }
                    } else if m <= pd.month() {
                        pd.year()
                    } else {
                        pd.year() - 1
                    }
                })
            });
        let range = year.and_then(|y| {
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            let last = last_day(y, m)?;
            let (a, b) = match c.name("part").map(|g| g.as_str().to_lowercase()) {
                Some(p) if p == "early" || p.starts_with("start") || p.starts_with("beginning") => {
                    (1, 10)
                }
                Some(p) if p == "mid" => (11, 20),
                Some(p) if p == "late" || p.starts_with("end") => (21, last.day()),
                _ => (1, last.day()),
            };
            let a = first.with_day(a)?;
            let b = first.with_day(b)?;
            Some(if fwd && !p.is_empty() && p != "by" && p != "into" {
                (published.map_or(a, |pd| pd.min(a)), b)
            } else {
                (a, b)
            })
        });
        out.push(span(text, all.start(), all_end, range, published, fwd));
    }
    for c in WEEKDAY.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        if !free(&out, all.start(), all.end()) {
            continue;
        }
        let p = prefix(all.start());
        let wd = match all.as_str() {
            "Monday" => Weekday::Mon,
            "Tuesday" => Weekday::Tue,
            "Wednesday" => Weekday::Wed,
            "Thursday" => Weekday::Thu,
            "Friday" => Weekday::Fri,
            "Saturday" => Weekday::Sat,
            _ => Weekday::Sun,
        };
        let date = published.map(|pd| {
            let diff = (pd.weekday().num_days_from_monday() as i64
                - wd.num_days_from_monday() as i64)
                .rem_euclid(7);
            if p == "next" {
                pd + Duration::days(if diff == 0 { 7 } else { 7 - diff })
            } else {
                pd - Duration::days(diff)
            }
        });
        out.push(span(
            text,
            all.start(),
            all.end(),
            date.map(|d| (d, d)),
            published,
            p == "next",
        ));
    }
    for c in RELATIVE.captures_iter(text) {
        let (Some(all), Some(dir), Some(unit)) = (c.get(0), c.name("dir"), c.name("unit")) else {
            continue;
        };
        if !free(&out, all.start(), all.end()) {
            continue;
        }
        let fwd = matches!(
            dir.as_str().to_lowercase().as_str(),
            "next" | "coming" | "following"
        );
        let n = c.name("n").map_or(1, |g| word_number(g.as_str()));
        let unit_l = unit.as_str().to_lowercase();
        let n = if c.name("n").is_none() && unit_l.ends_with('s') {
            3
        } else {
            n
        };
        let (days, months) = match unit_l.trim_end_matches('s') {
            "day" | "session" => (n, 0),
            "week" => (7 * n, 0),
            "month" => (0, n),
            "quarter" => (0, 3 * n),
            _ => (0, 12 * n),
        };
        let months = chrono::Months::new(u32::try_from(months).unwrap_or(0));
        let range = published.and_then(|pd| {
            Some(if fwd {
                (pd, pd.checked_add_months(months)? + Duration::days(days))
            } else {
                (pd.checked_sub_months(months)? - Duration::days(days), pd)
            })
        });
        out.push(span(text, all.start(), all.end(), range, published, fwd));
    }
    for c in THIS.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        if !free(&out, all.start(), all.end()) {
            continue;
        }
        let (range, fwd) = this_period(&c, published);
        out.push(span(text, all.start(), all.end(), range, published, fwd));
    }
    for c in YEAR.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        let before = text[..all.start()].chars().next_back();
        let after = text[all.end()..].chars().next();
        if !free(&out, all.start(), all.end())
            || before.is_some_and(|b| {
                matches!(b, '$' | '€' | '£' | ',' | '.' | '#') || b.is_alphanumeric()
            })
            || after.is_some_and(|a| {
                matches!(a, '%' | ',' | '.')
                    && text[all.end()..]
                        .chars()
                        .nth(1)
                        .is_some_and(|d| d.is_ascii_digit())
            })
            || after == Some('%')
        {
            continue;
        }
        let Ok(y) = all.as_str().parse::<i32>() else {
            continue;
        };
        let p = prefix(all.start());
        let range = NaiveDate::from_ymd_opt(y, 1, 1).zip(NaiveDate::from_ymd_opt(y, 12, 31));
        let range = match (p.as_str(), range, published) {
            ("since", Some((a, _)), Some(pd)) => Some((a, pd)),
            _ => range,
        };
        out.push(span(
            text,
            all.start(),
            all.end(),
            range,
            published,
            forward_word(&p),
        ));
    }
    out.sort_by_key(|t| t.start);
    out
}

fn month_ok(m: &str) -> bool {
    // "may" and "march" are also verbs: only capitalised.
    let l = m.to_lowercase();
    if l == "may" || l.starts_with("mar") {
        return m.starts_with(char::is_uppercase);
    }
    true
}
