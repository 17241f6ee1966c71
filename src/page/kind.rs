//! Page kind: whether a page is an article, a listing of other pages, a forum thread, a
//! product page or something else, with a confidence and the reasons. This module owns the
//! decision from measured [`Signals`]; the HTML reader measures them (`html::signals`), and
//! plain text is always an article. Nothing here is keyed to a site.
//!
//! The decision, in order:
//! 1. What the page declares (JSON-LD / microdata types, `og:type`): a forum or Q&A type is a
//!    forum and a product type a product, unless a JSON-LD / microdata article type is
//!    declared too over a strong body (a review); a collection / item-list type without a
//!    strong body is a listing (that one is checked after 2-3). `og:type article`, which
//!    many sites put on every page, only backs an article body.
//! 2. Commerce structure: prices (`itemprop=price`, price-classed amounts) together with a
//!    cart / buy control make a product page, unless a strong article body says otherwise.
//! 3. Posts: three or more sibling blocks each with a user and a date, outside a comment
//!    section, and no article type declared, make a forum thread.
//! 4. Teasers: many sibling headline+link cards of one shape whose text outweighs the main
//!    body, or a main region mostly of links, make a listing, unless the body is strong.
//! 5. A page with almost no running text (under 40 words of main text, no long paragraph
//!    anywhere) is `other`; otherwise it is an article (more sure with long paragraphs, a
//!    declared article type, a byline or a date).
//!
//! "A strong body" is several long paragraphs of low link density: comments under a story
//! and a related-stories rail beside it do not make the story a forum or a listing.
//!
//! The confidences are roughly the share of pages each rule got right on the tuning part of
//! a labelled dev set (WCXB); an article with a body but no declared type, byline or date is
//! an article at low confidence (such pages are often documentation or service pages).

use serde::{Deserialize, Serialize};

/// What kind of page a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    Article,
    Listing,
    Forum,
    Product,
    Other,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Listing => "listing",
            Kind::Forum => "forum",
            Kind::Product => "product",
            Kind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "article" => Kind::Article,
            "listing" => Kind::Listing,
            "forum" => Kind::Forum,
            "product" => Kind::Product,
            "other" => Kind::Other,
            _ => return None,
        })
    }
}

/// A page's kind with how sure the classifier is (0-1) and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageKind {
    pub kind: Kind,
    pub confidence: f64,
    pub reasons: Vec<String>,
}

impl Default for PageKind {
    /// An article, as every page was before pages had kinds.
    fn default() -> Self {
        PageKind {
            kind: Kind::Article,
            confidence: 0.5,
            reasons: Vec::new(),
        }
    }
}

impl PageKind {
    /// Plain text input: an article.
    pub fn plain_text() -> Self {
        PageKind {
            kind: Kind::Article,
            confidence: 0.9,
            reasons: vec!["plain text".into()],
        }
    }

    pub fn is_article(&self) -> bool {
        self.kind == Kind::Article
    }

    /// "listing (0.85): 12 teaser cards; ..." for a status line.
    pub fn summary(&self) -> String {
        format!(
            "{} ({:.2}): {}",
            self.kind.as_str(),
            self.confidence,
            self.reasons.join("; ")
        )
    }
}

/// What the page declares about itself, by schema type or `og:type`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Declared {
    /// An article type in JSON-LD or microdata.
    pub article: bool,
    /// `og:type` article, which many sites set on every page: weaker.
    pub og_article: bool,
    pub product: bool,
    pub forum: bool,
    pub collection: bool,
}

/// Measurements of one page that the decision reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signals {
    pub declared: Declared,
    /// The declarations found, for the reasons ("json-ld Product", "og:type article").
    pub declared_names: Vec<String>,
    /// Price elements: `itemprop=price|offers|priceCurrency`, short price-classed amounts.
    pub prices: usize,
    /// Cart / buy controls (buttons, submit inputs, cart forms).
    pub cart_controls: usize,
    /// Sibling headline+link cards of one shape, over all groups of four or more.
    pub teaser_cards: usize,
    /// Characters of text in those cards.
    pub teaser_text: usize,
    /// The largest group of sibling posts with a user and a date each.
    pub posts: usize,
    /// That group sits in a comment section.
    pub posts_are_comments: bool,
    /// Characters of text, and of link text, in the page body.
    pub body_text: usize,
    pub body_link: usize,
    /// Characters of text, and of link text, in the selected main region.
    pub main_text: usize,
    pub main_link: usize,
    /// Paragraphs of the main text, and those of 150 characters or more.
    pub paragraphs: usize,
    pub long_paragraphs: usize,
    pub words: usize,
    /// Long paragraphs of few links anywhere outside chrome and teaser cards, and their text.
    pub page_long_paragraphs: usize,
    pub page_paragraph_text: usize,
    pub byline: bool,
    pub published: bool,
}

