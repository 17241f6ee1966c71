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
use crate::stage_times::{self, Stage};
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

/// The read stage of one document: the article to analyse (with a dump's metadata over the
/// page's own), or what reading it came to instead (a wall, too little text, a page that is
/// not an article).
fn read_and_check(
    doc: &fetch::Document,
    meta: Option<DumpMeta>,
    keep_non_articles: bool,
) -> Result<Article, Reading> {
    let _span = stage_times::span(Stage::Read);
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
        Err(Reading::Refused(status, detail))
    } else if let Err(e) = checked {
        // Too little text to keep, whatever its kind.
        let mut detail = e.to_string();
        if !article.kind.is_article() {
            detail.push_str(&format!(" (page kind {})", article.kind.summary()));
        }
        Err(Reading::Refused(e.status(), detail))
    } else if !keep_non_articles && !article.kind.is_article() {
        Err(Reading::NonArticle(Box::new(article)))
    } else {
        Ok(article)
    }
}

/// Reads, checks and analyses a document on a worker thread within `budget` (a page that is
/// not an article is only read and checked, unless `keep_non_articles`); a page past it
/// is refused as `read_timeout` (the worker is left to finish alone, its result dropped; if it
/// has not begun analysing by then, it does not).
pub(super) fn read_within(
    doc: Arc<fetch::Document>,
    direction: Option<Arc<dyn SentenceClassifier>>,
    budget: Duration,
    meta: Option<DumpMeta>,
    keep_non_articles: bool,
) -> Reading {
    let (tx, rx) = std::sync::mpsc::channel();
    let abandoned = Arc::new(AtomicBool::new(false));
    let gave_up = abandoned.clone();
    let worker = std::thread::Builder::new()
        .name("page".into())
        .spawn(move || {
            let reading = match read_and_check(&doc, meta, keep_non_articles) {
                Err(reading) => reading,
                Ok(article) => {
                    let Ok(closed) = ANALYSES_CLOSED.read() else {
                        return;
                    };
                    if *closed || gave_up.load(Ordering::SeqCst) {
                        return;
                    }
                    let (extraction, rating) = analyse_with(&article, direction.as_deref());
                    drop(closed);
                    Reading::Analysed(Box::new((article, extraction, rating)))
                }
            };
            let _ = tx.send(reading);
        });
    if let Err(e) = worker {
        return Reading::Refused("io_error", format!("cannot start a reader thread: {e}"));
    }
    match rx.recv_timeout(budget) {
        Ok(reading) => reading,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            abandoned.store(true, Ordering::SeqCst);
            Reading::Refused(
                "read_timeout",
                format!(
                    "reading the page took longer than its budget of {} ms (--page-budget-ms)",
                    budget.as_millis()
                ),
            )
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Reading::Refused("read_failed", "the page reader stopped".into())
        }
    }
}
