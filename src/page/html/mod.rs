//! HTML pages: main-text extraction and metadata. A byte scan drops raw-text bodies the
//! reader never needs ([`prescan`]), then one parse with scraper, one pass to build
//! a compact tree ([`dom`]), then metadata ([`meta`]), furniture marking and container
//! scoring ([`main_text`]) and rendering ([`render`]), and last the page-kind signals
//! ([`signals`]).

mod debug;
mod dom;
mod main_text;
mod meta;
mod noscript;
mod patterns;
mod prescan;
mod render;
mod signals;
mod tags;

use super::Article;

pub(crate) use meta::{clean_authors, normalise_date};

/// Fewest characters of main text below which a page that keeps its content in `<noscript>`
/// (an app shell whose no-script fallback is the real page) is read again with that content.
const SHELL_TEXT: usize = 300;

/// Reads an HTML page. `url` is where it came from, used to resolve relative links.
pub fn read_html(html: &str, url: Option<&str>) -> Article {
    read_html_at(html, url, chrono::Utc::now())
}

/// [`read_html`] for a page fetched at `fetched`: relative dates ("3 hours ago") count back
/// from it and no date after it (plus a day) is believed.
pub fn read_html_at(
    html: &str,
    url: Option<&str>,
    fetched: chrono::DateTime<chrono::Utc>,
) -> Article {
    let article = read_once(html, url, fetched);
    if article.text.chars().count() >= SHELL_TEXT {
        return article;
    }
    match noscript::unwrapped(html) {
        Some(open) => {
            let again = read_once(&open, url, fetched);
            if again.text.chars().count() > article.text.chars().count() {
                again
            } else {
                article
            }
        }
        None => article,
    }
}

fn read_once(html: &str, url: Option<&str>, fetched: chrono::DateTime<chrono::Utc>) -> Article {
    let (html, cut) = super::limits::cap_input(html);
    let (stripped, trimmed) = prescan::strip(html);
    let doc = scraper::Html::parse_document(&stripped);
    let (dom, col) = dom::build(&doc);
    let mut article = Article {
        url: url.map(str::to_string),
        warnings: cut.into_iter().collect(),
        ..Article::default()
    };
    if trimmed.crowded_tags > 0 {
        article.warnings.push(format!(
            "{} attributes cut from {} tags with more than {} attributes",
            trimmed.attrs_cut,
            trimmed.crowded_tags,
            prescan::MAX_ATTRS
        ));
    }
    if col.text_cut > 0 {
        article.warnings.push(format!(
            "{} bytes of page text past the first {} left out",
            col.text_cut,
            dom::TEXT_BUDGET
        ));
    }
    if trimmed.tags_flattened > 0 {
        article.warnings.push(format!(
            "{} tags nested deeper than {} levels dropped (their text kept)",
            trimmed.tags_flattened,
            prescan::MAX_DEPTH
        ));
    }
    let ld = meta::jsonld_values(&col.ld_json);
    meta::read(&dom, &col, &ld, &mut article, fetched);
    if let (Some(base), Some(c)) = (url, article.canonical_url.clone()) {
        if let Ok(joined) = url::Url::parse(base).and_then(|b| b.join(&c)) {
            article.canonical_url = Some(joined.to_string());
        }
    }
    let live = main_text::liveness(&dom, main_text::Content::Prose);
    let roots = main_text::select(&dom, &live);
    let debug = std::env::var_os("CLAIMWIRE_DEBUG_EXTRACT");
    if debug.as_deref().is_some_and(|d| d == "tree") {
        debug::print_tree(&dom, &live);
    }
    if debug.is_some() {
        for &r in &roots {
            let n = &dom.nodes[r];
            eprintln!(
                "root {r} <{} {:?}> text={} dead={}",
                n.tag, n.ci, live.text[r], live.dead[r]
            );
        }
    }
    let text_of = |article: &Article, live: &main_text::Live, roots: &[usize]| {
        render::tidy(
            render::render(&dom, live, roots),
            &render::Context::of(article),
        )
    };
    article.text = text_of(&article, &live, &roots);
    super::limits::cap_text(&mut article);
    let signals = signals::measure(&dom, &col, &ld, &live, &roots, &article);
    article.kind = super::kind::decide(&signals);
    if article.kind.kind != super::kind::Kind::Article {
        // Not an article: its items are its content. Read again keeping them.
        let content = if article.kind.kind == super::kind::Kind::Listing {
            main_text::Content::Links
        } else {
            main_text::Content::Items
        };
        let live = main_text::liveness(&dom, content);
        let roots = main_text::select(&dom, &live);
        let items = text_of(&article, &live, &roots);
        if !items.trim().is_empty() {
            article.text = items;
            super::limits::cap_text(&mut article);
        }
    }
    article
}

#[cfg(test)]
mod tests;
