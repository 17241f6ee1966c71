//! Small HTML-writing helpers shared by the publisher templates: escaping, the `<head>` with
//! JSON-LD / OpenGraph / canonical link, and block rendering.

use serde_json::json;

use super::seeds::Block;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

/// URL path slug of a headline.
pub fn slug(s: &str) -> String {
    let mut o = String::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(10)
    {
        if !o.is_empty() {
            o.push('-');
        }
        o.push_str(&w.to_lowercase());
    }
    o
}

/// What a page's `<head>` declares.
#[derive(Default)]
pub struct Head<'a> {
    pub title: Option<&'a str>,
    pub title_tag: Option<String>,
    pub description: Option<&'a str>,
    pub canonical: Option<&'a str>,
    pub site_name: Option<&'a str>,
    pub authors: &'a [&'a str],
    pub published: Option<&'a str>,
    pub section: Option<&'a str>,
    pub lang: &'a str,
    pub ld_type: &'a str,
    pub tags: &'a [&'a str],
}

/// Renders `<!DOCTYPE html><html><head>...</head>`.
pub fn head(h: &Head) -> String {
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        h.lang
    );
    if let Some(t) = &h.title_tag {
        o.push_str(&format!("<title>{}</title>\n", esc(t)));
    }
    if let Some(d) = h.description {
        o.push_str(&format!(
            "<meta name=\"description\" content=\"{}\">\n",
            esc(d)
        ));
    }
    if let Some(c) = h.canonical {
        o.push_str(&format!("<link rel=\"canonical\" href=\"{}\">\n", esc(c)));
        o.push_str(&format!(
            "<meta property=\"og:url\" content=\"{}\">\n",
            esc(c)
        ));
    }
    if let Some(t) = h.title {
        o.push_str("<meta property=\"og:type\" content=\"article\">\n");
        o.push_str(&format!(
            "<meta property=\"og:title\" content=\"{}\">\n",
            esc(t)
        ));
    }
    if let Some(s) = h.site_name {
        o.push_str(&format!(
            "<meta property=\"og:site_name\" content=\"{}\">\n",
            esc(s)
        ));
    }
    if let Some(p) = h.published {
        o.push_str(&format!(
            "<meta property=\"article:published_time\" content=\"{}\">\n",
            esc(p)
        ));
    }
    if let Some(s) = h.section {
        o.push_str(&format!(
            "<meta property=\"article:section\" content=\"{}\">\n",
            esc(s)
        ));
    }
    for t in h.tags {
        o.push_str(&format!(
            "<meta property=\"article:tag\" content=\"{}\">\n",
            esc(t)
        ));
    }
    for a in h.authors {
        o.push_str(&format!("<meta name=\"author\" content=\"{}\">\n", esc(a)));
    }
    if let Some(t) = h.title {
        let mut ld = json!({
            "@context": "https://schema.org",
            "@type": h.ld_type,
            "headline": t,
        });
        if let Some(d) = h.description {
            ld["description"] = json!(d);
        }
        if let Some(c) = h.canonical {
            ld["mainEntityOfPage"] = json!({"@type": "WebPage", "@id": c});
        }
        if !h.authors.is_empty() {
            ld["author"] = json!(h
                .authors
                .iter()
                .map(|a| json!({"@type": "Person", "name": a}))
                .collect::<Vec<_>>());
        }
        if let Some(s) = h.site_name {
            ld["publisher"] = json!({"@type": "Organization", "name": s});
        }
        if let Some(p) = h.published {
            ld["datePublished"] = json!(p);
        }
        if let Some(s) = h.section {
            ld["articleSection"] = json!(s);
        }
        if !h.tags.is_empty() {
            ld["keywords"] = json!(h.tags.join(","));
        }
        o.push_str(&format!(
            "<script type=\"application/ld+json\">{}</script>\n",
            ld.to_string().replace("</", "<\\/")
        ));
    }
    o.push_str("<link rel=\"stylesheet\" href=\"/assets/site.css\">\n<script src=\"/assets/site.js\" defer></script>\n</head>\n");
    o
}

/// Renders article blocks; `ad` is the markup for an inline ad slot.
pub fn blocks(blocks: &[super::seeds::Block], ad: &str, caption_class: &str) -> String {
    let mut o = String::new();
    let mut in_list = false;
    for b in blocks {
        if in_list && !matches!(b, Block::Bullet(_)) {
            o.push_str("</ul>\n");
            in_list = false;
        }
        match b {
            Block::Para(t) => o.push_str(&format!("<p>{}</p>\n", esc(t))),
            Block::Heading(t) => o.push_str(&format!("<h2>{}</h2>\n", esc(t))),
            Block::Bullet(t) => {
                if !in_list {
                    o.push_str("<ul>\n");
                    in_list = true;
                }
                o.push_str(&format!("<li>{}</li>\n", esc(t)));
            }
            Block::Caption(t) => o.push_str(&format!(
                "<figure class=\"{caption_class}\"><img src=\"/img/{}.jpg\" alt=\"{}\" width=\"800\" height=\"450\"><figcaption>{}</figcaption></figure>\n",
                slug(t),
                esc(t),
                esc(t)
            )),
            Block::Ad => o.push_str(ad),
        }
    }
    if in_list {
        o.push_str("</ul>\n");
    }
    o
}

/// A navigation bar with our own labels.
pub fn nav(class: &str, items: &[&str]) -> String {
    let mut o = format!("<nav class=\"{class}\"><ul>");
    for i in items {
        o.push_str(&format!(
            "<li><a href=\"/{}/\">{}</a></li>",
            slug(i),
            esc(i)
        ));
    }
    o.push_str("</ul></nav>\n");
    o
}

/// A share bar with our own labels.
pub fn share(class: &str) -> String {
    format!(
        "<div class=\"{class}\"><span>Share</span><a href=\"#\" class=\"s-x\">X</a><a href=\"#\" class=\"s-fb\">Facebook</a><a href=\"#\" class=\"s-li\">LinkedIn</a><a href=\"#\" class=\"s-mail\">Email</a><button>Copy link</button></div>\n"
    )
}
