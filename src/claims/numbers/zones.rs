//! Price zones: a money figure written as a band ("in the $28,300s", "the low-$26,000s",
//! "mid-$2,100s", "the high $20s"). The band's width is the place of the figure's last
//! non-zero digit ("$26,000s": 1,000; "$28,300s": 100; "$20s": 10); the value is the band's
//! start and `value_high` its end, with the position (low / mid / high, or the band itself)
//! as the precision. A number with an "s" and no currency ("the 1990s", "in their 20s") is
//! a decade or an age, never a zone.

use super::scan::Figure;
use super::Unit;
use crate::claims::{Bound, Precision};
use once_cell::sync::Lazy;
use regex::Regex;

static ZONE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)(?:\b(?P<pos>low|lower|mid|middle|high|upper)[\s-]+)?(?P<cur>US\$|\$|€|£)(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<k>[kK])?s\b",
    )
    .unwrap_or_else(|e| panic!("bad built-in zone pattern: {e}"))
});

fn currency(sym: &str) -> &'static str {
    match sym {
        "€" => "EUR",
        "£" => "GBP",
        _ => "USD",
    }
}

/// Every zone in `text` (byte offsets into it).
pub fn find(text: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    for c in ZONE.captures_iter(text) {
        let (Some(all), Some(num), Some(cur)) = (c.get(0), c.name("num"), c.name("cur")) else {
            continue;
        };
        let digits: String = num.as_str().chars().filter(char::is_ascii_digit).collect();
        let Ok(base) = digits.parse::<u64>() else {
            continue;
        };
        let scale: u64 = if c.name("k").is_some() { 1000 } else { 1 };
        let zeros = digits.len() - digits.trim_end_matches('0').len();
        if base == 0 || zeros == 0 && scale == 1 {
            continue;
        }
        let width = 10u64.pow(zeros as u32) * scale;
        let value = (base * scale) as f64;
        let precision = match c.name("pos").map(|p| p.as_str().to_ascii_lowercase()) {
            Some(p) if p.starts_with("low") => Precision::ZoneLow,
            Some(p) if p.starts_with("mid") => Precision::ZoneMid,
            Some(p) if p == "high" || p == "upper" => Precision::ZoneHigh,
            _ => Precision::Zone,
        };
        let start = c.name("pos").map_or(cur.start(), |p| p.start());
        out.push(Figure {
            start,
            end: all.end(),
            num_start: num.start(),
            value,
            value_high: Some(value + width as f64),
            unit: Unit::Money,
            currency: Some(currency(cur.as_str()).to_string()),
            scale: 1.0,
            bound: Bound::Approximately,
            change: 0,
            sign: 0,
            year_like: false,
            precision: Some(precision),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Option<(f64, f64, Precision)> {
        find(text)
            .first()
            .and_then(|f| Some((f.value, f.value_high?, f.precision?)))
    }

    #[test]
    fn bands_and_positions() {
        assert_eq!(
            one("the low-$26,000s"),
            Some((26000.0, 27000.0, Precision::ZoneLow))
        );
        assert_eq!(
            one("mid-$2,100s"),
            Some((2100.0, 2200.0, Precision::ZoneMid))
        );
        assert_eq!(
            one("in the $28,300s"),
            Some((28300.0, 28400.0, Precision::Zone))
        );
        assert_eq!(
            one("the high $20s"),
            Some((20.0, 30.0, Precision::ZoneHigh))
        );
        assert_eq!(one("the $90Ks"), Some((90000.0, 100000.0, Precision::Zone)));
    }

    #[test]
    fn decades_ages_and_plain_plurals_are_no_zones() {
        assert!(find("the 1990s and the 2000s").is_empty());
        assert!(find("traders in their 20s").is_empty());
        assert!(find("prices like $25s are odd").is_empty());
    }
}
