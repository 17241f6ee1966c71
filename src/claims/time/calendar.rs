//! Calendar arithmetic for time expressions: publication dates, month names, month ends,
//! and the periods named relative to publication ("this week", "year-end", "tomorrow").

use chrono::{Datelike, Duration, NaiveDate};

/// Parses a publication date ("2025-12-12T10:50:00+00:00", "2025-12-12 10:50", "2025-12-12").
pub fn published_date(published: Option<&str>) -> Option<NaiveDate> {
    let p = published?.trim();
    NaiveDate::parse_from_str(p.get(..10)?, "%Y-%m-%d").ok()
}

pub(super) fn word_number(s: &str) -> i64 {
    let words = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let l = s.to_lowercase();
    if let Ok(n) = l.parse::<i64>() {
        return n.clamp(0, 1000);
    }
    if let Some(i) = words.iter().position(|w| *w == l) {
        return i as i64 + 1;
    }
    if l.starts_with("couple") {
        return 2;
    }
    3
}

pub(super) fn last_day(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).map(|d| d - Duration::days(1))
}

pub(super) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(super) fn this_period(
    c: &regex::Captures,
    published: Option<NaiveDate>,
) -> (Option<(NaiveDate, NaiveDate)>, bool) {
    let Some(pd) = published else {
        let fwd = c.name("ye").is_some()
            || c.name("w")
                .is_some_and(|w| w.as_str().eq_ignore_ascii_case("next"))
            || c.name("day")
                .is_some_and(|d| d.as_str().eq_ignore_ascii_case("tomorrow"));
        return (None, fwd);
    };
    if let Some(d) = c.name("day") {
        let off = match d.as_str().to_lowercase().as_str() {
            "tomorrow" => 1,
            "yesterday" => -1,
            _ => 0,
        };
        let day = pd + Duration::days(off);
        return (Some((day, day)), off > 0);
    }
    if c.name("ye").is_some() {
        let end = NaiveDate::from_ymd_opt(pd.year(), 12, 31);
        return (end.map(|e| (e, e)), true);
    }
    let shift: i32 = match c.name("w").map(|w| w.as_str().to_lowercase()) {
        Some(w) if w == "last" => -1,
        Some(w) if w == "next" => 1,
        _ => 0,
    };
    let unit = c
        .name("unit")
        .map(|u| u.as_str().to_lowercase())
        .unwrap_or_default();
    let range = match unit.as_str() {
        "week" => {
            let monday = pd - Duration::days(pd.weekday().num_days_from_monday() as i64)
                + Duration::days(7 * shift as i64);
            Some((monday, monday + Duration::days(6)))
        }
        "month" => {
            let idx = pd.year() * 12 + pd.month() as i32 - 1 + shift;
            let (y, m) = (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1);
            NaiveDate::from_ymd_opt(y, m, 1).zip(last_day(y, m))
        }
        "quarter" => {
            let q = (pd.month() as i32 - 1) / 3 + shift;
            let y = pd.year() + q.div_euclid(4);
            let qm = q.rem_euclid(4) as u32 * 3 + 1;
            NaiveDate::from_ymd_opt(y, qm, 1).zip(last_day(y, qm + 2))
        }
        _ => {
            let y = pd.year() + shift;
            NaiveDate::from_ymd_opt(y, 1, 1).zip(NaiveDate::from_ymd_opt(y, 12, 31))
        }
    };
    (range, shift > 0)
}
