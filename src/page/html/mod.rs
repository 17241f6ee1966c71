//! HTML pages: main-text extraction and metadata. One parse with scraper, one pass to build
//! a compact tree ([`dom`]), then metadata ([`meta`]), furniture marking and container
//! scoring ([`main_text`]) and rendering ([`render`]).

mod dom;
mod main_text;
mod meta;
mod patterns;
mod render;

use super::Article;

pub(crate) use meta::{clean_authors, normalise_date};

/// Reads an HTML page. `url` is where it came from, used to resolve relative links.
pub fn read_html(html: &str, url: Option<&str>) -> Article {
    let doc = scraper::Html::parse_document(html);
    let (dom, col) = dom::build(&doc);
    let mut article = Article {
        url: url.map(str::to_string),
        ..Article::default()
    };
    meta::read(&dom, &col, &mut article);
    if let (Some(base), Some(c)) = (url, article.canonical_url.clone()) {
        if let Ok(joined) = url::Url::parse(base).and_then(|b| b.join(&c)) {
            article.canonical_url = Some(joined.to_string());
        }
    }
    let live = main_text::liveness(&dom);
    let roots = main_text::select(&dom, &live);
    if std::env::var_os("CLAIMWIRE_DEBUG_EXTRACT").is_some() {
        for &r in &roots {
            let n = &dom.nodes[r];
            eprintln!("root {r} <{} {:?}> text={} dead={}", n.tag, n.ci, live.text[r], live.dead[r]);
        }
    }
    let text = render::render(&dom, &live, &roots);
    article.text = render::tidy(&text, article.title.as_deref());
    article
}
