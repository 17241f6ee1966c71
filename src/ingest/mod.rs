//! Ingest: runs the whole pipeline over a batch of sources. Fetches run concurrently; the
//! results are read, analysed and stored in the order of the sources (so that ids and story
//! numbers do not depend on which fetch finished first), one transaction per article, so an
//! interrupted batch keeps what it stored. Feeds and sitemaps expand into their entries,
//! fetched in a following wave. Also `reprocess` (its own file): the pipeline again over
//! stored raw pages. With `stage_times`, the CPU time of each stage is measured
//! ([`crate::stage_times`]) over the batch and for each source.
//!
//! Re-ingesting: a source stored before is revalidated with a conditional request when its
//! page has validators (ETag / Last-Modified), and a 304 ends as `unchanged`; without
//! validators it is fetched again and, its text being stored already, ends as
//! `already_stored` (nothing is analysed or written twice). `refresh` sends no validators.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use serde::Serialize;
use tokio::sync::watch;

use crate::fetch::{self, FetchOptions, Fetcher, Outcome, Validators};
use crate::rating::SentenceClassifier;
use crate::stage_times::{self, Stage, StageTimes};
use crate::store::{Processed, Saved, Store, StoreError};

mod clock;
mod read;
mod reprocess;
use clock::{per_source, Clock};
pub use read::close_analyses;
use read::{analyse_within, read_within, Budget, DumpMeta, Reading};
pub use reprocess::reprocess;

/// How deep sitemap indexes are followed (index -> sitemap -> article is depth 2).
const MAX_FEED_DEPTH: usize = 3;

#[derive(Clone, Default)]
pub struct IngestOptions {
    /// The sentence direction classifier for ratings; `None`: the lexical cues.
    pub direction: Option<std::sync::Arc<dyn SentenceClassifier>>,
    pub fetch: FetchOptions,
    /// Fetch and store again even when the source was stored before.
    pub refresh: bool,
    /// Take only feed entries published at or after this time (undated entries are kept).
    pub since: Option<DateTime<Utc>>,
    /// Becomes `true` to stop the batch (Ctrl-C): fetches in flight are dropped, what was
    /// stored stays stored.
    pub stop: Option<watch::Receiver<bool>>,
    /// Longest time reading and analysing one page may take (`None`: [`PAGE_BUDGET`]); a
    /// page past it fails as `read_timeout` and the batch goes on.
    pub page_budget: Option<Duration>,
    /// Take claims and a rating from pages that are not articles too (listings, forum
    /// threads, product pages); by default they are stored as such without claims.
    pub keep_non_articles: bool,
    /// Measure the CPU time of each stage (see [`crate::stage_times`]): the batch's in the
    /// summary, each source's sequential stages in its report.
    pub stage_times: bool,
}

/// The default time budget for reading and analysing one page. The page stage is bounded by
/// design (see `page::limits`); this is the backstop.
pub const PAGE_BUDGET: Duration = Duration::from_secs(30);

/// How one source ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceReport {
    pub source: String,
    /// `stored`, `stored_non_article` (no claims taken), `already_stored`, `unchanged`,
    /// `expanded` (a feed), or a failure's name.
    pub status: String,
    pub detail: Option<String>,
    pub article_id: Option<i64>,
    pub story_id: Option<i64>,
    pub title: Option<String>,
    pub claims: usize,
    /// For a feed: how many of its entries were queued.
    pub queued: usize,
    /// With `stage_times`: CPU milliseconds of this source's read, claims, rating, embed,
    /// dedup and store stages (those that ran); fetch and decode run concurrently with other
    /// sources and are only measured for the whole batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_ms: Option<BTreeMap<&'static str, f64>>,
}

impl SourceReport {
    pub fn failed(&self) -> bool {
        is_failure(&self.status)
    }
}

