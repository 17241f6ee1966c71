//! Page furniture guard: where the article proper ends in a text that still carries a
//! page's teasers ("Don't Miss", "Related Articles", "More For You", comment forms). The
//! page readers should drop these; the extractor stays robust when they do not.

/// Headings that, as a paragraph or line of their own, end the article (lower case).
const HEADINGS: &[&str] = &[
    "don't miss",
    "don’t miss",
    "related articles",
    "related stories",
    "related posts",
    "related",
    "more for you",
    "read more",
    "recommended",
    "you may also like",
    "latest news",
    "latest crypto news",
    "top stories",
    "more stories",
    "leave a reply",
    "continue reading",
    "trending",
];

/// Headings recognised inside a line, in their title-case spelling.
const INLINE: &[&str] = &[
    "More For You",
    "Related Articles",
    "Don't Miss",
    "Latest Crypto News",
];

/// Byte offset where the article's own text ends in `text`. Markers in the first fifth of
/// the text are ignored (navigation above the story).
pub fn body_end(text: &str) -> usize {
    let min = text.len() / 5;
    let mut end = text.len();
    let mut pos = 0usize;
    for line in text.split_inclusive('\n') {
        let t = line.trim().trim_end_matches(':').to_lowercase();
        if pos >= min && HEADINGS.contains(&t.as_str()) {
            end = end.min(pos);
            break;
        }
        pos += line.len();
    }
    for marker in INLINE {
        let mut from = min;
        while from < end {
            let Some(i) = text.get(from..).and_then(|t| t.find(marker)) else {
                break;
            };
            end = end.min(from + i);
            from += i + marker.len();
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::body_end;

    #[test]
    fn cuts_at_headings() {
        let t = "Title\n\nBody one.\n\nBody two.\n\nDon't Miss\n\nTeaser $10 million.";
        assert_eq!(&t[..body_end(t)], "Title\n\nBody one.\n\nBody two.\n\n");
        let t = "Body one is long enough here. Body two. More For You Teaser $4.7M";
        assert_eq!(
            &t[..body_end(t)],
            "Body one is long enough here. Body two. "
        );
    }
}
