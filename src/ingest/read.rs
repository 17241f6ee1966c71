//! Reading one document for ingest: on a worker thread within a time budget, checked for
//! walls and for enough text, and either analysed (claims and rating) or, when it is not an
//! article, kept as a page of its kind without analysis.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::claims::Extraction;
use crate::fetch::{self, walls, DocKind};
use crate::page::Article;
use crate::rating::{Rating, SentenceClassifier};
use crate::{analyse_with, check_article, read_document};

/// Metadata a news dump gives, which takes the place of the page's own.
#[derive(Default)]
pub(super) struct DumpMeta {
    pub title: Option<String>,
    pub published: Option<String>,
}

/// What reading one document came to.
pub(super) enum Reading {
    /// Not stored, with this status and detail.
    Refused(&'static str, String),
    /// Not an article (a listing, forum, product page...): stored as such, no claims taken.
    NonArticle(Box<Article>),
    /// Its text is stored already, as this article: a copy, not analysed again.
    Copy(i64, Box<Article>),
    Analysed(Box<(Article, Extraction, Rating)>),
}

/// Open (`false`) while analyses may start. A reader left past its budget may still be
/// running when the process ends, and the model runtime's C++ static destructors must not run
/// under an inference on such a thread (that corrupts the heap at exit). Each analysis holds a
/// read guard; [`close_analyses`] waits for those in flight and keeps new ones from starting.
static ANALYSES_CLOSED: RwLock<bool> = RwLock::new(false);

/// Ends analysing for this process: waits for analyses running on abandoned readers, then
/// makes any later one stop before it starts. Called once as the command ends.
pub fn close_analyses() {
    if let Ok(mut closed) = ANALYSES_CLOSED.write() {
        *closed = true;
    }
}

/// Reads, checks and analyses a document on worker threads within `budget` (a page that is
/// not an article is only read and checked, unless `keep_non_articles`); a page past it
/// is refused as `read_timeout` (the worker is left to finish alone, its result dropped; if it
/// has not begun analysing by then, it does not). Between reading and analysing, `stored`
/// is asked whether the article's text is stored already: a copy needs no analysis.
pub(super) fn read_within(
    doc: Arc<fetch::Document>,
    direction: Option<Arc<dyn SentenceClassifier>>,
    budget: Duration,
    meta: Option<DumpMeta>,
    keep_non_articles: bool,
    stored: &mut dyn FnMut(&Article) -> Option<i64>,
) -> Reading {
    let started = std::time::Instant::now();
    let article = match on_worker(budget, move |_| read_checked(&doc, meta, keep_non_articles)) {
        Ok(Ok(article)) => article,
        Ok(Err(refused)) | Err(refused) => return refused,
    };
    if let Some(article_id) = stored(&article) {
        return Reading::Copy(article_id, Box::new(article));
    }
    let left = budget.saturating_sub(started.elapsed());
    let analysed = on_worker(left, move |gave_up| {
        let Ok(closed) = ANALYSES_CLOSED.read() else {
            return None;
        };
        if *closed || gave_up.load(Ordering::SeqCst) {
            return None;
        }
        let (extraction, rating) = analyse_with(&article, direction.as_deref());
        drop(closed);
        Some(Reading::Analysed(Box::new((article, extraction, rating))))
    });
    match analysed {
        Ok(Some(reading)) => reading,
        Ok(None) => Reading::Refused("read_failed", "the analysis was closed".into()),
        Err(refused) => refused,
    }
}

/// Reads a document and checks it: `Err` with what to report when it is not kept whole
/// (a wall, too little text, a non-article not to analyse).
fn read_checked(
    doc: &fetch::Document,
    meta: Option<DumpMeta>,
    keep_non_articles: bool,
) -> Result<Article, Reading> {
    let mut article = read_document(doc);
    if let Some(m) = meta {
        if m.title.is_some() {
            article.title = m.title;
        }
        if m.published.is_some() {
            article.published = m.published;
        }
    }
    let words = article.text.split_whitespace().count();
    let checked = check_article(&article);
    if let Some((status, detail)) = (doc.kind == DocKind::Html)
        .then(|| walls::wall(&doc.text, words, checked.is_err()))
        .flatten()
    {
        return Err(Reading::Refused(status, detail));
    }
    if let Err(e) = checked {
        // Too little text to keep, whatever its kind.
        let mut detail = e.to_string();
        if !article.kind.is_article() {
            detail.push_str(&format!(" (page kind {})", article.kind.summary()));
        }
        return Err(Reading::Refused(e.status(), detail));
    }
    if !keep_non_articles && !article.kind.is_article() {
        return Err(Reading::NonArticle(Box::new(article)));
    }
    Ok(article)
}

/// Runs `job` on a worker thread and waits at most `budget` for it: `Err` with the refusal
/// to report when it took longer or could not run. The job gets a flag that turns `true`
/// when it has been given up on.
fn on_worker<T: Send + 'static>(
    budget: Duration,
    job: impl FnOnce(&AtomicBool) -> T + Send + 'static,
) -> Result<T, Reading> {
    let (tx, rx) = std::sync::mpsc::channel();
    let abandoned = Arc::new(AtomicBool::new(false));
    let gave_up = abandoned.clone();
    let worker = std::thread::Builder::new()
        .name("page".into())
        .spawn(move || {
            let _ = tx.send(job(&gave_up));
        });
    if let Err(e) = worker {
        return Err(Reading::Refused(
            "io_error",
            format!("cannot start a reader thread: {e}"),
        ));
    }
    match rx.recv_timeout(budget) {
        Ok(done) => Ok(done),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            abandoned.store(true, Ordering::SeqCst);
            Err(Reading::Refused(
                "read_timeout",
                format!(
                    "reading the page took longer than its budget of {} ms (--page-budget-ms)",
                    budget.as_millis()
                ),
            ))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(Reading::Refused(
            "read_failed",
            "the page reader stopped".into(),
        )),
    }
}
