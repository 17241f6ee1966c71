//! Plain-text articles: the first non-empty line is the title, the rest the body.

use super::Article;

/// Reads a plain-text article.
pub fn read_text(text: &str, url: Option<&str>) -> Article {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().map(str::to_string);
    let body = lines.collect::<Vec<_>>().join("\n\n");
    Article {
        url: url.map(str::to_string),
        title,
        text: body,
        ..Article::default()
    }
}
