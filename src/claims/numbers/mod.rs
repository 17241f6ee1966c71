//! Number normalisation: reads a written figure into a value — digits with group
//! separators in English or continental style ("1,234.5", "1.234,5"), magnitudes ("k", "M",
//! "bn", "million", "Mrd."), words ("two billion", "a quarter"). [`scan`] finds figures with
//! their units, bounds, ranges and direction in a sentence.

mod context;
pub mod scan;
pub mod words;
pub mod zones;

pub use scan::{scan, Figure, Unit};
pub use words::parse_words;

/// Whether a language writes decimals with a comma ("1.234,5").
pub fn decimal_comma(language: Option<&str>) -> bool {
    let Some(lang) = language else { return false };
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        primary.as_str(),
        "de" | "fr"
            | "es"
            | "it"
            | "pt"
            | "nl"
            | "ru"
            | "tr"
            | "pl"
            | "id"
            | "da"
            | "sv"
            | "nb"
            | "no"
            | "fi"
            | "cs"
            | "ro"
            | "hu"
            | "el"
            | "uk"
            | "vi"
    )
}

/// Reads a digit string with group separators: "1,234,567.89" (or "1.234.567,89" when
/// `decimal_comma`).
pub fn parse_digits(s: &str, decimal_comma: bool) -> Option<f64> {
    clean_digits(s, decimal_comma)?.parse::<f64>().ok()
}

/// Reads a digit string times a power of ten, rounding once ("1.2" and 1e9 give exactly
/// 1_200_000_000).
pub fn parse_scaled(s: &str, decimal_comma: bool, scale: f64) -> Option<f64> {
    let clean = clean_digits(s, decimal_comma)?;
    if scale == 1.0 {
        return clean.parse::<f64>().ok();
    }
    let exp = scale.log10().round() as i32;
    format!("{clean}e{exp}").parse::<f64>().ok()
}

fn clean_digits(s: &str, decimal_comma: bool) -> Option<String> {
    let (group, decimal) = if decimal_comma {
        ('.', ',')
    } else {
        (',', '.')
    };
    let mut clean = String::with_capacity(s.len());
    for c in s.chars() {
        if c == group || c == '\u{a0}' || c == '\u{202f}' || c == '\'' {
            continue;
        }
        if c == decimal {
            clean.push('.');
        } else if c.is_ascii_digit() {
            clean.push(c);
        } else {
            return None;
        }
    }
    if clean.is_empty() || clean == "." {
        return None;
    }
    if clean.starts_with('.') {
        clean.insert(0, '0');
    }
    Some(clean)
}

/// The multiplier of a magnitude word or suffix ("k", "M", "bn", "billion", "Mrd.").
/// German "Billion(en)" is 10^12; English "billion" 10^9.
pub fn magnitude(word: &str, decimal_comma: bool) -> Option<f64> {
    let w = word.trim_end_matches('.');
    Some(match w {
        "k" | "K" | "thousand" | "Tsd" | "Tausend" => 1e3,
        "m" | "M" | "MM" | "mn" | "mln" | "million" | "millions" | "Mio" | "Million"
        | "Millionen" => 1e6,
        "b" | "B" | "bn" | "bln" | "Mrd" | "Milliarde" | "Milliarden" => 1e9,
        "billion" | "billions" => 1e9,
        "Billion" | "Billionen" if decimal_comma => 1e12,
        "Billion" => 1e9,
        "t" | "T" | "tn" | "trillion" | "trillions" => 1e12,
        _ => return None,
    })
}

/// Reads one written figure — currency, sign, digits or words, magnitude and unit are all
/// allowed ("$1.2bn", "1.234.567,89", "two billion", "-3.2%") — and returns its value
/// (units are dropped: "25%" gives 25).
pub fn parse_number(s: &str, language: Option<&str>) -> Option<f64> {
    let t = s.trim();
    if let Some(f) = scan(t, language, &[]).into_iter().next() {
        return Some(if f.sign < 0 { -f.value } else { f.value });
    }
    parse_words(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles() {
        assert_eq!(parse_number("1,234,567.89", None), Some(1_234_567.89));
        assert_eq!(parse_number("1.234.567,89", Some("de")), Some(1_234_567.89));
        assert_eq!(parse_number("$1.2bn", None), Some(1.2e9));
        assert_eq!(parse_number("1.2 million", None), Some(1.2e6));
        assert_eq!(parse_number("1,5 Mrd.", Some("de-DE")), Some(1.5e9));
        assert_eq!(parse_number("two billion", None), Some(2e9));
        assert_eq!(parse_number("-3.2%", None), Some(-3.2));
        assert_eq!(parse_number("$95k", None), Some(95_000.0));
    }
}
