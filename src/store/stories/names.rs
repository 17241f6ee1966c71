//! Names in a text, for the same-event level: the capitalised words that are not there only
//! because they start a sentence ("Pittsburgh", "Guentzel", "SEC"), and numbers of two or
//! more digits ("126,000", "2025"). Two reports of one event name the same people, places,
//! bodies and figures; two stories on one theme share the theme's words but fewer names.
//! The result is a sparse vector like the content-word one (hash, 1 + ln count, unit length),
//! so its cosine weighs the names an article repeats (its actors) above those it mentions once.

use std::collections::BTreeSet;

use super::minhash::{log_tf_vector, STOP};

/// Capitalised words at sentence starts that are function words, not names (besides the
/// content-word vector's [`STOP`] words, which are left out too).
const SENTENCE_WORDS: &[&str] = &[
    "although",
    "as",
    "at",
    "by",
    "despite",
    "during",
    "he",
    "however",
    "if",
    "in",
    "it",
    "meanwhile",
    "now",
    "on",
    "since",
    "so",
    "still",
    "though",
    "to",
    "today",
    "yet",
    "we",
    "why",
    "how",
    "earlier",
    "later",
    "last",
    "next",
    "according",
    "many",
    "an",
    "a",
    "or",
    "no",
    "i",
    "read",
    "image",
    "photo",
    "click",
    "share",
];

/// The names of a text as a unit-length sparse vector of (hash, weight), sorted by hash.
pub fn name_vector(title: Option<&str>, text: &str) -> Vec<(u32, f32)> {
    let mut all = String::new();
    if let Some(t) = title {
        all.push_str(t);
        all.push_str(". ");
    }
    all.push_str(text);
    let tokens = tokens(&all);
    // Words seen capitalised somewhere other than a sentence start are names wherever they
    // are capitalised.
    let inner: BTreeSet<&str> = tokens
        .iter()
        .filter(|t| !t.starts_sentence && is_capitalised(t.word))
        .map(|t| t.word)
        .collect();
    let mut keys: Vec<String> = Vec::new();
    for t in &tokens {
        let w = t.word;
        let lower = w.to_lowercase();
        let name = if w.chars().any(|c| c.is_ascii_digit()) {
            w.chars().filter(char::is_ascii_digit).count() >= 2
        } else {
            is_capitalised(w)
                && w.chars().count() >= 2
                && !STOP.contains(&lower.as_str())
                && !SENTENCE_WORDS.contains(&lower.as_str())
                && (!t.starts_sentence || inner.contains(w))
        };
        if name {
            keys.push(lower.chars().filter(|c| *c != ',').collect());
        }
    }
    log_tf_vector(keys.iter().map(String::as_str))
}

struct Token<'a> {
    word: &'a str,
    starts_sentence: bool,
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Words (letters, digits, inner apostrophes, and digit groups with commas or points), each
/// marked when it follows a sentence end or opens the text.
fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut boundary = true;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let joins = |c: char| {
            let prev = k.checked_sub(1).map(|p| chars[p].1);
            let next = chars.get(k + 1).map(|x| x.1);
            match c {
                '\'' | '’' => {
                    prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic)
                }
                ',' | '.' => {
                    prev.is_some_and(|p| p.is_ascii_digit())
                        && next.is_some_and(|n| n.is_ascii_digit())
                }
                _ => false,
            }
        };
        if c.is_alphanumeric() || (start.is_some() && joins(c)) {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            out.push(Token {
                word: &text[s..i],
                starts_sentence: boundary,
            });
            boundary = false;
        }
        if matches!(
            c,
            '.' | '!' | '?' | '\n' | ':' | '"' | '“' | '(' | '-' | '—' | '–'
        ) {
            boundary = true;
        }
    }
    if let Some(s) = start {
        out.push(Token {
            word: &text[s..],
            starts_sentence: boundary,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> usize {
        name_vector(None, text).len()
    }

    #[test]
    fn sentence_initial_words_are_not_names_unless_seen_inside() {
        // "The", "Shares" open sentences; "Penguins" is capitalised inside too.
        assert_eq!(names("The Penguins won. Shares fell 12 points."), 2);
        assert_eq!(names("Penguins won. Fans cheered the Penguins."), 1);
    }

    #[test]
    fn numbers_keep_their_groups() {
        let a = name_vector(None, "It reached 126,000 dollars");
        let b = name_vector(None, "Then 126000 again");
        assert_eq!(a, b);
    }

    #[test]
    fn repeated_names_weigh_more() {
        let v = name_vector(None, "Ask Malkin. Ask Malkin. Ask Guentzel.");
        assert_eq!(v.len(), 2);
        let mut w: Vec<f32> = v.iter().map(|x| x.1).collect();
        w.sort_by(f32::total_cmp);
        assert!(w[1] > w[0]);
    }
}
