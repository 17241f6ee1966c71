//! Dates in metadata and in the visible text: parsing (ISO 8601, RFC 3339/2822, Unix
//! seconds, "Dec 4, 2026", "4 December 2026", "4. Dezember 2026", "04.12.2026", "12/04/2026", "20261204",
//! "2 hours ago", "yesterday"), month names in English, German, French, Spanish, Italian,
//! Portuguese and Dutch, the plausibility check, and finding the dates of a header text
//! with the label before each ("Updated", "Modified", ... mark a modified date).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use once_cell::sync::Lazy;
use regex::{Captures, Regex};

/// Month names and the English abbreviations, lower case.
#[rustfmt::skip]
const MONTHS: &[(&str, u32)] = &[
    ("january", 1), ("januar", 1), ("janvier", 1), ("enero", 1), ("gennaio", 1), ("janeiro", 1), ("januari", 1), ("jänner", 1),
    ("february", 2), ("februar", 2), ("février", 2), ("fevrier", 2), ("febrero", 2), ("febbraio", 2), ("fevereiro", 2), ("februari", 2),
    ("march", 3), ("märz", 3), ("maerz", 3), ("mars", 3), ("marzo", 3), ("março", 3), ("marco", 3), ("maart", 3),
    ("april", 4), ("avril", 4), ("abril", 4), ("aprile", 4),
    ("may", 5), ("mai", 5), ("mayo", 5), ("maggio", 5), ("maio", 5), ("mei", 5),
    ("june", 6), ("juni", 6), ("juin", 6), ("junio", 6), ("giugno", 6), ("junho", 6),
    ("july", 7), ("juli", 7), ("juillet", 7), ("julio", 7), ("luglio", 7), ("julho", 7),
    ("august", 8), ("août", 8), ("aout", 8), ("agosto", 8), ("augustus", 8),
    ("september", 9), ("septembre", 9), ("septiembre", 9), ("settembre", 9), ("setembro", 9),
    ("october", 10), ("oktober", 10), ("octobre", 10), ("octubre", 10), ("ottobre", 10), ("outubro", 10),
    ("november", 11), ("novembre", 11), ("noviembre", 11), ("novembro", 11),
    ("december", 12), ("dezember", 12), ("décembre", 12), ("decembre", 12), ("diciembre", 12), ("dicembre", 12), ("dezembro", 12),
    ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8),
    ("sep", 9), ("sept", 9), ("oct", 10), ("okt", 10), ("nov", 11), ("dec", 12), ("dez", 12),
];

fn month(name: &str) -> Option<u32> {
    let l = name.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == l).map(|(_, m)| *m)
}

const TIME: &str = r"(?:,?\s+(?:at\s+|um\s+|à\s+|a las\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*([aApP])?\.?[mM]?\.?)?";

static MONTH_FIRST: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"\b(\p{{L}}{{3,10}})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b{TIME}"
    ))
    .expect("static regex")
});

static DAY_FIRST: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:of\s+|de\s+)?(\p{{L}}{{3,10}})\.?,?\s+(?:de\s+)?(\d{{4}})\b{TIME}"
    ))
    .expect("static regex")
});

static ISO_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
        .expect("static regex")
});

/// "04.12.2026" (day first) or "12/04/2026" (month first unless the first part exceeds 12).
static NUMERIC_DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b(\d{1,2})([./])(\d{1,2})[./](\d{4})\b").expect("static regex"));

static RELATIVE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(?:(an?|\d{1,3})\s+(minute|min|hour|hr|day|week)s?\s+ago|(yesterday|today))\b",
    )
    .expect("static regex")
});

/// Words right before a date (a colon or "on" between) that say it is a modification date.
static MODIFIED_LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(updated|modified|revised|edited|reviewed|refreshed|aktualisiert|mis à jour|actualizado|aggiornato|atualizado|bijgewerkt)\b[\s:,-]{0,3}(?:on|at|am|le|el|il|op|em|the)?[\s:,-]{0,3}$")
        .expect("static regex")
});

