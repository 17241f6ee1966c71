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

/// A sentence of a paywall, login wall or account box ("You have reached the limit for free
/// access", "Registered users can read up to 3 reports", "Are you sure you want to log out?",
/// "Subscribers, click below to login", "E-mail or Username: Password"). Only phrases that
/// address the reader about their access or account: "Netflix added 2 million subscribers"
/// is news and stays.
static ACCOUNT_SENTENCE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b(log ?in|log ?out|sign ?in|sign ?up|sign me up|subscribe (now|today|here)|your (subscription|account)|free (trial|access)|registered users|register (now|here|for free|your)|create (a free|an) account|already (a subscriber|have an account|registered)|unlimited (digital )?access|username|password|work e-?mail|reached (the|your) (limit|maximum)|to continue reading|subscribers?,? (click|log|sign)|become a (member|subscriber))\b",
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
    let s = without_account_sentences(&s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Drops the sentences of a line that are paywall or account furniture
/// ([`ACCOUNT_SENTENCE`]), when they are short (a long sentence that mentions a login is
/// more likely news about one).
fn without_account_sentences(line: &str) -> String {
    if !ACCOUNT_SENTENCE.is_match(line) {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut start = 0;
    let bytes = line.as_bytes();
    for (i, c) in line.char_indices() {
        let end = matches!(c, '.' | '!' | '?')
            && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        if end || i + c.len_utf8() == line.len() {
            let sentence = &line[start..i + c.len_utf8()];
            if !(sentence.chars().count() <= 200 && ACCOUNT_SENTENCE.is_match(sentence)) {
                out.push_str(sentence);
            }
            start = i + c.len_utf8();
        }
    }
    out
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

    #[test]
    fn account_sentences_go_and_news_about_subscribers_stays() {
        let s = "Two hurt when a snowmobile crashed. You have reached the limit for free access to our work. Subscribers, click below to login or register. Netflix added 2 million subscribers. Are you sure you want to log out? Police said the driver was fine.";
        assert_eq!(
            clean_inline(s),
            "Two hurt when a snowmobile crashed. Netflix added 2 million subscribers. Police said the driver was fine."
        );
    }
}
