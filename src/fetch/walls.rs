//! Walls: pages that stand in front of the article instead of being it. An anti-bot challenge
//! (Cloudflare's "Just a moment...", `cf-chl`, a captcha), a paywall (`isAccessibleForFree:
//! false` in JSON-LD, or the page's own "subscribe to continue" markers beside a short text),
//! a cookie-consent wall (a consent page with little text). Each is a named status.

use once_cell::sync::Lazy;
use regex::Regex;

/// The first bytes looked at for markers.
const SCAN: usize = 256 * 1024;

const CHALLENGE: &[&str] = &[
    "cf-chl",
    "cf_chl_opt",
    "challenge-platform",
    "just a moment...",
    "<title>just a moment",
    "attention required! | cloudflare",
    "captcha",
    "checking your browser before accessing",
    "verify you are human",
    "ddos-guard",
    "perimeterx",
    "px-captcha",
];

const PAYWALL: &[&str] = &[
    "subscribe to continue reading",
    "subscribe to read",
    "this article is for subscribers",
    "this content is for subscribers",
    "already a subscriber",
    "to continue reading, subscribe",
    "class=\"paywall",
    "id=\"paywall",
    "data-paywall",
    "piano-paywall",
    "tp-container-inner",
];

const CONSENT: &[&str] = &[
    "consent.google",
    "consent.yahoo",
    "cookie consent",
    "we value your privacy",
    "before you continue",
    "accept all cookies",
    "manage cookie preferences",
    "id=\"onetrust",
    "cmp-container",
    "didomi",
    "consent-page",
];

static NOT_FREE: Lazy<Option<Regex>> =
    Lazy::new(|| Regex::new(r#"(?i)"isAccessibleForFree"\s*:\s*(?:false|"false")"#).ok());

fn lower_head(body: &str) -> String {
    let mut end = body.len().min(SCAN);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    body[..end].to_lowercase()
}

fn has_any(hay: &str, needles: &'static [&'static str]) -> Option<&'static str> {
    needles.iter().find(|n| hay.contains(**n)).copied()
}

/// Whether an error page (403, 503, or a 200 with no article) is an anti-bot challenge;
/// returns the marker found.
pub fn challenge(body: &str, headers_say_challenge: bool) -> Option<String> {
    if headers_say_challenge {
        return Some("cf-mitigated: challenge".into());
    }
    has_any(&lower_head(body), CHALLENGE).map(str::to_string)
}

/// Names the wall in front of a page, if any. `words` is the word count of the main text the
/// page stage found; `short` says it is too short to be the article.
pub fn wall(html: &str, words: usize, short: bool) -> Option<(&'static str, String)> {
    if NOT_FREE.as_ref().is_some_and(|r| r.is_match(html)) {
        return Some(("paywall", "isAccessibleForFree: false".into()));
    }
    let head = lower_head(html);
    if words < 250 {
        if let Some(m) = has_any(&head, PAYWALL) {
            return Some((
                "paywall",
                format!("truncated text ({words} words) and {m:?}"),
            ));
        }
    }
    if short {
        if let Some(m) = has_any(&head, CHALLENGE) {
            return Some((
                "anti_bot_challenge",
                format!("{m:?} in a page with no article"),
            ));
        }
        if let Some(m) = has_any(&head, CONSENT) {
            return Some(("consent_wall", format!("{m:?} in a page with no article")));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walls_are_named() {
        let ld = r#"<script type="application/ld+json">{"isAccessibleForFree": false}</script>"#;
        assert_eq!(wall(ld, 500, false).map(|w| w.0), Some("paywall"));
        let pw = "<div class=\"paywall\">Subscribe to continue reading</div>";
        assert_eq!(wall(pw, 80, false).map(|w| w.0), Some("paywall"));
        let cf = "<title>Just a moment...</title><script src=/cdn-cgi/challenge-platform/x>";
        assert_eq!(wall(cf, 3, true).map(|w| w.0), Some("anti_bot_challenge"));
        let cw = "<h1>Before you continue to Example</h1><button>Accept all cookies</button>";
        assert_eq!(wall(cw, 10, true).map(|w| w.0), Some("consent_wall"));
        assert_eq!(wall("<p>An ordinary article.</p>", 300, false), None);
        assert!(challenge("<p>Forbidden</p>", false).is_none());
    }
}