impl Signals {
    fn main_link_density(&self) -> f64 {
        ratio(self.main_link, self.main_text)
    }

    fn body_link_density(&self) -> f64 {
        ratio(self.body_link, self.body_text)
    }

    /// Several long paragraphs, few links in them: the page's own running text.
    fn strong_body(&self) -> bool {
        let density = self.main_link_density();
        (self.long_paragraphs >= 4 && self.words >= 300 && density < 0.25)
            || (self.words >= 500 && density < 0.15)
            || (self.page_long_paragraphs >= 5 && self.page_paragraph_text >= 1500)
    }

    /// Some running text.
    fn some_body(&self) -> bool {
        self.long_paragraphs >= 2 && self.words >= 120 && self.main_link_density() < 0.4
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn kind(kind: Kind, confidence: f64, reasons: Vec<String>) -> PageKind {
    PageKind {
        kind,
        confidence,
        reasons,
    }
}

/// Classifies a page from its signals (the decision order is in the module doc).
pub fn decide(s: &Signals) -> PageKind {
    let d = s.declared;
    let mut why: Vec<String> = s.declared_names.iter().map(|n| n.to_string()).collect();
    let body = format!(
        "{} long paragraphs, {} words, main link density {:.2}; {} long paragraphs on the page",
        s.long_paragraphs,
        s.words,
        s.main_link_density(),
        s.page_long_paragraphs
    );
    let strong = s.strong_body();
    // A JSON-LD / microdata article type is the page's own statement: a short news item
    // under it is still an article. `og:type article` needs more text to back it.
    let article_backed = ((d.article || d.og_article) && s.some_body())
        || (d.article && s.words >= 60 && s.main_link_density() < 0.3);
    if d.forum && !(d.article && strong) {
        return kind(Kind::Forum, 0.95, why);
    }
    let commerce = s.prices > 0 && s.cart_controls > 0;
    if commerce {
        why.push(format!(
            "{} price elements, {} cart controls",
            s.prices, s.cart_controls
        ));
    }
    if d.product && !(d.article && strong) {
        return kind(Kind::Product, if commerce { 0.9 } else { 0.8 }, why);
    }
    if commerce && !strong && !article_backed {
        return kind(Kind::Product, 0.5, why);
    }
    if s.posts >= 3 && !s.posts_are_comments && !d.article && !d.og_article {
        why.push(format!("{} posts with a user and a date each", s.posts));
        return kind(Kind::Forum, 0.6, why);
    }
    let own_text = s.main_text.saturating_sub(s.main_link);
    let teasers = s.teaser_cards >= 6 && s.teaser_text > own_text.max(s.page_paragraph_text);
    if teasers {
        why.push(format!(
            "{} teaser cards holding {} characters",
            s.teaser_cards, s.teaser_text
        ));
    }
    if d.collection && !strong && !article_backed {
        why.push(body);
        return kind(Kind::Listing, 0.85, why);
    }
    let linky = s.main_link_density() > 0.5 && s.body_link_density() > 0.4;
    if linky {
        why.push(format!(
            "main link density {:.2}, body link density {:.2}",
            s.main_link_density(),
            s.body_link_density()
        ));
    }
    if (teasers || linky) && !strong && !article_backed {
        why.push(body);
        return kind(
            Kind::Listing,
            if teasers && linky { 0.8 } else { 0.75 },
            why,
        );
    }
    if s.words < 40 && s.page_long_paragraphs == 0 {
        why.push("almost no running text".into());
        why.push(body);
        // Surely no article; what it is instead (an app shell, a bare form) is less sure.
        return kind(Kind::Other, 0.5, why);
    }
    if s.byline {
        why.push("byline".into());
    }
    if s.published {
        why.push("published date".into());
    }
    why.push(body);
    // How sure: the article evidence (a declared type, `og:type`, a byline, a date) on top of
    // the body; pages with a body but none of it are often documentation or service pages.
    let evidence = [d.article, d.og_article, s.byline, s.published]
        .iter()
        .filter(|&&e| e)
        .count();
    let scale = if strong {
        [0.35, 0.6, 0.8, 0.9, 0.95]
    } else {
        [0.2, 0.35, 0.5, 0.6, 0.7]
    };
    kind(Kind::Article, scale[evidence], why)
}
