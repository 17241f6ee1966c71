//! Ingest: runs the whole pipeline over a batch of sources. Fetches run concurrently; each
//! result is read, analysed and stored as it arrives, one transaction per article, so an
//! interrupted batch keeps what it stored and the next run skips it.

use std::sync::Arc;

use serde::Serialize;

use crate::fetch::{self, FetchOptions, Fetcher, Outcome, Validators};
use crate::store::{Processed, Saved, Store, StoreError};
use crate::{analyse, check_article, read_document};

#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    pub fetch: FetchOptions,
    /// Fetch and store again even when the source was stored before.
    pub refresh: bool,
}

/// How one source ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceReport {
    pub source: String,
    /// `stored`, `already_stored`, `unchanged`, or the name of a failure.
    pub status: String,
    pub detail: Option<String>,
    pub article_id: Option<i64>,
    pub story_id: Option<i64>,
    pub title: Option<String>,
    pub claims: usize,
}

impl SourceReport {
    pub fn failed(&self) -> bool {
        !matches!(
            self.status.as_str(),
            "stored" | "already_stored" | "unchanged"
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IngestSummary {
    pub stored: usize,
    pub already_stored: usize,
    pub unchanged: usize,
    pub failed: Vec<SourceReport>,
}

impl IngestSummary {
    fn count(&mut self, r: &SourceReport) {
        match r.status.as_str() {
            "stored" => self.stored += 1,
            "already_stored" => self.already_stored += 1,
            "unchanged" => self.unchanged += 1,
            _ => self.failed.push(r.clone()),
        }
    }
}

/// Ingests `sources` into `store`, calling `on_report` once per source as it ends.
pub async fn ingest(
    store: &mut Store,
    sources: &[String],
    options: &IngestOptions,
    mut on_report: impl FnMut(&SourceReport),
) -> Result<IngestSummary, StoreError> {
    let fetcher = Fetcher::new(options.fetch.clone());
    let mut summary = IngestSummary::default();
    let fetcher = match fetcher {
        Ok(f) => Arc::new(f),
        Err(e) => {
            for s in sources {
                let r = report(s, e.status(), Some(e.to_string()));
                store.record_status(s, &r.status, r.detail.as_deref())?;
                summary.count(&r);
                on_report(&r);
            }
            return Ok(summary);
        }
    };
    let mut jobs = Vec::with_capacity(sources.len());
    for s in sources {
        let validators: Option<Validators> = if options.refresh {
            None
        } else {
            store.stored_source(s)?.map(|(_, v)| v)
        };
        jobs.push((s.clone(), validators));
    }
    let mut rx = fetch::fetch_batch(fetcher, jobs);
    while let Some((i, result)) = rx.recv().await {
        let source = &sources[i];
        let r = match result {
            Err(e) => report(source, e.status(), Some(e.to_string())),
            Ok(Outcome::NotModified) => {
                let mut r = report(source, "unchanged", None);
                r.article_id = store.stored_source(source)?.map(|(id, _)| id);
                r
            }
            Ok(Outcome::Fetched(doc)) => {
                let article = read_document(&doc);
                match check_article(&article) {
                    Err(e) => report(source, e.status(), Some(e.to_string())),
                    Ok(()) => {
                        let (extraction, rating) = analyse(&article);
                        let saved = store.save(&Processed {
                            document: &doc,
                            article: &article,
                            extraction: &extraction,
                            rating: &rating,
                        })?;
                        let mut r = match saved {
                            Saved::Stored {
                                article_id,
                                story_id,
                            } => SourceReport {
                                article_id: Some(article_id),
                                story_id: Some(story_id),
                                ..report(source, "stored", None)
                            },
                            Saved::AlreadyStored { article_id } => SourceReport {
                                article_id: Some(article_id),
                                story_id: store.story_of(article_id)?,
                                ..report(source, "already_stored", None)
                            },
                        };
                        r.title = article.title.clone();
                        r.claims = extraction.claims.len();
                        r
                    }
                }
            }
        };
        if r.failed() || r.status == "unchanged" {
            store.record_status(source, &r.status, r.detail.as_deref())?;
        }
        summary.count(&r);
        on_report(&r);
    }
    Ok(summary)
}

fn report(source: &str, status: &str, detail: Option<String>) -> SourceReport {
    SourceReport {
        source: source.to_string(),
        status: status.to_string(),
        detail,
        article_id: None,
        story_id: None,
        title: None,
        claims: 0,
    }
}
