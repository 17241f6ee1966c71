//! Feeds as sources: RSS and Atom feeds (feed-rs) and sitemaps (`urlset`, `sitemapindex`)
//! become the list of URLs they name, newest first.

use chrono::{DateTime, Utc};
use once_cell::sync::Lazy;
use regex::Regex;

use super::FetchError;

/// A feed or sitemap, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    /// Where the feed came from.
    pub url: String,
    /// Newest first; entries without a date last, in document order.
    pub entries: Vec<FeedEntry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    pub url: String,
    /// Published (else updated / `lastmod`) time.
    pub published: Option<DateTime<Utc>>,
    /// A child sitemap of a `sitemapindex` (to expand in turn), not an article.
    pub is_feed: bool,
}

static SITEMAP_ITEM: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"(?is)<(url|sitemap)\b[^>]*>(.*?)</(?:url|sitemap)\s*>").ok());
static LOC: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(r"(?is)<loc\b[^>]*>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</loc\s*>").ok()
});
static LASTMOD: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r"(?is)<lastmod\b[^>]*>\s*(.*?)\s*</lastmod\s*>").ok());

/// Reads a feed or sitemap body fetched from `url`.
pub fn parse(body: &[u8], url: &str) -> Result<Feed, FetchError> {
    let head = String::from_utf8_lossy(&body[..body.len().min(2048)]).to_ascii_lowercase();
    let mut entries = if head.contains("<urlset") || head.contains("<sitemapindex") {
        sitemap(&String::from_utf8_lossy(body), url)
    } else {
        let feed = feed_rs::parser::parse(body)
            .map_err(|e| FetchError::UnsupportedContentType(format!("unreadable feed: {e}")))?;
        feed.entries
            .into_iter()
            .filter_map(|e| {
                let link = e
                    .links
                    .iter()
                    .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                    .or_else(|| e.links.first())
                    .map(|l| l.href.clone())
                    .or_else(|| e.id.starts_with("http").then(|| e.id.clone()))?;
                Some(FeedEntry {
                    url: absolute(url, &link)?,
                    published: e.published.or(e.updated),
                    is_feed: false,
                })
            })
            .collect()
    };
    // Newest first; undated ones keep their order at the end.
    entries.sort_by_key(|e| std::cmp::Reverse(e.published));
    let mut seen = std::collections::HashSet::new();
    entries.retain(|e| seen.insert(e.url.clone()));
    Ok(Feed {
        url: url.to_string(),
        entries,
    })
}

fn sitemap(text: &str, base: &str) -> Vec<FeedEntry> {
    let (Some(item), Some(loc), Some(lastmod)) = (&*SITEMAP_ITEM, &*LOC, &*LASTMOD) else {
        return Vec::new();
    };
    item.captures_iter(text)
        .filter_map(|c| {
            let is_feed = c.get(1)?.as_str().eq_ignore_ascii_case("sitemap");
            let inner = c.get(2)?.as_str();
            let href = unescape(loc.captures(inner)?.get(1)?.as_str().trim());
            let published = lastmod
                .captures(inner)
                .and_then(|m| m.get(1))
                .and_then(|m| parse_date(m.as_str()));
            Some(FeedEntry {
                url: absolute(base, &href)?,
                published,
                is_feed,
            })
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn absolute(base: &str, href: &str) -> Option<String> {
    let base = url::Url::parse(base).ok();
    let u = match base {
        Some(b) => b.join(href).ok()?,
        None => url::Url::parse(href).ok()?,
    };
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}

/// A sitemap date: W3C datetime (`2025-12-12T10:50:00+00:00`) or a bare date.
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    let day = chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemaps_and_rss_list_newest_first() {
        let sm =
            br#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>https://n.example/a?x=1&amp;y=2</loc><lastmod>2025-01-02</lastmod></url>
          <url><loc>/b</loc><lastmod>2025-03-01T10:00:00Z</lastmod></url>
          <url><loc>https://n.example/c</loc></url></urlset>"#;
        let f = parse(sm, "https://n.example/sitemap.xml").map(|f| f.entries);
        let urls: Vec<String> = f.unwrap_or_default().into_iter().map(|e| e.url).collect();
        assert_eq!(
            urls,
            [
                "https://n.example/b",
                "https://n.example/a?x=1&y=2",
                "https://n.example/c"
            ]
        );
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
          <item><title>old</title><link>https://n.example/old</link><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item>
          <item><title>new</title><link>https://n.example/new</link><pubDate>Tue, 02 Jan 2024 00:00:00 GMT</pubDate></item>
          </channel></rss>"#;
        let f = parse(rss, "https://n.example/feed").map(|f| f.entries);
        let urls: Vec<String> = f.unwrap_or_default().into_iter().map(|e| e.url).collect();
        assert_eq!(urls, ["https://n.example/new", "https://n.example/old"]);
    }
}
