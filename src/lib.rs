//! claimwire: news pages in, structured claims and rated summaries out.
//!
//! The pipeline, one module a stage: [`fetch`] -> [`page`] -> [`claims`] -> [`rating`] ->
//! [`store`]; [`export`] renders what the store holds, [`eval`] measures each stage on
//! labelled data, and [`corpus`] builds the sample pages the quick start ingests.

pub mod claims;
pub mod corpus;
pub mod eval;
pub mod export;
pub mod fetch;
pub mod market;
#[cfg(feature = "model")]
pub mod model;
pub mod model_files;
pub mod page;
pub mod rating;
pub mod serve;
pub mod stage_times;
pub mod store;

mod ingest;

pub use ingest::{
    close_analyses, ingest, ingest_dump, reprocess, IngestOptions, IngestSummary, SourceReport,
};

use claims::Extraction;
use fetch::{DocKind, Document};
use page::Article;
use rating::Rating;

/// Fewest words of main text for a page to count as an article.
pub const MIN_ARTICLE_WORDS: usize = 40;

/// Why a fetched document was not stored as an article.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error("not an article: {0}")]
    NotAnArticle(String),
}

impl ReadError {
    pub fn status(&self) -> &'static str {
        match self {
            ReadError::NotAnArticle(_) => "not_an_article",
        }
    }
}

/// The page stage for a fetched document, by its kind.
pub fn read_document(doc: &Document) -> Article {
    match doc.kind {
        DocKind::Html => {
            // Relative dates on the page count back from when it was fetched.
            let fetched = chrono::DateTime::parse_from_rfc3339(&doc.fetched_at)
                .map(|t| t.with_timezone(&chrono::Utc))
                .unwrap_or_else(|_| chrono::Utc::now());
            page::read_html_at(&doc.text, Some(&doc.url), fetched)
        }
        DocKind::Text => page::read_text(&doc.text, Some(&doc.url)),
    }
}

/// Checks that an article has a main text worth analysing.
pub fn check_article(article: &Article) -> Result<(), ReadError> {
    let words = article.text.split_whitespace().count();
    if words < MIN_ARTICLE_WORDS {
        return Err(ReadError::NotAnArticle(format!(
            "main text has {words} words, fewer than {MIN_ARTICLE_WORDS}"
        )));
    }
    Ok(())
}

/// Claims and rating for one article, direction by the lexical cues.
pub fn analyse(article: &Article) -> (Extraction, Rating) {
    analyse_with(article, None)
}

/// Claims and rating for one article, direction by `direction` when given.
pub fn analyse_with(
    article: &Article,
    direction: Option<&dyn rating::SentenceClassifier>,
) -> (Extraction, Rating) {
    use stage_times::{measure, Stage};
    let extraction = measure(Stage::Claims, || claims::extract(article));
    let rating = measure(Stage::Rating, || {
        rating::rate_with(article, &extraction, direction)
    });
    (extraction, rating)
}
