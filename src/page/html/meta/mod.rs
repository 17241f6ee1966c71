//! HTML metadata: gathers every candidate value (JSON-LD, OpenGraph and `article:*`, other
//! meta tags such as `author`, `description`, `parsely-*`, `sailthru.*`, `dc.*`, `<time>`,
//! visible bylines, canonical link, `<html lang>`, `<title>`/`<h1>`), cleans them, keeps them
//! all in `Article::candidates`, and fills each field from the most trusted candidate.

mod clean;
mod jsonld;

pub(crate) use clean::{authors as clean_authors, date as normalise_date};

use super::dom::{Collected, Dom};
use crate::page::{Article, MetaCandidate, MetaOrigin};

/// Collects candidates, cleaning values as they come in.
#[derive(Default)]
pub struct Sink {
    pub items: Vec<MetaCandidate>,
}

impl Sink {
    pub fn add(&mut self, field: &str, value: &str, origin: MetaOrigin) {
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        let value = decode_entities(&value);
        if value.is_empty() {
            return;
        }
        let values: Vec<String> = match field {
            "author" => clean::authors(&value),
            "published" | "modified" => clean::date(&value).into_iter().collect(),
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

/// Decodes the few entities that survive in JSON-LD and attribute values.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
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
        | "dcterms.creator" | "byl" | "byline" | "twitter:creator" => "author",
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
pub fn read(dom: &Dom, col: &Collected, article: &mut Article) {
    let mut sink = Sink::default();
    jsonld::collect(&col.ld_json, &mut sink);
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
    for (el, text) in &col.times {
        let value = el.attr("datetime").unwrap_or(text);
        let hint = format!(
            "{} {} {}",
            el.attr("class").unwrap_or(""),
            el.attr("itemprop").unwrap_or(""),
            el.attr("pubdate").map(|_| "pub").unwrap_or("")
        )
        .to_ascii_lowercase();
        let field = if hint.contains("modif") || hint.contains("updat") {
            "modified"
        } else {
            "published"
        };
        sink.add(field, value, MetaOrigin::TimeElement);
    }
    for &b in &col.bylines {
        let text = dom.plain_text(b);
        if !text.is_empty() && text.chars().count() < 120 {
            sink.add("author", &text, MetaOrigin::Byline);
        }
    }
    if let Some(t) = &col.title_tag {
        sink.add("title", t, MetaOrigin::Heading);
    }
    if let Some(h1) = first_h1(dom) {
        sink.add("title", &h1, MetaOrigin::Heading);
    }
    if let Some(l) = &col.lang {
        sink.add("language", l, MetaOrigin::MetaTag);
    }
    fill(&sink, article);
    article.candidates = sink.items;
}

fn first_h1(dom: &Dom) -> Option<String> {
    let i = dom.nodes.iter().position(|n| n.tag == "h1")?;
    let t = dom.plain_text(i);
    (!t.is_empty() && t.chars().count() < 300).then_some(t)
}

fn fill(sink: &Sink, a: &mut Article) {
    let get = |f: &str| sink.best(f).map(|c| c.value.clone());
    let publisher = get("publisher").or_else(|| get("site_name"));
    a.title = get("title").map(|t| strip_site(&t, publisher.as_deref()));
    a.subtitle = get("subtitle");
    a.authors = sink.all_from_best("author");
    a.publisher = publisher;
    a.published = get("published");
    a.modified = get("modified");
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

/// Removes a " | Site" / " - Site" suffix or "Site | " prefix naming the publisher.
fn strip_site(title: &str, publisher: Option<&str>) -> String {
    let Some(p) = publisher.filter(|p| !p.is_empty()) else {
        return title.to_string();
    };
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(rest) = title.strip_suffix(p).and_then(|r| r.strip_suffix(sep)) {
            return rest.trim().to_string();
        }
        if let Some(rest) = title.strip_prefix(p).and_then(|r| r.strip_prefix(sep)) {
            return rest.trim().to_string();
        }
    }
    title.to_string()
}
