//! App shells: pages whose body is empty until a script runs and whose real content (posts,
//! an article) is served inside `<noscript>` for readers without scripts. The parser treats
//! `<noscript>` as raw text, so such a page reads as empty; [`unwrapped`] gives the page with
//! the `<noscript>` tags removed, so that their markup is read as the body it stands for.

use once_cell::sync::Lazy;
use regex::Regex;

static NOSCRIPT_TAG: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)</?noscript\b[^>]*>").expect("static regex"));

/// Fewest bytes inside `<noscript>` elements for them to be worth reading as the body (a
/// tracking pixel or a "please enable JavaScript" line is far less).
const MIN_FALLBACK_BYTES: usize = 2_000;

/// The page with its `<noscript>` tags removed, when they hold enough markup to be the page's
/// content; `None` otherwise.
pub fn unwrapped(html: &str) -> Option<String> {
    let mut inside = 0usize;
    let mut open: Option<usize> = None;
    for m in NOSCRIPT_TAG.find_iter(html) {
        if m.as_str().as_bytes().get(1) == Some(&b'/') {
            if let Some(start) = open.take() {
                inside += m.start().saturating_sub(start);
            }
        } else if open.is_none() {
            open = Some(m.end());
        }
    }
    (inside >= MIN_FALLBACK_BYTES).then(|| NOSCRIPT_TAG.replace_all(html, "").into_owned())
}
