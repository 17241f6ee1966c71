//! HTML metadata: gathers every candidate value (JSON-LD, OpenGraph and `article:*`, other
//! meta tags such as `author`, `description`, `parsely-*`, `sailthru.*`, `dc.*`, `<time>`,
//! visible bylines and the text by the headline, the URL path, canonical link, `<html
//! lang>`, `<title>`/`<h1>`), cleans them, keeps them all in `Article::candidates` with
//! their origin, and fills each field from them. The choices are the submodules': the title
//! in [`title`], the authors in [`authors`] (which bylines count: [`bylines`]), the
//! published and modified dates in [`published`] (whose doc gives the order and checks).

mod authors;
mod bylines;
mod dates;
mod entities;
mod jsonld;
mod published;
mod title;

#[cfg(test)]
mod tests;

pub(crate) use authors::authors as clean_authors;
pub(crate) use dates::date as normalise_date;
pub(crate) use jsonld::{objects as jsonld_objects, values as jsonld_values, ARTICLE_TYPES};

use chrono::{DateTime, Utc};

use super::dom::{Collected, Dom};
use crate::page::{Article, MetaCandidate, MetaOrigin};

/// Collects candidates, cleaning values as they come in.
#[derive(Default)]
pub struct Sink {
    pub items: Vec<MetaCandidate>,
    /// When the page was fetched, for relative dates; now when unset.
    pub now: Option<DateTime<Utc>>,
}

impl Sink {
    pub fn add(&mut self, field: &str, value: &str, origin: MetaOrigin) {
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        let value = decode_entities(&value);
        if value.is_empty() {
            return;
        }
        let values: Vec<String> = match field {
            "author" => authors::authors(&value),
            "published" | "modified" => {
                let now = self.now.unwrap_or_else(Utc::now);
                dates::date_at(&value, now).into_iter().collect()
            }
            _ => vec![value],
        };
        for v in values {
            let dup = self
                .items
                .iter()
                .any(|c| c.field == field && c.origin == origin && c.value == v);
            if !dup {
                self.items.push(MetaCandidate {
                    field: field.to_string(),
                    value: v,
                    origin,
                });
            }
        }
    }

    fn best(&self, field: &str) -> Option<&MetaCandidate> {
        self.items
            .iter()
            .filter(|c| c.field == field)
            .min_by_key(|c| c.origin)
    }

    /// Every value of the given fields, in trust order.
    fn values(&self, fields: &[&str]) -> Vec<String> {
        let mut v: Vec<&MetaCandidate> = self
            .items
            .iter()
            .filter(|c| fields.contains(&c.field.as_str()))
            .collect();
        v.sort_by_key(|c| c.origin);
        v.into_iter().map(|c| c.value.clone()).collect()
    }

    /// The headline sources other than the visible `<h1>`s, most trusted first.
    fn title_sources(&self, h1s: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in self.values(&["title"]) {
            let from_h1 = h1s.contains(&t)
                && !self
                    .items
                    .iter()
                    .any(|c| c.field == "title" && c.value == t && c.origin != MetaOrigin::Heading);
            if !from_h1 && !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }

    fn all_from_best(&self, field: &str) -> Vec<String> {
        match self.best(field) {
            Some(b) => self
                .items
                .iter()
                .filter(|c| c.field == field && c.origin == b.origin)
                .map(|c| c.value.clone())
                .collect(),
            None => Vec::new(),
        }
    }
}

use entities::decode as decode_entities;

/// A meta name of a publication date not listed above ("w-published-date",
/// "article:published_date", "release_date"): it says published or released, and date or time,
/// and never modified or updated. "publisher" is not a date.
fn names_publication_date(key: &str) -> bool {
    (key.contains("publish") || key.contains("release"))
        && (key.contains("date") || key.contains("time"))
        && !key.contains("modif")
        && !key.contains("updat")
}

fn meta_field(key: &str) -> Option<&'static str> {
    Some(match key {
        "og:title" | "twitter:title" | "parsely-title" | "sailthru.title" | "dc.title"
        | "dcterms.title" | "headline" | "title" => "title",
        "og:description"
        | "twitter:description"
        | "description"
        | "dc.description"
        | "dcterms.description"
        | "sailthru.description"
        | "alternativeheadline" => "subtitle",
        "og:site_name" | "application-name" | "publisher" | "dc.publisher"
        | "dcterms.publisher" => "publisher",
        "author" | "article:author" | "parsely-author" | "sailthru.author" | "dc.creator"
        | "dcterms.creator" | "byl" | "byline" => "author",
        "article:published_time"
        | "article:published"
        | "parsely-pub-date"
        | "sailthru.date"
        | "dc.date"
        | "dc.date.issued"
        | "dcterms.date"
        | "dcterms.issued"
        | "date"
        | "pubdate"
        | "publishdate"
        | "publish-date"
        | "publish_date"
        | "article.published"
        | "datepublished"
        | "og:published_time"
        | "created"
        | "dc.date.created" => "published",
        "article:modified_time"
        | "og:updated_time"
        | "datemodified"
        | "last-modified"
        | "dcterms.modified"
        | "article.updated"
        | "modified" => "modified",
        k if names_publication_date(k) => "published",
        "og:url" => "canonical_url",
        "og:locale" | "content-language" | "language" | "dc.language" => "language",
        "article:section" | "parsely-section" | "section" | "articlesection" => "section",
        "article:tag" | "parsely-tags" | "sailthru.tags" | "news_keywords" | "keywords" => "tag",
        _ => return None,
    })
}

