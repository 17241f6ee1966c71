//! Template for the aggregator seed that wraps an original story: renders the original as
//! the original publisher's own article page (section label, share bar, headline, subtitle,
//! byline with editor, date, lead image caption, "What to know" bullets, inline price
//! tickers, an in-story newsletter box, tags, then "More For You", "Latest Crypto News" and
//! "Top Stories" furniture). The parts are found by short marker phrases.

use once_cell::sync::Lazy;
use regex::Regex;

use super::markup::{self, esc, nav, slug, Head};
use super::seeds::{self, lines, sentences, Block};

static DATE_TEXT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[ap]\.m\.").expect("static regex")
});
static TICKER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b([A-Z]{2,5}) \$ ([\d,]+\.\d{2})").expect("static regex"));
static AGO: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\s*(\d+ (?:minute|hour|day)s? ago)\s*").expect("static regex"));

fn with_tickers(text: &str) -> String {
    let mut o = String::new();
    let mut last = 0;
    for c in TICKER.captures_iter(text) {
        let (Some(m), Some(sym), Some(px)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        o.push_str(&esc(&text[last..m.start()]));
        o.push_str(&format!(
            "<span class=\"price-chip\"><a href=\"/price/{}\">{}</a> <span class=\"price-chip__value\">$ {}</span></span>",
            slug(sym.as_str()),
            sym.as_str(),
            px.as_str()
        ));
        last = m.end();
    }
    o.push_str(&esc(&text[last..]));
    o
}

/// Items "headline N hours ago" in a run of text.
fn timed_items(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut last = 0;
    for c in AGO.captures_iter(text) {
        let (Some(m), Some(ago)) = (c.get(0), c.get(1)) else {
            continue;
        };
        out.push((
            text[last..m.start()].trim().to_string(),
            ago.as_str().to_string(),
        ));
        last = m.end();
    }
    out
}

/// Renders the original story of an aggregator summary; `None` when the markers are missing.
pub fn original(text: &str) -> Option<String> {
    let ls = lines(text);
    let title = *ls.first()?;
    let source = ls
        .iter()
        .find_map(|l| l.strip_prefix("Source:"))
        .map(str::trim)?;
    let published_raw = ls
        .iter()
        .find_map(|l| l.strip_prefix("Published:"))
        .map(str::trim);
    let published = published_raw.map(|p| format!("{}:00", p.replacen(' ', "T", 1)));
    let content = seeds::between(text, "Article Content:", &[])?;
    let t_at = content.find(title)?;
    let section = content[..t_at]
        .split_whitespace()
        .next()
        .unwrap_or("Markets");
    let after_title = content[t_at + title.len()..].trim();
    let (subtitle, after_sub) = after_title.split_once(" By ")?;
    let date_m = DATE_TEXT.find(after_sub)?;
    let byline = after_sub[..date_m.start()].trim();
    let (author_part, editor) = byline.split_once(" | ").unwrap_or((byline, ""));
    let date_text = date_m.as_str();
    let rest = after_sub[date_m.end()..].trim();
    let (caption, rest) = rest.split_once(" What to know :").unwrap_or(("", rest));
    let rest = rest.trim();
    // "What to know" holds three short bullets before the story begins.
    let sents = sentences(rest);
    let n_bullets = 3.min(sents.len());
    let bullets = &sents[..n_bullets];
    let story_all = sents[n_bullets..].join(" ");
    let (story_end, furniture) = match story_all.find(" More For You ") {
        Some(p) => (&story_all[..p], &story_all[p..]),
        None => (story_all.as_str(), ""),
    };
    // Tags follow the last full stop of the story.
    let cut = story_end
        .rfind(". ")
        .map(|p| p + 1)
        .unwrap_or(story_end.len());
    let (story, tags) = story_end.split_at(cut);
    let tags: Vec<&str> = tags.split_whitespace().collect();
    let (before_nl, newsletter, after_nl) = match (
        story.find("STORY CONTINUES BELOW"),
        story.find("privacy policy ."),
    ) {
        (Some(a), Some(b)) if b > a => (
            &story[..a],
            &story[a..b + "privacy policy .".len()],
            &story[b + "privacy policy .".len()..],
        ),
        _ => (story, "", ""),
    };
    let canonical = format!(
        "https://www.{}.example/markets/{}/{}",
        slug(source),
        published_raw
            .map(|p| p.get(..10).unwrap_or(p).replace('-', "/"))
            .unwrap_or_default(),
        slug(title)
    );
    let authors = [author_part];
    let mut o = markup::head(&Head {
        title: Some(title),
        title_tag: Some(title.to_string()),
        description: Some(subtitle),
        canonical: Some(&canonical),
        site_name: Some(source),
        authors: &authors,
        published: published.as_deref(),
        section: Some(section),
        lang: "en",
        ld_type: "NewsArticle",
        tags: &tags,
    });
    o.push_str("<body><div id=\"__next\"><div class=\"flex flex-col min-h-screen\">\n<header class=\"sticky top-0 bg-white\"><div class=\"container\">");
    o.push_str(&format!("<a class=\"logo\" href=\"/\">{}</a>", esc(source)));
    o.push_str(&nav(
        "hidden md:flex gap-4",
        &[
            "News",
            "Prices",
            "Data",
            "Events",
            "Research",
            "Newsletters",
            "Podcasts",
        ],
    ));
    o.push_str("</div></header>\n<main class=\"container grid grid-cols-12\">\n<div class=\"col-span-12 lg:col-span-8\">\n");
    o.push_str(&format!("<div class=\"flex items-center\"><a class=\"font-title uppercase\" href=\"/{}\">{}</a></div>\n", slug(section), esc(section)));
    o.push_str("<div class=\"relative share-menu\"><button>Share</button><div class=\"dropdown\"><span>Share this article</span><button>Copy link</button><a>X icon</a><a>X (Twitter)</a><a>LinkedIn</a><a>Facebook</a><a>Email</a></div></div>\n");
    o.push_str(&format!("<div class=\"flex flex-col gap-4\"><h1 class=\"font-headline-lg\">{}</h1>\n<h2 class=\"font-headline-xs text-charcoal-600\">{}</h2></div>\n", esc(title), esc(subtitle)));
    o.push_str("<div class=\"flex flex-col md:flex-row gap-2 font-metadata\"><div class=\"flex gap-1\"><span>By</span>");
    o.push_str(&format!(
        "<a href=\"/author/{}\" class=\"text-charcoal-600\">{}</a>",
        slug(author_part),
        esc(author_part)
    ));
    if !editor.is_empty() {
        o.push_str(&format!(
            "<span class=\"px-1\">|</span><span>{}</span>",
            esc(editor)
        ));
    }
    o.push_str(&format!(
        "</div><div class=\"font-metadata text-color-charcoal-600\"><span>{}</span></div></div>\n",
        esc(date_text)
    ));
    if !caption.is_empty() {
        o.push_str(&format!("<figure class=\"relative\"><img alt=\"{}\" src=\"/img/lead.jpg\"><figcaption class=\"font-metadata\">{}</figcaption></figure>\n", esc(caption), esc(caption)));
    }
    o.push_str("<div class=\"document-body font-body-lg\">\n<div class=\"bg-white p-4 border\"><h2 class=\"font-headline-xs\">What to know:</h2><ul class=\"list-disc\">");
    for b in bullets {
        o.push_str(&format!("<li>{}</li>", esc(b)));
    }
    o.push_str("</ul></div>\n");
    for chunk in [before_nl, after_nl] {
        for b in seeds::run_on_blocks(chunk) {
            match b {
                Block::Para(t) => o.push_str(&format!("<p>{}</p>\n", with_tickers(&t))),
                Block::Heading(t) => o.push_str(&format!("<h2>{}</h2>\n", esc(&t))),
                Block::Caption(t) => o.push_str(&format!("<figure class=\"my-6\"><img alt=\"{}\" src=\"/img/{}.png\"><figcaption class=\"font-metadata\">{}</figcaption></figure>\n", esc(&t), slug(&t), esc(&t))),
                Block::Bullet(t) => o.push_str(&format!("<ul><li>{}</li></ul>\n", esc(&t))),
                Block::Ad => {}
            }
        }
        if chunk == before_nl && !newsletter.is_empty() {
            o.push_str(&newsletter_box(newsletter));
        }
    }
    o.push_str("</div>\n<div class=\"flex flex-wrap gap-2 py-4\">");
    for t in &tags {
        o.push_str(&format!(
            "<a class=\"tag\" href=\"/tag/{}\">{}</a>",
            slug(t),
            esc(t)
        ));
    }
    o.push_str("</div>\n</div>\n");
    o.push_str(&furniture_html(furniture));
    o.push_str("</main>\n<footer class=\"bg-black text-white\"><div>About · Masthead · Careers · Ethics Policy · Terms of Use · Privacy</div></footer>\n</div></div></body>\n</html>\n");
    Some(o)
}

fn newsletter_box(text: &str) -> String {
    let label = "STORY CONTINUES BELOW";
    let body = text.trim_start_matches(label).trim();
    let (pitch, legal) = body.split_once(" Sign me up ").unwrap_or((body, ""));
    format!(
        "<div class=\"my-8 newsletter-signup-inline\"><div class=\"text-center font-metadata\">{}</div><div class=\"border p-4\"><p>{}</p><form><input type=\"email\" placeholder=\"Email\"><button>Sign me up</button></form><p class=\"text-xs\">{}</p></div></div>\n",
        label,
        esc(pitch),
        esc(legal)
    )
}

/// "More For You" cards, "Latest Crypto News" and "Top Stories" lists.
fn furniture_html(text: &str) -> String {
    let mut o = String::new();
    let (cards, lists) = match text.find("Latest Crypto News") {
        Some(p) => (&text[..p], &text[p..]),
        None => (text, ""),
    };
    o.push_str("<aside class=\"col-span-12 lg:col-span-4\">\n");
    for card in cards
        .split("More For You")
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        o.push_str("<section class=\"more-for-you\"><h2 class=\"font-headline-sm\">More For You</h2><div class=\"card\">");
        let (head, body) = card.split_once(" What to know :").unwrap_or((card, ""));
        let (headline, by) = head.split_once(" By ").unwrap_or((head, ""));
        o.push_str(&format!(
            "<h3><a href=\"/{}\">{}</a></h3><div class=\"font-metadata\">By {}</div>",
            slug(headline),
            esc(headline),
            esc(by)
        ));
        if !body.is_empty() {
            o.push_str("<h4>What to know:</h4><ul>");
            for s in sentences(body.trim()) {
                o.push_str(&format!("<li>{}</li>", esc(&s)));
            }
            o.push_str("</ul>");
        }
        o.push_str("</div></section>\n");
    }
    o.push_str("</aside>\n");
    let (latest, top) = match lists.find("Top Stories") {
        Some(p) => (&lists[..p], &lists[p..]),
        None => (lists, ""),
    };
    for (label, part, class) in [
        ("Latest Crypto News", latest, "latest-news"),
        ("Top Stories", top, "top-stories"),
    ] {
        let items = timed_items(part.trim_start_matches(label).trim());
        if items.is_empty() {
            continue;
        }
        o.push_str(&format!(
            "<section class=\"{class} col-span-12\"><h2>{label}</h2><ul>"
        ));
        for (h, ago) in items {
            o.push_str(&format!(
                "<li><a href=\"/{}\">{}</a><span class=\"font-metadata\">{}</span></li>",
                slug(&h),
                esc(&h),
                esc(&ago)
            ));
        }
        o.push_str("</ul></section>\n");
    }
    o
}
