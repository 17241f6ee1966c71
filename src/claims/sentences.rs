//! Sentence splitting: byte spans of the sentences of a text, aware of abbreviations
//! ("Nov. 21", "U.S. equities", "approx. 53%"), decimals ("92,578.40"), closing quotes,
//! line breaks and bullets.

/// Words that end in a full stop without ending the sentence (lower case, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "wed", "thu", "fri", "sat", "sun", "inc", "corp", "co", "ltd", "plc", "llc", "vs",
    "approx", "est", "no", "nos", "etc", "fig", "vol", "cf", "ca", "jr", "sr", "u.s", "u.k", "e.g",
    "i.e", "a.m", "p.m", "u.n", "e.u", "st", "ave", "dept", "univ", "mln", "bln", "mio", "mrd",
    "bzw", "inkl", "ggf", "z.b", "d.h", "nr",
];

/// Titles: never end a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gov", "sen", "rep", "gen", "rev",
];

/// Words that start a new sentence even after an abbreviation ("... in the U.S. The Fed").
const STARTERS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "But",
    "And",
    "However",
    "In",
    "On",
    "A",
    "An",
    "We",
    "He",
    "She",
    "They",
    "Meanwhile",
    "Still",
    "Yet",
    "As",
    "If",
    "While",
];

/// Splits `text` into sentences; returns trimmed byte spans `(start, end)`.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        match c {
            '\n' | '\u{2022}' => {
                push(text, start, i, &mut out);
                start = i + c.len_utf8();
            }
            '.' | '!' | '?' | '\u{2026}' => {
                // Swallow repeated marks and closing quotes / brackets.
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = iter.peek() {
                    if matches!(
                        d,
                        '.' | '!' | '?' | '"' | '\'' | '\u{201d}' | '\u{2019}' | ')'
                    ) {
                        end = j + d.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                if end >= bytes.len() {
                    continue;
                }
                if !text[end..].starts_with([' ', '\t', '\u{a0}']) {
                    continue;
                }
                let next = text[end..].trim_start_matches([' ', '\t', '\u{a0}']);
                let Some(first) = next.chars().next() else {
                    continue;
                };
                let starts_sentence = first.is_uppercase()
                    || first.is_ascii_digit()
                    || matches!(
                        first,
                        '"' | '\u{201c}' | '\u{2018}' | '(' | '[' | '\u{2022}' | '$'
                    );
                if !starts_sentence {
                    continue;
                }
                if c == '.' && !breaks_after_abbreviation(&text[..i], next, first) {
                    continue;
                }
                push(text, start, end, &mut out);
                start = end;
            }
            _ => {}
        }
    }
    push(text, start, text.len(), &mut out);
    out
}

fn breaks_after_abbreviation(before: &str, next: &str, first: char) -> bool {
    let word: &str = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '\u{201c}')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    let next_word: String = next.chars().take_while(|c| c.is_alphanumeric()).collect();
    if TITLES.contains(&lower.as_str()) {
        return false;
    }
    // A single capital initial ("J. Powell").
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return false;
    }
    let known = ABBREVIATIONS.contains(&lower.as_str())
        || (word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.'));
    if !known {
        return true;
    }
    if first.is_ascii_digit() {
        return false;
    }
    STARTERS.contains(&next_word.as_str())
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let Some(s) = text.get(start..end) else {
        return;
    };
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.chars().any(char::is_alphanumeric) {
        out.push((start + lead, start + lead + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    fn sentences(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|(a, b)| &t[a..b]).collect()
    }

    #[test]
    fn abbreviations_and_decimals() {
        let t = "Both fell on Nov. 21 in the U.S. market. It trades at $92,578.40 today. \
                 The plan runs from Dec. 12 to April. Approx. 5% rose.";
        assert_eq!(
            sentences(t),
            vec![
                "Both fell on Nov. 21 in the U.S. market.",
                "It trades at $92,578.40 today.",
                "The plan runs from Dec. 12 to April.",
                "Approx. 5% rose."
            ]
        );
    }

    #[test]
    fn quotes_lines_and_bullets() {
        let t = "\u{201c}Rates matter,\u{201d} the desk noted. \u{201c}A lot.\u{201d}\nNov. 2021: it hit $69,000.\n  \u{2022} Second point";
        assert_eq!(
            sentences(t),
            vec![
                "\u{201c}Rates matter,\u{201d} the desk noted.",
                "\u{201c}A lot.\u{201d}",
                "Nov. 2021: it hit $69,000.",
                "Second point"
            ]
        );
    }
}
