//! Splits the seed texts (read at build time) into the parts a publisher page shows: article
//! blocks, byline, teasers, newsletter box, tags. The split uses short marker phrases and
//! line structure only; no sentence of a seed lives in this code.

use once_cell::sync::Lazy;
use regex::Regex;

/// One block of article or furniture text.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(String),
    Heading(String),
    Bullet(String),
    Caption(String),
    Ad,
}

/// A teaser of another story: headline and an excerpt or time label.
#[derive(Debug, Clone, Default)]
pub struct Teaser {
    pub title: String,
    pub text: String,
}

/// Non-empty trimmed lines.
pub fn lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

fn is_bullet(l: &str) -> bool {
    l.starts_with('•') || l.starts_with("- ") || l.starts_with("* ")
}

/// Whether a line is a section heading: short, no final punctuation, capitalised.
pub fn is_heading(l: &str) -> bool {
    let words = l.split_whitespace().count();
    (2..=12).contains(&words)
        && !l.ends_with(['.', ':', '!', '?', '"', '”', ','])
        && l.chars().next().is_some_and(char::is_uppercase)
}

/// Turns article lines into blocks: bullets, headings, ad labels, repeated caption lines.
pub fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if l.eq_ignore_ascii_case("advertisement") {
            out.push(Block::Ad);
        } else if is_bullet(l) {
            out.push(Block::Bullet(
                l.trim_start_matches(['•', '-', '*', ' '])
                    .trim()
                    .to_string(),
            ));
        } else if lines.get(i + 1) == Some(&l) && !l.ends_with('.') {
            // An image caption printed twice (alt text and caption).
            out.push(Block::Caption(l.to_string()));
            i += 1;
        } else if is_heading(l) {
            out.push(Block::Heading(l.to_string()));
        } else {
            out.push(Block::Para(l.to_string()));
        }
        i += 1;
    }
    out
}

/// Pairs of (headline, excerpt) lines after a section label, up to the next label.
pub fn teasers(lines: &[&str], labels: &[&str]) -> Vec<Teaser> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() && !labels.contains(&lines[i]) {
        let title = lines[i].to_string();
        let text = lines
            .get(i + 1)
            .filter(|l| !labels.contains(l))
            .map(|l| l.to_string())
            .unwrap_or_default();
        out.push(Teaser { title, text });
        i += 2;
    }
    out
}

static SENTENCE_END: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"[.!?]["”’]?\s+"#).expect("static regex"));

/// Splits run-on text into sentences at a full stop followed by a capital letter or a quote.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in SENTENCE_END.find_iter(text) {
        let next = text[m.end()..].chars().next();
        if next.is_some_and(|c| c.is_uppercase() || c == '“' || c == '"') {
            let s = text[start..m.end()].trim();
            // Abbreviations such as "Dec." or "U.S." do not end a sentence.
            let last = s.split_whitespace().last().unwrap_or("");
            let abbrev = last.len() <= 4 && last.chars().next().is_some_and(char::is_uppercase);
            if abbrev {
                continue;
            }
            out.push(s.to_string());
            start = m.end();
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

static CAPTION_START: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^([A-Z][^.(),]{3,50}\([A-Z][A-Za-z .]+\))\s+(.*)$").expect("static regex")
});

/// Splits a run of capitalised words at a sentence start off as a heading
/// ("Some Section Title Another sentence ..." -> heading, sentence).
fn heading_prefix(s: &str) -> Option<(String, String)> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let run = words
        .iter()
        .take_while(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '-')
        })
        .count();
    if run >= 5 && run < words.len() {
        Some((words[..run - 1].join(" "), words[run - 1..].join(" ")))
    } else {
        None
    }
}

/// Turns a single run-on line of article text into blocks: captions and headings are split
/// off, sentences grouped into paragraphs of two or three.
pub fn run_on_blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let flush = |para: &mut Vec<String>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Para(para.join(" ")));
            para.clear();
        }
    };
    for s in sentences(text) {
        let mut s = s;
        if let Some(c) = CAPTION_START.captures(&s) {
            let (cap, rest) = (c[1].to_string(), c[2].to_string());
            flush(&mut para, &mut out);
            out.push(Block::Caption(cap));
            s = rest;
        }
        if let Some((h, rest)) = heading_prefix(&s) {
            flush(&mut para, &mut out);
            out.push(Block::Heading(h));
            s = rest;
        }
        para.push(s);
        if para.len() >= 2 {
            flush(&mut para, &mut out);
        }
    }
    flush(&mut para, &mut out);
    out
}

/// Text between `start` and the first of `ends` (or the end).
pub fn between<'a>(text: &'a str, start: &str, ends: &[&str]) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let rest = &text[from..];
    let to = ends
        .iter()
        .filter_map(|e| rest.find(e))
        .min()
        .unwrap_or(rest.len());
    Some(rest[..to].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_abbreviations() {
        let s = sentences("It ran on Dec. 12 in the U.S. market. Then it stopped. And more");
        assert_eq!(s.len(), 3);
        assert!(s[0].ends_with("market."));
    }

    #[test]
    fn headings_split_off_run_on_text() {
        let b = run_on_blocks(
            "One thing happened. Big News Arrives Here Today Another thing followed.",
        );
        assert!(b.contains(&Block::Heading("Big News Arrives Here Today".into())));
    }
}
