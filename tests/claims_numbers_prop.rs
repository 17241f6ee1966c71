//! Property test for number normalisation: a number written in each supported style reads
//! back as the same value.

use claimwire::claims::numbers::parse_number;
use proptest::prelude::*;

fn group(int: u64, sep: char) -> String {
    let digits = int.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

fn below_thousand(n: u64) -> String {
    let mut parts = Vec::new();
    if n >= 100 {
        parts.push(format!("{} hundred", ONES[(n / 100) as usize]));
    }
    let r = n % 100;
    if r >= 20 {
        let t = TENS[(r / 10) as usize];
        parts.push(if r % 10 == 0 {
            t.to_string()
        } else {
            format!("{t}-{}", ONES[(r % 10) as usize])
        });
    } else if r > 0 || parts.is_empty() {
        parts.push(ONES[r as usize].to_string());
    }
    parts.join(" ")
}

fn words(n: u64) -> String {
    let scales = [
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
        (1_000, "thousand"),
    ];
    let mut rest = n;
    let mut parts = Vec::new();
    for (v, name) in scales {
        if rest >= v {
            parts.push(format!("{} {name}", below_thousand(rest / v)));
            rest %= v;
        }
    }
    if rest > 0 || parts.is_empty() {
        parts.push(below_thousand(rest));
    }
    parts.join(" ")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #[test]
    fn english_grouping(cents in 0u64..100_000_000_000) {
        let s = format!("{}.{:02}", group(cents / 100, ','), cents % 100);
        let v = parse_number(&s, None);
        prop_assert!(v.is_some_and(|v| close(v, cents as f64 / 100.0)), "{s} -> {v:?}");
    }

    #[test]
    fn german_grouping(cents in 0u64..100_000_000_000) {
        let s = format!("{},{:02}", group(cents / 100, '.'), cents % 100);
        let v = parse_number(&s, Some("de"));
        prop_assert!(v.is_some_and(|v| close(v, cents as f64 / 100.0)), "{s} -> {v:?}");
    }

    #[test]
    fn short_magnitudes(tenths in 1u64..10_000, idx in 0usize..6) {
        let (suffix, exp) = [("k", 3), ("K", 3), ("M", 6), ("B", 9), ("bn", 9), ("mn", 6)][idx];
        let s = format!("{}.{}{suffix}", tenths / 10, tenths % 10);
        let want = format!("{}.{}e{exp}", tenths / 10, tenths % 10).parse::<f64>().unwrap_or(0.0);
        let v = parse_number(&s, None);
        prop_assert!(v.is_some_and(|v| close(v, want)), "{s} -> {v:?}");
    }

    #[test]
    fn word_magnitudes(tenths in 1u64..10_000, idx in 0usize..4) {
        let (word, exp) = [("thousand", 3), ("million", 6), ("billion", 9), ("trillion", 12)][idx];
        let s = format!("{}.{} {word}", tenths / 10, tenths % 10);
        let want = format!("{}.{}e{exp}", tenths / 10, tenths % 10).parse::<f64>().unwrap_or(0.0);
        let v = parse_number(&s, None);
        prop_assert!(v.is_some_and(|v| close(v, want)), "{s} -> {v:?}");
    }

    #[test]
    fn currency_with_magnitude(tenths in 1u64..10_000, cur in 0usize..5, mag in 0usize..4) {
        let c = ["$", "€", "£", "US$", "USD "][cur];
        let (m, exp) = [("bn", 9), ("m", 6), (" billion", 9), ("k", 3)][mag];
        let s = format!("{c}{}.{}{m}", tenths / 10, tenths % 10);
        let want = format!("{}.{}e{exp}", tenths / 10, tenths % 10).parse::<f64>().unwrap_or(0.0);
        let v = parse_number(&s, None);
        prop_assert!(v.is_some_and(|v| close(v, want)), "{s} -> {v:?}");
    }

    #[test]
    fn german_magnitudes(hundredths in 1u64..100_000, idx in 0usize..3) {
        let (word, exp) = [("Mio.", 6), ("Mrd.", 9), ("Milliarden", 9)][idx];
        let s = format!("{},{:02} {word}", hundredths / 100, hundredths % 100);
        let want = format!("{}.{:02}e{exp}", hundredths / 100, hundredths % 100).parse::<f64>().unwrap_or(0.0);
        let v = parse_number(&s, Some("de-DE"));
        prop_assert!(v.is_some_and(|v| close(v, want)), "{s} -> {v:?}");
    }

    #[test]
    fn written_in_words(n in 0u64..1_000_000_000_000) {
        let s = words(n);
        let v = parse_number(&s, None);
        prop_assert!(v.is_some_and(|v| close(v, n as f64)), "{s} -> {v:?}");
    }
}

#[test]
fn fractions_in_words() {
    assert_eq!(parse_number("a quarter", None), Some(0.25));
    assert_eq!(parse_number("half a billion", None), Some(5e8));
    assert_eq!(parse_number("two billion", None), Some(2e9));
}

proptest! {
    #[test]
    fn extract_never_panics(s in "[ a-zA-Z0-9$€£¥%.,:;()\\-–—’“”•\n]{0,160}", lang in prop::option::of("de|en")) {
        let a = claimwire::page::Article {
            title: Some(s.chars().take(40).collect()),
            text: s.clone(),
            language: lang,
            published: Some("2025-12-12".to_string()),
            ..Default::default()
        };
        let ex = claimwire::claims::extract(&a);
        for c in &ex.claims {
            prop_assert!(c.start <= c.end);
        }
    }
}
