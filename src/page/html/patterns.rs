//! Generic boilerplate signals for HTML: which tags, ARIA roles and class/id words mark page
//! furniture (navigation, share bars, related-article teasers, newsletters, ads, comments),
//! which mark article content, and which short block texts are furniture labels. Nothing here
//! is keyed to a particular site.

use once_cell::sync::Lazy;
use regex::{Regex, RegexSet};
use scraper::node::Element;

/// Class/id words that mark furniture whatever else the class says.
const STRONG_NEG: &str = r"comment|disqus|share|sharing|social|related|newsletter|subscri|promo|sponsor|advert|(^|[\s_-])(ad|ads|adv|advt)([\s_-]|\d|$)|ad-(slot|unit|wrap|container|box|zone)|adslot|dfp|googlead|sidebar|footer|more-for-you|moreforyou|teaser|breadcrumb|popup|modal|cookie|gdpr|consent|paywall|signup|sign-up|recommend|trending|most-?popular|most-?read|outbrain|taboola|toolbar|byline|author-?bio|about-?the-?author|(^|[\s_-])tags?([\s_-]|$)|tag-?list|skip-?link|sr-only|visually-?hidden|screen-?reader|jump-?link|read-?more|readmore|also-?read|see-?also|next-?post|prev-?post|post-?nav|pagination|(^|[\s_-])(nav|navbar|menu)([\s_-]|$)|masthead|banner|rss|print-?only|login|signin|overlay|newsletter|inline-?cta|(^|[\s_-])cta([\s_-]|$)|donate|(^|[\s_-])rail([\s_-]|$)|follow-?us|hashtags?|caption|credit|slideshow|gallery|lightbox";

/// Class/id words that mark furniture unless the class also says it holds content.
const WEAK_NEG: &str = r"header|menu|(^|[\s_-])nav|extra|supplement|skyscraper|topbar|aside|(^|[\s_-])meta([\s_-]|$)|timestamp|author|dateline|utility|secondary|complementary|carousel|slider|gallery-?nav|hidden|widget";

/// Class/id words that mark an embedded post (a quoted tweet, an Instagram post): quoted
/// content, even when the class also says "social" or "widget".
const EMBED: &str = r"(^|[\s_-])(embed|tweet|twitter-tweet|instagram-media)([\s_-]|$)|media-embed|-embed([\s_-]|$)|tweet([\s_-]|$)";

/// Class/id words that mark the article's own content.
const POS: &str = r"article|(^|[\s_-])body|content|entry|main|(^|[\s_-])post|story|text|blog|column|prose|rich-?text|articlebody|storybody";

/// Class/id words that mark the article body itself (strong evidence for a candidate).
const BODY: &str = r"article-?body|article__body|articlebody|article-?content|article__content|story-?body|storybody|story-?content|post-?body|post-?content|entry-?content|entry-?body|content-?body|body-?text|article-?text|main-?content|td-post-content|rich-?text|news-?body|news-?content|text-?body";

/// The class/id patterns above, matched in one pass; indices as in [`ClassFlags::of`].
static CLASS_SET: Lazy<RegexSet> =
    Lazy::new(|| RegexSet::new([BODY, POS, STRONG_NEG, WEAK_NEG, EMBED]).expect("static regex"));

/// Class/id words of a heading over other reading.
static RELATED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"related|recommend|more-?(from|stories|articles|news)|also-?(like|read)|popular|trending|read-?next|you-?may|most-?read")
        .expect("static regex")
});

/// Whole-block texts that are furniture labels, not article text.
static FURNITURE_TEXT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i)^(advertisement|advertisment|ad|ads|sponsored( content)?|share( this)?( article| story| post| page)?( on \w+)?|tweet|email|print|copy link|read more|read full story|continue reading|click to comment|story continues below|related( articles| stories| posts| content| coverage| news)?|recommended( for you| stories)?|more for you|more from .{1,40}|don'?t miss|latest( \w+)? news|top stories|leave a (reply|comment)|comments?|\d+ comments?|sign (me )?up|subscribe( now)?|follow us( on .*)?|getty images|skip to .*|loading\.*|view comments|you may also like|you might also like|trending( now)?|most (popular|read)|editor'?s picks?|see also|next article|previous article|back to top|photo|image|video|view full report|caption|close|tags?:?|(photo|image|credit|source|foto|bild)s?: .{1,60})[.:!]?$",
    )
    .expect("static regex")
});

/// Short blocks that begin like a teaser link, a sign-up pitch or a date line.
static TEASER_START: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(read (more|also|next)|related:|see also|also read|more:|recommended:|sign up (for|to|here)|subscribe (to|for|now|here)|click here to|follow us|don'?t miss another|by signing up|get the latest .{0,40}(newsletter|inbox)|(updated|published|posted|last updated|first published)( on| at)?:? .{0,40}\d{4})")
        .expect("static regex")
});

const JUNK_TAGS: &[&str] = &[
    "nav", "footer", "aside", "form", "menu", "header", "fieldset",
];

const JUNK_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "menu",
    "menubar",
    "search",
    "alert",
    "dialog",
    "toolbar",
    "tablist",
];

/// The attributes extraction looks at, read in one pass over an element's attributes
/// (scraper's `attr()` interns the name and scans the list on every call).
#[derive(Debug, Default, Clone, Copy)]
pub struct Attrs<'a> {
    pub class: Option<&'a str>,
    pub id: Option<&'a str>,
    pub style: Option<&'a str>,
    pub hidden: bool,
    pub role: Option<&'a str>,
    pub aria_hidden: Option<&'a str>,
    pub aria_modal: bool,
    pub itemprop: Option<&'a str>,
    pub rel: Option<&'a str>,
}

