//! The figure scanner: finds every number in a sentence with its currency, magnitude, unit
//! (%, basis points, points, crypto ticker), range ("$90,000–$95,000", "between 3% and
//! 5%"), bound ("around", "at least") and direction ("up 4%", "-3.2%"). It does not decide
//! what a figure means (see `claims::classify`).

use super::context::{decorate, extend_range};
use super::{magnitude, parse_scaled, parse_words, words::WORD_ALTERNATION};
use crate::claims::{assets, Bound, Precision};
use once_cell::sync::Lazy;
use regex::Regex;

/// What a figure counts.
#[derive(Debug, Clone, PartialEq)]
pub enum Unit {
    Plain,
    Money,
    Percent,
    PercentagePoints,
    BasisPoints,
    Points,
    /// A cryptoasset, by ticker ("BTC").
    Crypto(String),
}

/// One figure found in a text. Offsets are bytes into the scanned text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub start: usize,
    pub end: usize,
    /// Where the number itself starts (after currency and sign).
    pub num_start: usize,
    /// Unsigned value, magnitude applied.
    pub value: f64,
    pub value_high: Option<f64>,
    pub unit: Unit,
    pub currency: Option<String>,
    /// The magnitude multiplier applied (1 when none).
    pub scale: f64,
    pub bound: Bound,
    pub change: i8,
    /// -1 for a written minus sign, +1 for a plus sign.
    pub sign: i8,
    /// Four plain digits between 1900 and 2100 with no unit: a year, not a figure.
    pub year_like: bool,
    /// Set for a zone ("the low-$26,000s"); otherwise the extractor derives precision from
    /// the bound and the range.
    pub precision: Option<Precision>,
}

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("bad built-in pattern {p}: {e}"))
}

static DIGITS_EN: Lazy<Regex> =
    Lazy::new(|| re(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"));
static DIGITS_DE: Lazy<Regex> = Lazy::new(|| re(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"));
static MAG: Lazy<Regex> = Lazy::new(|| {
    re(
        r"^(\s?|-)(trillions?|billions?|millions?|thousand|Milliarden|Millionen|Billionen|Milliarde|Million|Billion|Tausend|Mrd\.?|Mio\.?|Tsd\.?|bln|mln|bn|mn|tn|MM|[kKMBTmbt])",
    )
});
static UNIT: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^\s?(%|‰|percentage[- ]points?|pct\.? points?|per ?cent|pct|basis[- ]points?(?:[- ]worth)?|bps|bp|prozentpunkte|prozent|basispunkte[n]?|points?|pts|us-dollar|hong\s+kong\s+dollars?|singapore\s+dollars?|australian\s+dollars?|canadian\s+dollars?|dollars?|euros?|pounds?|yen|yuan|renminbi|rupees?|usd|eur|gbp|jpy|chf|€|\$)",
    )
});
/// A word after a number that may name a cryptoasset: "1,000 BTC", "41,500 more Bitcoin",
/// "a 10,000-ETH transfer".
static WORD_UNIT: Lazy<Regex> = Lazy::new(|| {
    re(
        r"^(?:\s|-)?(?:(?:more|additional|extra|new|fresh|further|freshly\s+minted)\s+)?([A-Za-z][A-Za-z0-9]*)",
    )
});
static PER_CURRENCY: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^\s+(?:per|to\s+the|against\s+the)\s+(?:u\.s\.\s+|us\s+)?(?:dollar|euro|pound|yen|greenback)\b",
    )
});
/// Nouns an asset word can qualify: then the number counts them, not coins.
static COUNTED_NOUN: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^\s+(?:transactions?|transfers?|wallets?|address(?:es)?|blocks?|miners?|ETFs?|funds?|products?|treasur(?:y|ies)|nodes?|holders?|users?|trades?|payments?|prices?|conferences?|investors?|whales?|futures|options|compan(?:y|ies)|firms?|developers?|apps?|exchanges?)\b",
    )
});
static CURRENCY_LEFT: Lazy<Regex> =
    Lazy::new(|| re(r"(US\$|A\$|C\$|HK\$|S\$|NZ\$|\$|€|£|¥|₹|USD|EUR|GBP|JPY|CHF|INR|Rs\.?)\s?$"));
static FRACTION_BP: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:(?:a|one)\s+)?(quarter|half|three[- ]quarters?)[\s-]+(?:of\s+)?(?:a\s+)?(?:percentage[\s-]+)?point\b",
    )
});
static WORDS: Lazy<Regex> = Lazy::new(|| {
    let w = WORD_ALTERNATION;
    re(&format!(
        r"(?i)\b(?:(?:a|an)\s+)?(?:{w})(?:(?:\s+|-)(?:and\s+|a\s+)?(?:{w}))*\b"
    ))
});

fn masked(masks: &[(usize, usize)], s: usize, e: usize) -> bool {
    masks.iter().any(|&(a, b)| s < b && a < e)
}

