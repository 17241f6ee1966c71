//! The page stage: turns a fetched document (HTML or plain text) into an [`Article`]:
//! its main text without page furniture, and its metadata (title, authors, publisher,
//! dates, canonical URL, ...) with every candidate value and where it came from.
//! Each page is also classified by kind ([`kind`]). It knows nothing of claims, ratings or
//! storage.

mod html;
pub mod kind;
pub(crate) mod limits;
mod text;

use serde::{Deserialize, Serialize};

pub use html::{read_html, read_html_at};
pub use kind::{Kind, PageKind};
pub use limits::MAX_TEXT_BYTES;
pub use text::read_text;

/// Where a metadata value was found, most trusted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetaOrigin {
    JsonLd,
    OpenGraph,
    MetaTag,
    TimeElement,
    Byline,
    /// The `<title>` element or the page's first `<h1>`.
    Heading,
    TextHeader,
    Url,
}

/// One candidate value for a metadata field, kept so that a reader can see why a value won.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetaCandidate {
    pub field: String,
    pub value: String,
    pub origin: MetaOrigin,
}

/// An article as read from a page: metadata plus main text.
///
/// `text` is the main text with paragraphs separated by a blank line (`"\n\n"`).
/// Dates are ISO 8601 strings (`2025-12-12T10:50:00+00:00`, or a bare date when the
/// page gives no time).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub url: Option<String>,
    pub canonical_url: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub language: Option<String>,
    pub section: Option<String>,
    pub tags: Vec<String>,
    /// The original this page says it is based on (`isBasedOn`, "Source: X", "Original Article").
    pub based_on: Option<String>,
    pub accessible_for_free: Option<bool>,
    pub text: String,
    pub candidates: Vec<MetaCandidate>,
    /// What a reading limit cut from this page (attributes, nesting depth, text size): the
    /// article is what remained. Empty for an ordinary page.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// What kind of page this is (article, listing, forum, product, other), how sure, and
    /// why; an article for JSON written before pages had kinds.
    #[serde(default)]
    pub kind: PageKind,
}

/// The number (1-12) of an English month name or its abbreviation ("Dec", "December",
/// "Sept."), by its first three letters.
pub fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let l = name.to_lowercase();
    MONTHS
        .iter()
        .position(|m| l.starts_with(m))
        .map(|i| i as u32 + 1)
}

impl Article {
    /// The main text's paragraphs.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
    }
}
