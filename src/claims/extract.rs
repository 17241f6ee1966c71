//! Claim extraction (first cut placeholder; see the claims issue).

use super::Extraction;
use crate::page::Article;

/// Extracts claims and sources from an article.
pub fn extract(_article: &Article) -> Extraction {
    Extraction::default()
}
