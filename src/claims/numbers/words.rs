//! Numbers written in words ("two billion", "a quarter", "twenty-five", "half a million").

const UNITS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

const FRACTIONS: &[(&str, f64)] = &[
    ("half", 0.5),
    ("halves", 0.5),
    ("quarter", 0.25),
    ("quarters", 0.25),
    ("third", 1.0 / 3.0),
    ("thirds", 1.0 / 3.0),
];

/// Scale words and their value.
pub const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// The regex alternation of every number word (for the scanner).
pub const WORD_ALTERNATION: &str = "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|half|quarter|third|dozen";

fn lookup(table: &[(&str, f64)], w: &str) -> Option<f64> {
    table.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
}

/// Reads a number written in words; `None` when `s` holds no number word or an unknown word.
pub fn parse_words(s: &str) -> Option<f64> {
    let lower = s.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|t| !t.is_empty())
        .collect();
    let mut total = 0.0f64;
    let mut current = 0.0f64;
    let mut seen = false;
    for (i, t) in tokens.iter().enumerate() {
        if *t == "and" || ((*t == "a" || *t == "an") && (i == 0 || seen)) {
            if *t == "a" || *t == "an" {
                // "a million" = one million; "half a million": the "a" adds nothing.
                if !seen {
                    current = 1.0;
                }
            }
            continue;
        }
        if let Some(v) = lookup(UNITS, t) {
            current += v;
        } else if *t == "hundred" {
            current = if current == 0.0 {
                100.0
            } else {
                current * 100.0
            };
        } else if *t == "dozen" {
            current = if current == 0.0 { 12.0 } else { current * 12.0 };
        } else if let Some(f) = lookup(FRACTIONS, t) {
            current = if current == 0.0 { f } else { current * f };
        } else if let Some(m) = lookup(SCALES, t) {
            total += if current == 0.0 { 1.0 } else { current } * m;
            current = 0.0;
        } else {
            return None;
        }
        seen = true;
    }
    seen.then_some(total + current)
}

#[cfg(test)]
mod tests {
    use super::parse_words;

    #[test]
    fn words() {
        assert_eq!(parse_words("two billion"), Some(2e9));
        assert_eq!(parse_words("a quarter"), Some(0.25));
        assert_eq!(parse_words("twenty-five"), Some(25.0));
        assert_eq!(parse_words("half a million"), Some(5e5));
        assert_eq!(parse_words("a million"), Some(1e6));
        assert_eq!(parse_words("three quarters"), Some(0.75));
        assert_eq!(
            parse_words("one hundred twenty-three million four hundred and five thousand six"),
            Some(123_405_006.0)
        );
        assert_eq!(parse_words("bitcoin"), None);
    }
}
