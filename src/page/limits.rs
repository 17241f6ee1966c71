//! Size limits of the page stage, so that no page makes reading unbounded: the input read
//! (HTML or text) and the main text kept. A page past a limit is cut at a character boundary
//! and the article says so in its warnings.

/// Largest page (decoded, in bytes) the reader parses, the default `--max-bytes` of a fetch;
/// the rest is left out.
pub const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;
/// Largest main text kept (bytes); a news article is rarely a tenth of this.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// The largest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The page cut to [`MAX_INPUT_BYTES`], and a warning when it was cut.
pub fn cap_input(page: &str) -> (&str, Option<String>) {
    let kept = prefix(page, MAX_INPUT_BYTES);
    let warning = (kept.len() < page.len()).then(|| {
        format!(
            "page of {} bytes read up to its first {} bytes",
            page.len(),
            kept.len()
        )
    });
    (kept, warning)
}

/// Cuts the main text to [`MAX_TEXT_BYTES`] (at a paragraph break when there is one in its
/// last quarter), with a warning.
pub fn cap_text(article: &mut super::Article) {
    let len = article.text.len();
    if len <= MAX_TEXT_BYTES {
        return;
    }
    let head = prefix(&article.text, MAX_TEXT_BYTES);
    let end = match head.rfind("\n\n") {
        Some(p) if p >= MAX_TEXT_BYTES / 4 * 3 => p,
        _ => head.len(),
    };
    article.text.truncate(end);
    article.warnings.push(format!(
        "main text of {len} bytes cut to its first {end} bytes"
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_ends_on_a_character_boundary() {
        assert_eq!(prefix("aé", 2), "a");
        assert_eq!(prefix("aé", 3), "aé");
        assert_eq!(prefix("abc", 10), "abc");
    }

    #[test]
    fn long_text_is_cut_at_a_paragraph_with_a_warning() {
        let para = "word ".repeat(1000);
        let mut a = super::super::Article {
            text: vec![para.trim(); 400].join("\n\n"),
            ..Default::default()
        };
        cap_text(&mut a);
        assert!(a.text.len() <= MAX_TEXT_BYTES);
        assert!(a.text.ends_with("word"));
        assert_eq!(a.warnings.len(), 1);
        assert!(
            a.warnings[0].starts_with("main text of 2000"),
            "{:?}",
            a.warnings
        );
    }
}
