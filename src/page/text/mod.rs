//! Plain-text articles: finds the title (first real line, unless it reads as a paragraph),
//! reads an aggregator header ("Source: X", "Published: ...", "Article Content:"), and keeps
//! the article body without page furniture (see [`furniture`]).

mod furniture;

use once_cell::sync::Lazy;
use regex::Regex;

use super::html::{clean_authors, normalise_date};
use super::{Article, MetaCandidate, MetaOrigin};

static BYLINE_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\bBy ((?:[A-Z][\w.'’-]*\s?){1,4}(?:\|\s*Edited by (?:[A-Z][\w.'’-]*\s?){1,4})?)\s*([A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}(?:,\s*\d{1,2}:\d{2}\s?[ap]\.m\.)?)")
        .expect("static regex")
});

fn add(c: &mut Vec<MetaCandidate>, field: &str, value: &str) {
    let value = value.trim();
    if !value.is_empty() {
        c.push(MetaCandidate {
            field: field.to_string(),
            value: value.to_string(),
            origin: MetaOrigin::TextHeader,
        });
    }
}

/// Whether a first line reads as a paragraph rather than a headline.
fn is_paragraph(line: &str) -> bool {
    let sentences = line.matches(". ").count() + usize::from(line.ends_with('.'));
    line.chars().count() > 160 || sentences >= 2
}

/// Splits "Site | Headline" (with an optional breadcrumb before) into (site, headline).
fn split_site(line: &str) -> (Option<&str>, &str) {
    match line.rsplit_once(" | ") {
        Some((pre, title))
            if pre.split_whitespace().count() <= 5 && title.split_whitespace().count() >= 3 =>
        {
            (pre.split_whitespace().last(), title.trim())
        }
        _ => (None, line),
    }
}

/// Reads a plain-text article.
pub fn read_text(text: &str, url: Option<&str>) -> Article {
    let (text, cut) = super::limits::cap_input(text);
    let mut cand = Vec::new();
    let all: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // An aggregator's header: metadata lines, then the original after "Article Content:".
    let content_at = all.iter().position(|l| l.starts_with("Article Content:"));
    let header_end = content_at.unwrap_or(0);
    for l in &all[..header_end] {
        if let Some(s) = l.strip_prefix("Source:") {
            add(&mut cand, "publisher", s);
            add(&mut cand, "based_on", s);
        } else if let Some(p) = l.strip_prefix("Published:") {
            if let Some(d) = normalise_date(p) {
                add(&mut cand, "published", &d);
            }
        }
    }
    let mut lines: Vec<String> = match content_at {
        Some(i) => {
            let first = all[i].trim_start_matches("Article Content:").trim();
            std::iter::once(first)
                .chain(all[i + 1..].iter().copied())
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        }
        None => all.iter().map(|l| l.to_string()).collect(),
    };
    // Title: a line repeated near the top, else the first line that is not chrome.
    let top: Vec<&str> = all
        .iter()
        .take(12)
        .copied()
        .filter(|l| !furniture::is_chrome(l))
        .collect();
    let repeated = top
        .iter()
        .enumerate()
        .find(|(i, l)| {
            top[i + 1..]
                .iter()
                .any(|m| m == *l || m.ends_with(*l) || l.ends_with(m))
        })
        .map(|(_, l)| *l);
    let first = top
        .iter()
        .copied()
        .find(|l| l.split_whitespace().count() >= 3);
    let title_line = repeated.or(first).filter(|l| !is_paragraph(l));
    let mut title = None;
    if let Some(t) = title_line {
        let (site, headline) = split_site(t);
        if let Some(site) = site {
            add(&mut cand, "site_name", site);
        }
        title = Some(headline.to_string());
        add(&mut cand, "title", headline);
        // Everything up to the last line carrying the title is header.
        if content_at.is_none() {
            if let Some(last) = lines.iter().take(15).rposition(|l| l.ends_with(headline)) {
                lines.drain(..=last);
            }
        }
    }
    let mut body: Vec<String> = Vec::new();
    for line in lines {
        if furniture::is_tail(&line) {
            break;
        }
        if furniture::is_chrome(&line) {
            continue;
        }
        let mut l = line;
        if let Some(t) = &title {
            // A long line that repeats the title: keep only what follows it.
            if l.len() > t.len() * 2 {
                if let Some(p) = l.find(t.as_str()) {
                    l = l[p + t.len()..].trim().to_string();
                }
            }
            if &l == t || l.ends_with(&format!("| {t}")) {
                continue;
            }
        }
        l = furniture::clean_inline(&l);
        if let Some(c) = BYLINE_DATE.captures(&l) {
            if let (Some(m), Some(who), Some(when)) = (c.get(0), c.get(1), c.get(2)) {
                for a in clean_authors(who.as_str()) {
                    add(&mut cand, "author", &a);
                }
                if let Some(d) = normalise_date(when.as_str()) {
                    add(&mut cand, "published", &d);
                }
                l = format!("{}\n\n{}", l[..m.start()].trim(), l[m.end()..].trim());
            }
        }
        if body.last() == Some(&l) {
            continue;
        }
        if !l.trim().is_empty() {
            body.push(l.trim().to_string());
        }
    }
    let get = |f: &str| cand.iter().find(|c| c.field == f).map(|c| c.value.clone());
    let mut article = Article {
        url: url.map(str::to_string),
        canonical_url: url.map(str::to_string),
        title,
        authors: cand
            .iter()
            .filter(|c| c.field == "author")
            .map(|c| c.value.clone())
            .collect(),
        publisher: get("publisher").or_else(|| get("site_name")),
        published: get("published"),
        based_on: get("based_on"),
        text: body.join("\n\n"),
        candidates: cand,
        warnings: cut.into_iter().collect(),
        kind: super::PageKind::plain_text(),
        ..Article::default()
    };
    super::limits::cap_text(&mut article);
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_furniture() {
        let t = "Site | A Headline About Markets\n\nShare\n\nPrices rose 5% on Monday.\n\nAdvertisement\n\nTraders were calm.\n\nRelated Articles\n\nOther story up 9%\n";
        let a = read_text(t, None);
        assert_eq!(a.title.as_deref(), Some("A Headline About Markets"));
        assert_eq!(a.publisher.as_deref(), Some("Site"));
        assert_eq!(a.text, "Prices rose 5% on Monday.\n\nTraders were calm.");
    }

    #[test]
    fn paragraph_first_line_is_not_a_title() {
        let t = "Prices rose on Monday. Traders were calm. Nothing else happened today at all.\nMore text.";
        let a = read_text(t, None);
        assert_eq!(a.title, None);
        assert!(a.text.starts_with("Prices rose"));
    }

    #[test]
    fn aggregator_header() {
        let t = "Headline Here Today\n\nSource: Example News\n\nPublished:2025-12-12 10:50\n\nSummary text.\n\nArticle Content:\n\nMarkets Share Headline Here Today The lede. By Jane Doe Dec 12, 2025, 10:50 a.m. Body 1%. More For You Teaser 7%";
        let a = read_text(t, None);
        assert_eq!(a.publisher.as_deref(), Some("Example News"));
        assert_eq!(a.based_on.as_deref(), Some("Example News"));
        assert_eq!(a.published.as_deref(), Some("2025-12-12T10:50:00"));
        assert_eq!(a.authors, vec!["Jane Doe"]);
        assert!(a.text.contains("Body 1%"));
        assert!(!a.text.contains("7%"));
        assert!(!a.text.contains("Summary"));
    }
}
