//! Which visible bylines are the article's: of the elements that look like a byline
//! (`rel=author`, `itemprop=author`, class "byline"/"author"), the ones outside comments and
//! reviews, anchored at the first that names someone after the headline (or the first at
//! all), and close to it in the text; other bylines (a listing's teasers, comment authors,
//! an author card at the foot) are not the article's. Also finds "By X and Y" (or a
//! "X | Reporter" line) written in the text by the headline when no element is marked.

use once_cell::sync::Lazy;
use regex::Regex;

use super::{authors, dates};
use crate::page::html::dom::Dom;

/// Most byline-like elements looked at, in document order: the article's come early, and
/// a page of thousands (a long comment thread) costs no more than this.
const MAX_BYLINES: usize = 64;

/// Characters of text between the anchor byline and another for both to be the article's.
const CLOSE: usize = 200;

/// Class/id words of containers whose bylines are readers', not the article's.
static READERS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"comment|review|respond|reply|testimonial|disqus|forum|answer")
        .expect("static regex")
});

fn in_readers_part(dom: &Dom, mut i: usize) -> bool {
    while let Some(p) = dom.nodes[i].parent {
        if READERS.is_match(&dom.nodes[p].ci) {
            return true;
        }
        i = p;
    }
    false
}

/// The article's byline elements among `all` (in document order).
pub fn article_bylines(dom: &Dom, all: &[usize]) -> Vec<usize> {
    // Characters of text before each node, in document order.
    let mut offset = vec![0usize; dom.nodes.len()];
    let mut run = 0;
    for (i, n) in dom.nodes.iter().enumerate() {
        offset[i] = run;
        if n.text.is_some() {
            run += n.text_len;
        }
    }
    let h1 = dom.nodes.iter().position(|n| n.tag == "h1");
    let named: Vec<usize> = all
        .iter()
        .copied()
        .take(MAX_BYLINES)
        .filter(|&b| !in_readers_part(dom, b))
        .filter(|&b| {
            // A byline is short: a big element is a container that happens to say "author".
            dom.nodes[b].text_len < 400 && {
                let t = dom.plain_text(b);
                t.chars().count() < 200 && !authors::authors(&t).is_empty()
            }
        })
        .collect();
    let anchor = named
        .iter()
        .copied()
        .find(|&b| h1.is_some_and(|h| b > h))
        .or_else(|| named.first().copied());
    let Some(anchor) = anchor else {
        return Vec::new();
    };
    named
        .into_iter()
        .filter(|&b| offset[b].abs_diff(offset[anchor]) <= CLOSE)
        .collect()
}

static BY_LINE: Lazy<Regex> = Lazy::new(|| {
    let name = r"\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|van|von|de|der|da|di|del|la|le|bin|al)){0,3}";
    Regex::new(&format!(
        r"^\s*(?i:(?:written|posted|words|story|reporting|article)\s+)?(?i:by)\s*:?\s+({name}(?:\s*(?:,|&|\band\b)\s*{name})*)"
    ))
    .expect("static regex")
});

static BY_ALONE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?i:(?:written|posted|words|story|reporting|article)\s+)?(?i:by):?$")
        .expect("static regex")
});

/// Names in a "By X and Y" line of `text` (the header text by the headline).
pub fn in_text(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).take(60).collect();
    for (i, line) in lines.iter().enumerate() {
        // "By" in one element and the name in the next (a link).
        let joined;
        let line = if BY_ALONE.is_match(line) {
            joined = format!("{line} {}", lines.get(i + 1).unwrap_or(&""));
            joined.as_str()
        } else {
            line
        };
        if line.chars().count() > 120 {
            continue;
        }
        // "By Ana Ruiz March 3, 2026": the date ends the names.
        let line = match dates::find_all(line, chrono::Utc::now()).first() {
            Some(d) => &line[..d.at],
            None => line,
        };
        if let Some(c) = BY_LINE.captures(line) {
            let names = authors::authors(c.get(1).map_or("", |m| m.as_str()));
            if !names.is_empty() {
                return names;
            }
        }
    }
    // No "By": a "Name | Job title" line.
    for line in &lines {
        if let Some(c) = NAME_ROLE.captures(line) {
            let role_said = c.get(2).is_some_and(|r| {
                r.as_str()
                    .split_whitespace()
                    .any(|w| authors::ROLE_WORD.is_match(w))
            });
            let names = authors::authors(c.get(1).map_or("", |m| m.as_str()));
            if role_said && names.len() == 1 {
                return names;
            }
        }
    }
    Vec::new()
}

/// "Ana Ruiz | Senior Reporter", "Ana Ruiz, Markets Editor", "Ana Ruiz - Staff Writer".
static NAME_ROLE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){1,3})\s*(?:\||,|-|–|—)\s*((?:\p{L}+\s*){1,4})$")
        .expect("static regex")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_lines_in_the_header_text_name_the_authors() {
        assert_eq!(
            in_text("Markets\nRates fall again\nBy Ana Ruiz and Tom de Vries\n3 min read"),
            vec!["Ana Ruiz", "Tom de Vries"]
        );
        assert_eq!(in_text("Posted by Lee Chan | Reporter"), vec!["Lee Chan"]);
        assert!(in_text("Prices driven by Demand and Supply shocks this year, analysts said at length in a very long sentence that is plainly body text and not a byline at all").is_empty());
        assert!(in_text("Sort by Date").is_empty());
        assert!(in_text("Filter\nby\nNewest").is_empty());
        assert_eq!(in_text("By Ana Ruiz March 3, 2026"), vec!["Ana Ruiz"]);
        assert_eq!(in_text("Rates fall\nBy\nAna Ruiz\nJan 2"), vec!["Ana Ruiz"]);
        assert_eq!(
            in_text("Rates fall\nAna Ruiz | Markets Reporter"),
            vec!["Ana Ruiz"]
        );
        assert!(in_text("Rates fall\nNew York | United States").is_empty());
    }
}