fn origin_of(key: &str) -> MetaOrigin {
    if key.starts_with("og:") || key.starts_with("article:") {
        MetaOrigin::OpenGraph
    } else {
        MetaOrigin::MetaTag
    }
}

/// Fills `article`'s metadata fields from the page.
pub fn read(
    dom: &Dom,
    col: &Collected,
    ld: &[serde_json::Value],
    article: &mut Article,
    now: DateTime<Utc>,
) {
    let mut sink = Sink {
        now: Some(now),
        ..Sink::default()
    };
    jsonld::collect(ld, &mut sink);
    for el in &col.metas {
        let key = el
            .attr("property")
            .or_else(|| el.attr("name"))
            .or_else(|| el.attr("itemprop"))
            .or_else(|| el.attr("http-equiv"))
            .map(|k| k.trim().to_ascii_lowercase());
        let (Some(key), Some(content)) = (key, el.attr("content")) else {
            continue;
        };
        let Some(field) = meta_field(&key) else {
            continue;
        };
        if field == "tag" && (key == "keywords" || key.ends_with("tags") || key == "news_keywords")
        {
            content
                .split(',')
                .for_each(|t| sink.add("tag", t, origin_of(&key)));
            continue;
        }
        sink.add(field, content, origin_of(&key));
    }
    for el in &col.links {
        let rel = el.attr("rel").unwrap_or("").to_ascii_lowercase();
        if rel.split_whitespace().any(|r| r == "canonical") {
            if let Some(h) = el.attr("href") {
                sink.add("canonical_url", h, MetaOrigin::MetaTag);
            }
        }
    }
    published::collect_times(dom, &col.times, &mut sink);
    let article_bylines = bylines::article_bylines(dom, &col.bylines);
    for &b in &article_bylines {
        let text = dom.plain_text(b);
        if !text.is_empty() && text.chars().count() < 120 {
            sink.add("author", &text, MetaOrigin::Byline);
        }
    }
    let header = published::header_text(dom);
    if let Some((text, _)) = &header {
        for name in bylines::in_text(text) {
            sink.add("author", &name, MetaOrigin::TextHeader);
        }
    }
    let url = article.url.as_deref();
    published::collect(dom, &article_bylines, header.as_ref(), url, now, &mut sink);
    if let Some(t) = &col.title_tag {
        sink.add("title", t, MetaOrigin::Heading);
    }
    let h1s = h1s(dom);
    for h in &h1s {
        sink.add("title", h, MetaOrigin::Heading);
    }
    if let Some(l) = &col.lang {
        sink.add("language", l, MetaOrigin::MetaTag);
    }
    fill(&sink, &h1s, article);
    (article.published, article.modified) = published::choose(&sink.items, now);
    article.candidates = sink.items;
}

/// The page's visible first-level headings (the first few), entities decoded, without a
/// trailing permalink marker.
fn h1s(dom: &Dom) -> Vec<String> {
    dom.nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.tag == "h1")
        .map(|(i, _)| {
            // Without a permalink marker after the text ("Heading ¶", "Heading #").
            decode_entities(&dom.plain_text(i))
                .trim_end_matches(['¶', '#', '§', '🔗', '\u{f0c1}', ' '])
                .to_string()
        })
        .filter(|t| !t.is_empty() && t.chars().count() < 300)
        .take(4)
        .collect()
}

fn fill(sink: &Sink, h1s: &[String], a: &mut Article) {
    let get = |f: &str| sink.best(f).map(|c| c.value.clone());
    let publisher = get("publisher").or_else(|| get("site_name"));
    let site_names = sink.values(&["publisher", "site_name"]);
    let site = title::site_words(&site_names, a.url.as_deref());
    a.title = title::choose(&sink.title_sources(h1s), h1s, &site);
    a.subtitle = get("subtitle");
    let names: Vec<String> = site_names
        .iter()
        .map(|n| title::norm(n))
        .filter(|n| n.len() > 1)
        .collect();
    a.authors = authors::choose(
        &sink.items,
        &names,
        &title::site_words(&[], a.url.as_deref()),
    );
    a.publisher = publisher;
    a.canonical_url = get("canonical_url").or_else(|| a.url.clone());
    a.language = get("language").map(|l| l.replace('_', "-"));
    a.section = get("section");
    let mut tags: Vec<String> = Vec::new();
    for t in sink.all_from_best("tag") {
        let t = t.trim().to_string();
        if !t.is_empty() && !tags.contains(&t) {
            tags.push(t);
        }
    }
    a.tags = tags;
    a.based_on = get("based_on");
    a.accessible_for_free = get("accessible_for_free").and_then(|v| match v.as_str() {
        "true" | "yes" => Some(true),
        "false" | "no" => Some(false),
        _ => None,
    });
}