pub(super) fn left_window(text: &str, pos: usize, max: usize) -> &str {
    let mut from = pos.saturating_sub(max);
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    text.get(from..pos).unwrap_or("")
}

/// Finds all figures in `text`, skipping numbers inside `masks` (byte spans such as
/// "Russell 2000").
pub fn scan(text: &str, language: Option<&str>, masks: &[(usize, usize)]) -> Vec<Figure> {
    let dc = super::decimal_comma(language);
    let digits = if dc { &*DIGITS_DE } else { &*DIGITS_EN };
    let mut out: Vec<Figure> = super::zones::find(text)
        .into_iter()
        .filter(|z| !masked(masks, z.start, z.end))
        .map(|mut z| {
            decorate(text, &mut z);
            z.bound = Bound::Approximately;
            z
        })
        .collect();
    let mut consumed = 0usize;
    for m in digits.find_iter(text) {
        if m.start() < consumed
            || masked(masks, m.start(), m.end())
            || out
                .iter()
                .any(|z| z.start <= m.start() && m.start() < z.end)
            || !clean_left(text, m.start())
        {
            continue;
        }
        let Some(mut f) = figure_at(text, m.start(), m.end(), dc) else {
            continue;
        };
        extend_range(text, &mut f, dc, digits);
        consumed = f.end;
        out.push(f);
    }
    for m in FRACTION_BP.find_iter(text) {
        if out.iter().any(|f| f.start < m.end() && m.start() < f.end) {
            continue;
        }
        let lower = m.as_str().to_lowercase();
        let value = if lower.contains("three") {
            75.0
        } else if lower.contains("half") {
            50.0
        } else {
            25.0
        };
        let mut f = bare(m.start(), m.end(), value, Unit::BasisPoints);
        decorate(text, &mut f);
        out.push(f);
    }
    for m in WORDS.find_iter(text) {
        if out.iter().any(|f| f.start < m.end() && m.start() < f.end)
            || masked(masks, m.start(), m.end())
        {
            continue;
        }
        let Some(value) = parse_words(m.as_str()) else {
            continue;
        };
        let (unit, currency, end) = unit_after(text, m.end(), false);
        let cur_left = currency_left(text, m.start());
        let currency = currency.or(cur_left.as_ref().map(|c| c.1.clone()));
        let unit = if unit == Unit::Plain && currency.is_some() {
            Unit::Money
        } else {
            unit
        };
        if unit == Unit::Plain || value == 0.0 {
            continue;
        }
        let mut f = bare(cur_left.map_or(m.start(), |c| c.0), end, value, unit);
        f.num_start = m.start();
        f.currency = currency;
        decorate(text, &mut f);
        out.push(f);
    }
    out.sort_by_key(|f| f.start);
    out
}

fn bare(start: usize, end: usize, value: f64, unit: Unit) -> Figure {
    Figure {
        start,
        end,
        num_start: start,
        value,
        value_high: None,
        unit,
        currency: None,
        scale: 1.0,
        bound: Bound::Exact,
        change: 0,
        sign: 0,
        year_like: false,
        precision: None,
    }
}

/// Whether the number starting at `pos` is a number of its own (not "Q1", "COVID-19", "10:50").
fn clean_left(text: &str, pos: usize) -> bool {
    let mut prev = text[..pos].chars().rev();
    match prev.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some(',' | '.' | ':' | '/') => !prev.next().is_some_and(|d| d.is_ascii_digit()),
        Some('-') => !prev.next().is_some_and(|d| d.is_alphabetic()),
        _ => true,
    }
}

fn currency_code(sym: &str) -> String {
    match sym.trim() {
        "$" | "US$" | "USD" => "USD",
        "€" | "EUR" => "EUR",
        "£" | "GBP" => "GBP",
        "¥" | "JPY" => "JPY",
        "A$" => "AUD",
        "C$" => "CAD",
        "HK$" => "HKD",
        "S$" => "SGD",
        "NZ$" => "NZD",
        "₹" | "Rs" | "Rs." | "INR" => "INR",
        other => other,
    }
    .to_string()
}

/// A currency written right before `pos`: (start of the symbol, ISO code).
fn currency_left(text: &str, pos: usize) -> Option<(usize, String)> {
    let before = left_window(text, pos, 8);
    let c = CURRENCY_LEFT.captures(before)?;
    let g = c.get(1)?;
    let abs = pos - before.len() + g.start();
    if g.as_str().chars().all(|ch| ch.is_ascii_alphabetic())
        && text[..abs]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    Some((abs, currency_code(g.as_str())))
}

