//! Reprocessing: the pipeline again over every stored raw page (no network), replacing each
//! article's claims and rating.

use super::{report, SourceReport};
use crate::fetch;
use crate::rating::SentenceClassifier;
use crate::store::{Store, StoreError};
use crate::{analyse_with, check_article, read_document};

/// Reads every stored page again from its raw bytes (no network) and replaces its article's
/// claims and rating, one transaction per article. Calls `on_report` with status
/// `reprocessed` (or `not_an_article`) per article; returns how many were reprocessed. A page
/// stored as a non-article (no claims taken) is left as it is (`stored_non_article`).
pub fn reprocess(
    store: &mut Store,
    direction: Option<&dyn SentenceClassifier>,
    mut on_report: impl FnMut(&SourceReport),
) -> Result<usize, StoreError> {
    let mut done = 0;
    for id in store.page_ids()? {
        let Some(mut doc) = store.stored_page(id)? else {
            continue;
        };
        let (text, charset) = fetch::decode(&doc.raw, doc.content_type.as_deref());
        doc.text = text;
        doc.charset = charset.to_string();
        let article = read_document(&doc);
        let skipped = store.analysis_skipped(id)?;
        let mut r = match check_article(&article) {
            // Stored as a non-article: stays one, without claims.
            _ if skipped.is_some() => report(&doc.source, "stored_non_article", skipped),
            Err(e) => report(&doc.source, e.status(), Some(e.to_string())),
            Ok(()) => {
                let (extraction, rating) = analyse_with(&article, direction);
                store.replace_analysis(id, &extraction, &rating)?;
                done += 1;
                SourceReport {
                    claims: extraction.claims.len(),
                    ..report(&doc.source, "reprocessed", None)
                }
            }
        };
        r.article_id = Some(id);
        r.title = article.title;
        on_report(&r);
    }
    Ok(done)
}