/// Words right before a date that say it is the publication date.
static PUBLISHED_LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(published|posted|written|created|released|veröffentlicht|publié|publicado|pubblicato|gepubliceerd)\b[\s:,-]{0,3}(?:on|at|am|le|el|il|op|em|the)?[\s:,-]{0,3}$")
        .expect("static regex")
});

/// Whether the text before a date (ending right where the date starts) labels it as a
/// modification.
pub fn labelled_modified(before: &str) -> bool {
    MODIFIED_LABEL.is_match(before)
}

/// Years a news page's date can have.
pub fn plausible(d: NaiveDate) -> bool {
    (1990..=2100).contains(&d.year())
}

/// Normalises a date string to ISO 8601: with offset when the source gives one, naive
/// date-time when it gives a time only, bare date otherwise. `None` when no date is found.
pub fn date(raw: &str) -> Option<String> {
    date_at(raw, Utc::now())
}

/// [`date`], with relative dates ("3 hours ago") counted back from `now`.
pub fn date_at(raw: &str, now: DateTime<Utc>) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return plausible(d.date_naive()).then(|| d.to_rfc3339());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, fmt) {
            return plausible(d.date_naive()).then(|| d.to_rfc3339());
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return plausible(d.date_naive()).then(|| d.to_rfc3339());
    }
    // Seconds or milliseconds since 1970 ("1764845400", "1764845400000").
    if (s.len() == 10 || s.len() == 13) && s.chars().all(|c| c.is_ascii_digit()) {
        let secs: i64 = s.get(..10)?.parse().ok()?;
        let d = DateTime::from_timestamp(secs, 0)?;
        return plausible(d.date_naive()).then(|| d.to_rfc3339());
    }
    if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d")
            .ok()
            .filter(|d| plausible(*d))
            .map(|d| d.to_string());
    }
    find_all(s, now).into_iter().next().map(|f| f.value)
}

/// A date found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Byte offset of the date in the text.
    pub at: usize,
    /// Byte length of the date as written.
    pub len: usize,
    pub value: String,
    /// Labelled as a modification ("Updated ...").
    pub modified: bool,
    /// Labelled as the publication ("Published ...", "Posted on ...").
    pub published: bool,
}

/// Whether `text` holds four ASCII digits in a row.
fn has_year_digits(text: &str) -> bool {
    text.as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit))
}

/// Every date in `text`, in order, each with what its label says.
pub fn find_all(text: &str, now: DateTime<Utc>) -> Vec<Found> {
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    // Every written-out date needs a year of four ASCII digits (other digits do not parse):
    // a text without one is spared the four searches, the month-name ones slow on non-ASCII
    // text (their Unicode word boundaries).
    if has_year_digits(text) {
        for c in ISO_DATE.captures_iter(text) {
            push(&mut spans, &c, iso(&c));
        }
        for c in MONTH_FIRST.captures_iter(text) {
            push(&mut spans, &c, named(&c, 1, 2, 3));
        }
        for c in DAY_FIRST.captures_iter(text) {
            push(&mut spans, &c, named(&c, 2, 1, 3));
        }
        for c in NUMERIC_DATE.captures_iter(text) {
            push(&mut spans, &c, numeric(&c));
        }
    }
    // "Today" and "yesterday" are dates only when they are all the text says.
    let short = text.chars().count() <= 30;
    for c in RELATIVE.captures_iter(text) {
        if short || c.get(3).is_none() {
            push(&mut spans, &c, relative(&c, now));
        }
    }
    spans.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
    let mut out: Vec<Found> = Vec::new();
    let mut end = 0;
    for (start, stop, value) in spans {
        if start < end {
            continue;
        }
        let before = &text[end..start];
        out.push(Found {
            at: start,
            len: stop - start,
            value,
            modified: MODIFIED_LABEL.is_match(before),
            published: PUBLISHED_LABEL.is_match(before),
        });
        end = stop;
    }
    out
}

