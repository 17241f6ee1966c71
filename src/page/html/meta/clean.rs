//! Cleaning of metadata values: author names (dropping job titles, reading times, "Email the
//! author", URLs, editors), bylines ("By X | Edited by Y") and dates normalised to ISO 8601.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
use once_cell::sync::Lazy;
use regex::Regex;

static JUNK_AUTHOR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)^(by|and|von|por|par|di|door|staff|admin|administrator|editor|editors|author|authors|reporter|contributor|guest|anonymous|unknown|none|null|more|follow|email|share)$|(?i)\b(senior|staff|chief|deputy|managing|contributing|associate|executive)\s+(reporter|writer|editor|correspondent|analyst)\b|(?i)\bmin(ute)?s?\s+read\b|(?i)\bemail\s+the\s+author\b|(?i)\b(updated|published|posted)\b|https?://|www\.|@|\d",
    )
    .expect("static regex")
});

static BY_PREFIX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\s*(written\s+)?(by|von|por|par|door|di)\s*:?\s+").expect("static regex")
});

static EDITOR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^\s*(edited|reviewed|fact[- ]checked|produced|translated|illustrated|photos?|additional reporting)\b")
        .expect("static regex")
});

static SPLIT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\s*(?:,|&|\band\b|\bund\b|\by\b|\bet\b|;|\|)\s*").expect("static regex")
});

/// Splits and cleans one author value (a byline or a meta value) into names.
pub fn authors(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    // "By X | Edited by Y": keep the parts that are not editor credits.
    for part in raw.split(['|', '\n', '•', '·']) {
        let part = part.trim();
        if part.is_empty() || EDITOR.is_match(part) {
            continue;
        }
        let part = BY_PREFIX.replace(part, "");
        // A role after a dash or comma: "Jane Doe - Senior Reporter".
        let part = part
            .split(" - ")
            .next()
            .unwrap_or("")
            .split(" – ")
            .next()
            .unwrap_or("");
        for name in SPLIT.split(part) {
            let name = name
                .trim()
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'');
            let name = BY_PREFIX.replace(name, "");
            let name = name.trim();
            if valid_name(name) && !out.iter().any(|n: &String| n.eq_ignore_ascii_case(name)) {
                out.push(name.to_string());
            }
        }
    }
    out
}

fn valid_name(name: &str) -> bool {
    let words = name.split_whitespace().count();
    (1..=5).contains(&words)
        && name.chars().count() >= 3
        && name.chars().any(char::is_alphabetic)
        && !JUNK_AUTHOR.is_match(name)
        && name.chars().next().is_some_and(|c| !c.is_lowercase())
}

static MONTH_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})\s*([ap])?\.?m?\.?)?",
    )
    .expect("static regex")
});

static DAY_MONTH_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})\.?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{4})")
        .expect("static regex")
});

static ISO_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
        .expect("static regex")
});

fn plausible(d: NaiveDate) -> bool {
    use chrono::Datelike;
    (1990..=2100).contains(&d.year())
}

/// Normalises a date string to ISO 8601: with offset when the source gives one, naive
/// date-time when it gives a time only, bare date otherwise. `None` when no date is found.
pub fn date(raw: &str) -> Option<String> {
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
    if let Some(c) = ISO_DATE.captures(s) {
        let y = c.get(1)?.as_str().parse().ok()?;
        let m = c.get(2)?.as_str().parse().ok()?;
        let d = c.get(3)?.as_str().parse().ok()?;
        let day = NaiveDate::from_ymd_opt(y, m, d)?;
        if !plausible(day) {
            return None;
        }
        return Some(with_time(day, c.get(4), c.get(5), c.get(6), None));
    }
    if let Some(c) = MONTH_DATE.captures(s) {
        let m = crate::page::month_number(c.get(1)?.as_str())?;
        let d = c.get(2)?.as_str().parse().ok()?;
        let y = c.get(3)?.as_str().parse().ok()?;
        let day = NaiveDate::from_ymd_opt(y, m, d)?;
        return Some(with_time(
            day,
            c.get(4),
            c.get(5),
            None,
            c.get(6).map(|x| x.as_str()),
        ));
    }
    if let Some(c) = DAY_MONTH_DATE.captures(s) {
        let d = c.get(1)?.as_str().parse().ok()?;
        let m = crate::page::month_number(c.get(2)?.as_str())?;
        let y = c.get(3)?.as_str().parse().ok()?;
        return NaiveDate::from_ymd_opt(y, m, d).map(|d| d.to_string());
    }
    if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d")
            .ok()
            .filter(|d| plausible(*d))
            .map(|d| d.to_string());
    }
    None
}

fn with_time(
    day: NaiveDate,
    h: Option<regex::Match>,
    m: Option<regex::Match>,
    s: Option<regex::Match>,
    ampm: Option<&str>,
) -> String {
    let (Some(h), Some(m)) = (h, m) else {
        return day.to_string();
    };
    let mut h: u32 = h.as_str().parse().unwrap_or(0);
    let m: u32 = m.as_str().parse().unwrap_or(0);
    let s: u32 = s.and_then(|s| s.as_str().parse().ok()).unwrap_or(0);
    match ampm.map(|a| a.to_ascii_lowercase()) {
        Some(a) if a == "p" && h < 12 => h += 12,
        Some(a) if a == "a" && h == 12 => h = 0,
        _ => {}
    }
    match NaiveTime::from_hms_opt(h, m, s) {
        Some(t) => NaiveDateTime::new(day, t)
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string(),
        None => day.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_keep_authors_and_drop_editors_and_junk() {
        assert_eq!(
            authors("By James Van Straten | Edited by Sheldon Reback"),
            vec!["James Van Straten"]
        );
        assert_eq!(
            authors("By Jane Doe and John Roe"),
            vec!["Jane Doe", "John Roe"]
        );
        assert!(authors("Senior Reporter").is_empty());
        assert!(authors("3 min read").is_empty());
        assert!(authors("https://example.com/author/x").is_empty());
        assert_eq!(authors("Email the author\nJane Doe"), vec!["Jane Doe"]);
    }

    #[test]
    fn dates_normalise_to_iso() {
        assert_eq!(
            date("2025-12-12T10:50:00Z").as_deref(),
            Some("2025-12-12T10:50:00+00:00")
        );
        assert_eq!(
            date("2025-12-12 10:50").as_deref(),
            Some("2025-12-12T10:50:00")
        );
        assert_eq!(
            date("Dec 12, 2025, 10:50 a.m.").as_deref(),
            Some("2025-12-12T10:50:00")
        );
        assert_eq!(
            date("Dec 12, 2025, 3:05 p.m.").as_deref(),
            Some("2025-12-12T15:05:00")
        );
        assert_eq!(date("31 October 2023").as_deref(), Some("2023-10-31"));
        assert_eq!(
            date("Tue, 31 Oct 2023 12:00:00 GMT").as_deref(),
            Some("2023-10-31T12:00:00+00:00")
        );
        assert_eq!(date("no date here"), None);
    }
}