/// Whether a source status names a failure (not stored, already stored, unchanged, expanded).
pub fn is_failure(status: &str) -> bool {
    !matches!(
        status,
        "stored" | "stored_non_article" | "already_stored" | "unchanged" | "expanded"
    )
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IngestSummary {
    pub stored: usize,
    /// Pages stored as what they are (listing, forum, product, other), without claims.
    pub non_articles: usize,
    pub already_stored: usize,
    pub unchanged: usize,
    pub expanded: usize,
    pub failed: Vec<SourceReport>,
    /// The batch was stopped before every source ended.
    pub interrupted: bool,
    /// Sources not finished when it was stopped.
    pub pending: usize,
    /// With `stage_times`: CPU time per stage over the batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage_times: Option<StageTimes>,
}

impl IngestSummary {
    fn count(&mut self, r: &SourceReport) {
        match r.status.as_str() {
            "stored" => self.stored += 1,
            "stored_non_article" => self.non_articles += 1,
            "already_stored" => self.already_stored += 1,
            "unchanged" => self.unchanged += 1,
            "expanded" => self.expanded += 1,
            _ => self.failed.push(r.clone()),
        }
    }
}

/// Ingests `sources` into `store`, calling `on_report` once per source as it ends.
pub async fn ingest(
    store: &mut Store,
    sources: &[String],
    options: &IngestOptions,
    on_report: impl FnMut(&SourceReport),
) -> Result<IngestSummary, StoreError> {
    let clock = Clock::start(options.stage_times);
    let summary = ingest_waves(store, sources, options, on_report).await?;
    Ok(clock.close(summary))
}

async fn ingest_waves(
    store: &mut Store,
    sources: &[String],
    options: &IngestOptions,
    mut on_report: impl FnMut(&SourceReport),
) -> Result<IngestSummary, StoreError> {
    let mut summary = IngestSummary::default();
    let fetcher = match Fetcher::new(options.fetch.clone()) {
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
    let mut stop = options.stop.clone();
    let mut seen: HashSet<String> = sources.iter().cloned().collect();
    let mut wave: Vec<String> = sources.to_vec();
    let mut depth = 0;
    while !wave.is_empty() {
        let mut jobs = Vec::with_capacity(wave.len());
        for s in &wave {
            let validators: Option<Validators> = if options.refresh {
                None
            } else {
                store.stored_source(s)?.map(|(_, v)| v)
            };
            jobs.push((s.clone(), validators));
        }
        // Fetched concurrently, stored in the order of the list: ids and story numbers are
        // the same in every run over the same input, whatever the network's timing.
        let window = options.fetch.concurrency.max(1) * 2;
        let mut results = std::pin::pin!(fetch::fetch_in_order(fetcher.clone(), jobs, window));
        let mut next = Vec::new();
        let mut done = 0;
        loop {
            let item = tokio::select! {
                item = results.next() => item,
                _ = stopped(&mut stop) => {
                    summary.interrupted = true;
                    summary.pending = wave.len() - done;
                    return Ok(summary);
                }
            };
            let Some(result) = item else { break };
            let source = &wave[done];
            done += 1;
            let r = match result {
                Err(e) => report(source, e.status(), Some(e.to_string())),
                Ok(Outcome::NotModified) => {
                    let mut r = report(source, "unchanged", None);
                    r.article_id = store.stored_source(source)?.map(|(id, _)| id);
                    r
                }
                Ok(Outcome::Feed(feed)) => {
                    let total = feed.entries.len();
                    let mut queued = 0;
                    for e in feed.entries {
                        let recent = match (options.since, e.published) {
                            (Some(since), Some(at)) => at >= since,
                            _ => true,
                        };
                        if recent && depth + 1 < MAX_FEED_DEPTH && seen.insert(e.url.clone()) {
                            next.push(e.url);
                            queued += 1;
                        }
                    }
                    let mut r = report(
                        source,
                        "expanded",
                        Some(format!("{queued} of {total} entries queued")),
                    );
                    r.queued = queued;
                    r
                }
                Ok(Outcome::Fetched(doc)) => {
                    let before = options.stage_times.then(stage_times::snapshot);
                    let mut r = process(store, source, Arc::from(doc), options)?;
                    r.cpu_ms = before.map(|b| per_source(&b));
                    r
                }
            };
            if r.failed() || matches!(r.status.as_str(), "unchanged" | "expanded") {
                store.record_status(source, &r.status, r.detail.as_deref())?;
            }
            summary.count(&r);
            on_report(&r);
        }
        wave = next;
        depth += 1;
    }
    Ok(summary)
}

/// Resolves when the stop flag is set; never, without one.
async fn stopped(stop: &mut Option<watch::Receiver<bool>>) {
    match stop {
        Some(rx) => {
            if rx.wait_for(|s| *s).await.is_err() {
                std::future::pending::<()>().await;
            }
        }
        None => std::future::pending::<()>().await,
    }
}

/// Ingests a news dump ([`fetch::dump`]): each entry is read, checked, analysed and stored
/// like a fetched page, one transaction per article, with the dump's title and publication
/// date taking the place of the page's own. A bad line fails alone as `invalid_source`.
pub fn ingest_dump(
    store: &mut Store,
    entries: impl Iterator<Item = Result<fetch::dump::DumpEntry, fetch::dump::DumpError>>,
    options: &IngestOptions,
    mut on_report: impl FnMut(&SourceReport),
) -> Result<IngestSummary, StoreError> {
    let clock = Clock::start(options.stage_times);
    let mut summary = IngestSummary::default();
    for entry in entries {
        let r = match entry {
            Err(e) => report(&e.source_name, "invalid_source", Some(e.what.clone())),
            Ok(e) => {
                let meta = DumpMeta {
                    title: e.title,
                    published: e.published,
                };
                let source = e.document.source.clone();
                let before = options.stage_times.then(stage_times::snapshot);
                let mut r =
                    process_with(store, &source, Arc::new(e.document), options, Some(meta))?;
                r.cpu_ms = before.map(|b| per_source(&b));
                r
            }
        };
        if r.failed() {
            store.record_status(&r.source, &r.status, r.detail.as_deref())?;
        }
        summary.count(&r);
        on_report(&r);
    }
    Ok(clock.close(summary))
}

/// Reads, checks, analyses and stores one fetched document.
fn process(
    store: &mut Store,
    source: &str,
    doc: Arc<fetch::Document>,
    options: &IngestOptions,
) -> Result<SourceReport, StoreError> {
    process_with(store, source, doc, options, None)
}

/// The same, with a news dump's metadata over the page's own.
fn process_with(
    store: &mut Store,
    source: &str,
    doc: Arc<fetch::Document>,
    options: &IngestOptions,
    meta: Option<DumpMeta>,
) -> Result<SourceReport, StoreError> {
    let budget = Budget::new(options.page_budget.unwrap_or(PAGE_BUDGET));
    let article = match read_within(doc.clone(), &budget, meta, options.keep_non_articles) {
        Reading::Refused(status, detail) => return Ok(report(source, status, Some(detail))),
        Reading::NonArticle(article) => return store_non_article(store, source, &doc, &article),
        Reading::Article(article) => *article,
    };
    // A copy of a stored text is recorded as such before it is analysed: the claims and
    // rating of that text are stored already, and the model need not run again.
    if let Some(article_id) = store.record_copy(source, &article.text)? {
        return Ok(SourceReport {
            article_id: Some(article_id),
            story_id: stage_times::measure(Stage::Store, || store.story_of(article_id))?,
            title: article.title,
            ..report(source, "already_stored", None)
        });
    }
    let (article, extraction, rating) =
        match analyse_within(article, options.direction.clone(), &budget) {
            Err((status, detail)) => return Ok(report(source, status, Some(detail))),
            Ok(done) => *done,
        };
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
        Saved::NonArticle { article_id } => SourceReport {
            article_id: Some(article_id),
            ..report(source, "stored_non_article", None)
        },
        Saved::AlreadyStored { article_id } => SourceReport {
            article_id: Some(article_id),
            story_id: stage_times::measure(Stage::Store, || store.story_of(article_id))?,
            ..report(source, "already_stored", None)
        },
    };
    r.title = article.title.clone();
    r.claims = extraction.claims.len();
    Ok(r)
}

/// Stores a page that is not an article as such, without claims.
fn store_non_article(
    store: &mut Store,
    source: &str,
    doc: &fetch::Document,
    article: &crate::page::Article,
) -> Result<SourceReport, StoreError> {
    let mut r = match store.save_non_article(doc, article)? {
        Saved::AlreadyStored { article_id } => SourceReport {
            article_id: Some(article_id),
            ..report(source, "already_stored", None)
        },
        Saved::NonArticle { article_id } | Saved::Stored { article_id, .. } => SourceReport {
            article_id: Some(article_id),
            ..report(
                source,
                "stored_non_article",
                Some(crate::store::non_article_detail(article)),
            )
        },
    };
    r.title = article.title.clone();
    Ok(r)
}

pub(super) fn report(source: &str, status: &str, detail: Option<String>) -> SourceReport {
    SourceReport {
        source: source.to_string(),
        status: status.to_string(),
        detail,
        article_id: None,
        story_id: None,
        title: None,
        claims: 0,
        queued: 0,
        cpu_ms: None,
    }
}
