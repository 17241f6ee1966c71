//! Author names: splitting bylines ("By X and Y", "X | Edited by Y") and cleaning each name
//! of job titles, reading times, "Email the author", URLs and editors' credits.

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
}