/// Reads the unit after a number ending at `pos`: (unit, currency, end).
fn unit_after(text: &str, pos: usize, has_currency: bool) -> (Unit, Option<String>, usize) {
    let rest = &text[pos..];
    if let Some(c) = UNIT.captures(rest) {
        let all = c.get(0).map_or(0, |g| g.end());
        let word = c.get(1).map_or("", |g| g.as_str());
        let boundary = !word.ends_with(|ch: char| ch.is_alphabetic())
            || !rest[all..].starts_with(|ch: char| ch.is_alphanumeric());
        if boundary {
            let w = word.to_lowercase();
            let unit =
                if w == "%" || w == "‰" || w.starts_with("per") || w == "pct" || w == "prozent" {
                    Some(Unit::Percent)
                } else if w.starts_with("percentage")
                    || w.starts_with("pct")
                    || w == "prozentpunkte"
                {
                    Some(Unit::PercentagePoints)
                } else if w.starts_with("basis") || w.starts_with("bp") {
                    Some(Unit::BasisPoints)
                } else if w.starts_with("point") || w == "pts" {
                    Some(Unit::Points)
                } else {
                    None
                };
            if let Some(u) = unit {
                return (u, None, pos + all);
            }
            if !has_currency {
                let code = match w.as_str() {
                    "usd" | "us-dollar" | "dollar" | "dollars" | "$" => "USD",
                    "eur" | "euro" | "euros" | "€" => "EUR",
                    "gbp" | "pound" | "pounds" => "GBP",
                    "jpy" | "yen" => "JPY",
                    "yuan" | "renminbi" => "CNY",
                    "rupee" | "rupees" => "INR",
                    w if w.starts_with("hong") => "HKD",
                    w if w.starts_with("singapore") => "SGD",
                    w if w.starts_with("australian") => "AUD",
                    w if w.starts_with("canadian") => "CAD",
                    _ => "CHF",
                };
                return (Unit::Money, Some(code.to_string()), pos + all);
            }
        }
    }
    if has_currency {
        return (Unit::Plain, None, pos);
    }
    // An exchange rate: "108.55 per dollar", "7.1 to the dollar".
    if let Some(m) = PER_CURRENCY.find(rest) {
        return (Unit::Money, None, pos + m.end());
    }
    if let Some(c) = WORD_UNIT.captures(rest) {
        if let Some(g) = c.get(1) {
            let hyphen = rest.starts_with('-');
            // "one Bitcoin transaction", "two ether ETFs": the asset names what is counted.
            let counted = !hyphen && COUNTED_NOUN.is_match(&rest[g.end()..]);
            if let (Some(t), false) = (assets::crypto_unit(g.as_str()), counted) {
                return (Unit::Crypto(t), None, pos + g.end());
            }
        }
    }
    (Unit::Plain, None, pos)
}

pub(super) fn figure_at(text: &str, ns: usize, ne: usize, dc: bool) -> Option<Figure> {
    let digits = &text[ns..ne];
    let rest = &text[ne..];
    let mut chars = rest.chars();
    let next = chars.next();
    if matches!(next, Some(':' | '/')) && chars.next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let lower_rest = rest.to_ascii_lowercase();
    for ord in ["st", "nd", "rd", "th"] {
        if lower_rest.starts_with(ord) && !rest[2..].starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
    }
    let cur_left = currency_left(text, ns);
    let mut scale = 1.0;
    let mut pos = ne;
    if let Some(c) = MAG.captures(rest) {
        let space = c.get(1).map_or(0, |g| g.len());
        let word = c.get(2).map_or("", |g| g.as_str());
        let all = c.get(0).map_or(0, |g| g.end());
        let after_ok =
            word.ends_with('.') || !rest[all..].starts_with(|ch: char| ch.is_alphanumeric());
        let single = word.len() == 1 || word == "MM";
        let lower_letter = matches!(word, "m" | "b" | "t" | "T");
        let ok = after_ok && !(single && space > 0) && !(lower_letter && cur_left.is_none());
        if let (true, Some(v)) = (ok, magnitude(word, dc)) {
            scale = v;
            pos = ne + all;
        }
    }
    let (mut unit, mut currency, end) = unit_after(text, pos, cur_left.is_some());
    if unit == Unit::Plain && text[pos..].starts_with(|c: char| c.is_alphabetic()) {
        return None;
    }
    let mut start = ns;
    if let Some((cs, code)) = cur_left {
        if unit == Unit::Plain {
            unit = Unit::Money;
        }
        if currency.is_none() && unit == Unit::Money {
            currency = Some(code);
        }
        start = cs;
    }
    let value = parse_scaled(digits, dc, scale)?;
    let mut sign = 0;
    if let Some(c) = text[..start].chars().next_back() {
        if matches!(c, '-' | '+' | '\u{2212}') {
            let before = &text[..start - c.len_utf8()];
            if before
                .chars()
                .next_back()
                .is_none_or(|b| b.is_whitespace() || b == '(')
            {
                sign = if c == '+' { 1 } else { -1 };
                start -= c.len_utf8();
            }
        }
    }
    let year_like = unit == Unit::Plain
        && scale == 1.0
        && digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (1900.0..=2100.0).contains(&value);
    let mut f = Figure {
        start,
        end,
        num_start: ns,
        value,
        value_high: None,
        unit,
        currency,
        scale,
        bound: Bound::Exact,
        change: sign,
        sign,
        year_like,
        precision: None,
    };
    decorate(text, &mut f);
    Some(f)
}
