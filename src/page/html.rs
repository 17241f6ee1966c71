//! HTML pages: main-text extraction and metadata.

use super::Article;

/// Reads an HTML page. `url` is where it came from, used to resolve relative links.
pub fn read_html(html: &str, url: Option<&str>) -> Article {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("p").expect("static selector");
    let text = doc
        .select(&sel)
        .map(|p| p.text().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n\n");
    Article {
        url: url.map(str::to_string),
        text,
        ..Article::default()
    }
}