impl<'a> Attrs<'a> {
    pub fn of(el: &'a Element) -> Self {
        let mut a = Attrs::default();
        for (k, v) in el.attrs() {
            match k {
                "class" => a.class = Some(v),
                "id" => a.id = Some(v),
                "style" => a.style = Some(v),
                "hidden" => a.hidden = true,
                "role" => a.role = Some(v),
                "aria-hidden" => a.aria_hidden = Some(v),
                "aria-modal" => a.aria_modal = v.trim().eq_ignore_ascii_case("true"),
                "itemprop" => a.itemprop = Some(v),
                "rel" => a.rel = Some(v),
                _ => {}
            }
        }
        a
    }
}

/// What the class/id words say, computed once per distinct class/id string.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct ClassFlags {
    body: bool,
    pos: bool,
    strong_neg: bool,
    weak_neg: bool,
    embed: bool,
}

impl ClassFlags {
    pub fn of(ci: &str) -> Self {
        if ci.trim().is_empty() {
            return ClassFlags::default();
        }
        let m = CLASS_SET.matches(ci);
        ClassFlags {
            body: m.matched(0),
            pos: m.matched(0) || m.matched(1),
            strong_neg: m.matched(2),
            weak_neg: m.matched(3),
            embed: m.matched(4),
        }
    }
}

/// Whether an element is a dialog (`<dialog>`, `aria-modal`, role `dialog`/`alertdialog`):
/// a box shown over the page on demand (terms, sign-up, cookie choices), never its content,
/// however much text it holds.
pub fn is_dialog(tag: &str, a: &Attrs) -> bool {
    tag == "dialog"
        || a.aria_modal
        || a.role.is_some_and(|r| {
            let r = r.trim();
            r.eq_ignore_ascii_case("dialog") || r.eq_ignore_ascii_case("alertdialog")
        })
}

/// Whether an element is furniture by its tag, role or class/id.
pub fn is_junk_element(tag: &str, a: &Attrs, ci: &str, f: ClassFlags) -> bool {
    if tag == "body" || tag == "html" || tag == "a" {
        return false;
    }
    if is_dialog(tag, a) {
        return true;
    }
    if JUNK_TAGS.contains(&tag) {
        return true;
    }
    if let Some(role) = a.role {
        let role = role.trim();
        if JUNK_ROLES.iter().any(|r| r.eq_ignore_ascii_case(role)) {
            return true;
        }
    }
    if a.aria_hidden == Some("true") && tag != "span" && tag != "i" {
        return true;
    }
    if a.itemprop
        .is_some_and(|p| p.contains("articleBody") || p.contains("text"))
    {
        return false;
    }
    if ci.is_empty() || f.body || f.embed {
        return false;
    }
    f.strong_neg || (f.weak_neg && !f.pos)
}

/// Whether an element that is junk is so only by a weak class word: not by its tag, role,
/// `aria-hidden` or a word naming a furniture purpose (share, related, comment, footer ...).
/// Weak words ("widget", "header", "meta", "hidden" ...) name a layout part, which page
/// builders put around everything, the article's own paragraphs included.
pub fn is_soft_junk(tag: &str, a: &Attrs, f: ClassFlags) -> bool {
    let by_role = a.role.is_some_and(|role| {
        let role = role.trim();
        JUNK_ROLES.iter().any(|r| r.eq_ignore_ascii_case(role))
    });
    !JUNK_TAGS.contains(&tag)
        && !by_role
        && a.aria_hidden != Some("true")
        && !f.strong_neg
        && f.weak_neg
}

/// Whether an element is a visible byline or author name holder.
pub fn is_byline_element(a: &Attrs, ci: &str) -> bool {
    if a.rel.is_some_and(|r| r.contains("author")) {
        return true;
    }
    if a.itemprop.is_some_and(|p| p.contains("author")) {
        return true;
    }
    (ci.contains("byline") || ci.contains("author"))
        && !ci.contains("authori")
        && !ci.contains("bio")
        && !ci.contains("about")
        && !ci.contains("avatar")
}

/// Tags whose text counts as paragraph text.
pub fn is_paragraph_tag(tag: &str) -> bool {
    matches!(tag, "p" | "pre")
}

/// Class weight in the style of readability: positive for content words, negative for
/// furniture words.
pub fn class_weight(f: ClassFlags, a: &Attrs) -> f64 {
    let mut w = 0.0;
    if f.body {
        w += 40.0;
    } else if f.pos {
        w += 25.0;
    }
    if (f.strong_neg || f.weak_neg) && !f.embed {
        w -= 25.0;
    }
    if a.itemprop.is_some_and(|p| p.contains("articleBody")) {
        w += 50.0;
    }
    w
}

/// Whether a class/id names a box of other reading (related, recommended, more, popular).
pub fn is_related_class(ci: &str) -> bool {
    RELATED.is_match(ci)
}

/// Whether a short block's whole text is a furniture label.
pub fn is_furniture_text(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 60 && FURNITURE_TEXT.is_match(t)
}

/// Whether a short block is a teaser line ("Read more: ..."), a sign-up pitch or a
/// date line ("Updated Apr 7, 2025 ...").
pub fn is_teaser_text(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 220 && TEASER_START.is_match(t)
}