fn push(spans: &mut Vec<(usize, usize, String)>, c: &Captures, v: Option<String>) {
    if let (Some(m), Some(v)) = (c.get(0), v) {
        spans.push((m.start(), m.end(), v));
    }
}

fn num(c: &Captures, i: usize) -> Option<u32> {
    c.get(i)?.as_str().parse().ok()
}

fn iso(c: &Captures) -> Option<String> {
    let y = num(c, 1)? as i32;
    let day = NaiveDate::from_ymd_opt(y, num(c, 2)?, num(c, 3)?).filter(|d| plausible(*d))?;
    Some(with_time(day, num(c, 4), num(c, 5), num(c, 6), None))
}

fn named(c: &Captures, mi: usize, di: usize, yi: usize) -> Option<String> {
    let m = month(c.get(mi)?.as_str())?;
    let day =
        NaiveDate::from_ymd_opt(num(c, yi)? as i32, m, num(c, di)?).filter(|d| plausible(*d))?;
    let ampm = c.get(7).map(|x| x.as_str());
    Some(with_time(day, num(c, 4), num(c, 5), num(c, 6), ampm))
}

fn numeric(c: &Captures) -> Option<String> {
    let (a, b, y) = (num(c, 1)?, num(c, 3)?, num(c, 4)? as i32);
    let dot = c.get(2).is_some_and(|s| s.as_str() == ".");
    let (d, m) = if dot || a > 12 { (a, b) } else { (b, a) };
    let day = NaiveDate::from_ymd_opt(y, m, d).filter(|d| plausible(*d))?;
    Some(day.to_string())
}

fn relative(c: &Captures, now: DateTime<Utc>) -> Option<String> {
    if let Some(w) = c.get(3) {
        let back = if w.as_str().eq_ignore_ascii_case("yesterday") {
            1
        } else {
            0
        };
        return Some((now - Duration::days(back)).date_naive().to_string());
    }
    let n: i64 = match c.get(1)?.as_str() {
        a if a.eq_ignore_ascii_case("a") || a.eq_ignore_ascii_case("an") => 1,
        a => a.parse().ok()?,
    };
    let unit = c.get(2)?.as_str().to_ascii_lowercase();
    let back = match unit.as_str() {
        "minute" | "min" => Duration::minutes(n),
        "hour" | "hr" => Duration::hours(n),
        "day" => Duration::days(n),
        _ => Duration::weeks(n),
    };
    let t = now - back;
    Some(if unit == "day" || unit == "week" {
        t.date_naive().to_string()
    } else {
        t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    })
}

fn with_time(
    day: NaiveDate,
    h: Option<u32>,
    m: Option<u32>,
    s: Option<u32>,
    ampm: Option<&str>,
) -> String {
    let (Some(mut h), Some(m)) = (h, m) else {
        return day.to_string();
    };
    match ampm.map(|a| a.to_ascii_lowercase()) {
        Some(a) if a == "p" && h < 12 => h += 12,
        Some(a) if a == "a" && h == 12 => h = 0,
        _ => {}
    }
    match NaiveTime::from_hms_opt(h, m, s.unwrap_or(0)) {
        Some(t) => NaiveDateTime::new(day, t)
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string(),
        None => day.to_string(),
    }
}

/// The day (`YYYY-MM-DD`) a normalised date falls on, as written.
pub fn day_of(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()
}

/// The date in a URL path: `/2025/09/04/`, `/2025-09-04-slug`, `/20250904/`.
pub fn from_url(url: &str) -> Option<String> {
    static PATH: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"/((?:19|20)\d{2})([/-]?)(\d{2})([/-]?)(\d{2})(?:\D|$)").expect("static regex")
    });
    let path = url::Url::parse(url).ok()?.path().to_string();
    let c = PATH.captures(&path)?;
    if c.get(2).map(|m| m.as_str()) != c.get(4).map(|m| m.as_str()) {
        return None;
    }
    let d = NaiveDate::from_ymd_opt(num(&c, 1)? as i32, num(&c, 3)?, num(&c, 5)?)?;
    plausible(d).then(|| d.to_string())
}

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
