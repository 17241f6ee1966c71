//! The WCXB comparisons: words and names normalised the same way on both sides, the word-level
//! F1 of two texts, author sets, and the day of a date.

use std::collections::HashMap;

/// Lowercase alphanumeric words joined by single spaces: the form titles, names and snippets
/// are compared in (case, punctuation and spacing differences do not count).
pub fn normalise(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn words(s: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for w in normalise(s).split(' ').filter(|w| !w.is_empty()) {
        *out.entry(w.to_string()).or_insert(0) += 1;
    }
    out
}

/// Word-level F1 between a true and a predicted text, as bags of lowercase words. Both empty
/// is 1; one empty is 0.
pub fn word_f1(truth: &str, pred: &str) -> f64 {
    let (t, p) = (words(truth), words(pred));
    let (nt, np) = (t.values().sum::<usize>(), p.values().sum::<usize>());
    if nt == 0 && np == 0 {
        return 1.0;
    }
    if nt == 0 || np == 0 {
        return 0.0;
    }
    let common: usize = t
        .iter()
        .map(|(w, &c)| c.min(p.get(w).copied().unwrap_or(0)))
        .sum();
    if common == 0 {
        return 0.0;
    }
    let (pr, rc) = (common as f64 / np as f64, common as f64 / nt as f64);
    2.0 * pr * rc / (pr + rc)
}

/// The set of normalised names in an author field ("A and B", "A, B", "A & B").
pub fn author_set<S: AsRef<str>>(names: &[S]) -> Vec<String> {
    let mut out: Vec<String> = names
        .iter()
        .flat_map(|n| {
            n.as_ref()
                .split([',', ';', '&', '|'])
                .flat_map(|p| p.split(" and "))
                .map(normalise)
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The day (`YYYY-MM-DD`) of an ISO date or date-time.
pub(super) fn day(s: &str) -> Option<String> {
    let s = s.trim();
    let d: String = s.chars().take(10).collect();
    let b = d.as_bytes();
    (b.len() == 10 && b[4] == b'-' && b[7] == b'-').then_some(d)
}
