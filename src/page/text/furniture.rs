//! Furniture in plain-text pages: single lines that are page chrome ("Share",
//! "Advertisement", "Published", "on"), section headings after which nothing belongs to the
//! article ("Related Articles", "More For You", "Leave a Reply", "3 Comments", ...), and
//! in-line boxes (newsletter sign-ups) and tails inside one long line. Generic rules only.

use once_cell::sync::Lazy;
use regex::Regex;

/// A whole line that is chrome, dropped wherever it appears.
static CHROME_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)^(share|share this( article| story| post)?|tweet|email|print|copy link|advertisement|advertisment|sponsored|published|updated|on|by|connect with us|follow us|click to comment|story continues below|home|menu|search|subscribe|sign in|log in|skip to content)[:.]?$",
    )
    .expect("static regex")
});

/// A line that opens the page's tail: nothing after it belongs to the article.
static TAIL_HEADING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)^(don'?t miss|related( articles| stories| posts| news| coverage)?|more for you|more from .{1,40}|latest( \w+)? news|top stories|most (read|popular)|recommended( for you| stories)?|you (may|might) also like|read (more|next)|leave a (reply|comment)( to .*)?|\d+ (comments?|responses?|replies)|comments?|continue reading|copyright ©.*|©.*|all rights reserved.*|trending( now)?|editor'?s picks?|about the author|tags?:.*)[:.]?$",
    )
    .expect("static regex")
});

/// Section labels that end the article when they appear inside one long line.
const INLINE_TAILS: &[&str] = &[
    " More For You ",
    " Latest Crypto News ",
    " Top Stories ",
    " Related Articles ",
    " Don't Miss ",
    " Read more: ",
    " Leave a Reply ",
];

/// Newsletter and share boxes inside a line: from their opening words to their end.
static INLINE_BOX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)(STORY CONTINUES BELOW\s*)?Don'?t miss another story\..*?privacy policy\s*\.?|STORY CONTINUES BELOW|Share this article\s+(Copy link\s+)?(X icon\s+)?(X \(Twitter\)\s+)?(LinkedIn\s+)?(Facebook\s+)?(Email\s+)?",
    )
    .expect("static regex")
});

/// Whether a line is page chrome.
pub fn is_chrome(line: &str) -> bool {
    line.chars().count() <= 40 && CHROME_LINE.is_match(line.trim())
}

/// Whether a line opens the page's furniture tail.
pub fn is_tail(line: &str) -> bool {
    line.chars().count() <= 80 && TAIL_HEADING.is_match(line.trim())
}

/// Cuts a long line at the first furniture section label and removes in-line boxes.
pub fn clean_inline(line: &str) -> String {
    let mut s = line.to_string();
    if let Some(p) = INLINE_TAILS.iter().filter_map(|t| s.find(t)).min() {
        s.truncate(p);
    }
    let s = INLINE_BOX.replace_all(&s, " ");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_and_tails() {
        assert!(is_chrome("Share"));
        assert!(is_chrome("Advertisement"));
        assert!(!is_chrome("Share prices fell sharply on Monday."));
        assert!(is_tail("Related Articles"));
        assert!(is_tail("1 Comment"));
        assert!(is_tail("Leave a Reply to Someone Cancel reply"));
        assert!(is_tail("Copyright © 2025 Example.com"));
        assert!(!is_tail("Related markets rallied as the dollar fell."));
    }

    #[test]
    fn inline_boxes_and_tails_are_cut() {
        let s = "Prices rose. STORY CONTINUES BELOW Don't miss another story. Subscribe today . Sign me up By signing up you agree to our privacy policy . Prices fell. Tag One More For You Other story with 5% gain";
        let c = clean_inline(s);
        assert_eq!(c, "Prices rose. Prices fell. Tag One");
    }
}
