//! Reading one document for ingest, on worker threads within one time budget: read and
//! checked for walls and for enough text first, then (unless it is not an article, kept as a
//! page of its kind, or its text is stored already, which the caller looks up in between)
//! analysed: claims and rating.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

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
    /// An article to analyse.
    Article(Box<Article>),
}

/// A page's claims and rating, with its article back.
pub(super) type Analysed = Box<(Article, Extraction, Rating)>;

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

/// The time budget of one page, shared by its reading and its analysis.
pub(super) struct Budget {
    total: Duration,
    start: Instant,
}

impl Budget {
    pub fn new(total: Duration) -> Budget {
        Budget {
            total,
            start: Instant::now(),
        }
    }

    fn left(&self) -> Duration {
        self.total.saturating_sub(self.start.elapsed())
    }

    fn exceeded(&self) -> (&'static str, String) {
        (
            "read_timeout",
            format!(
                "reading the page took longer than its budget of {} ms (--page-budget-ms)",
                self.total.as_millis()
            ),
        )
    }
}

/// The read stage of one document: the article to analyse (with a dump's metadata over the
/// page's own), or what reading it came to instead (a wall, too little text, a page that is
/// not an article).
fn read_and_check(
    doc: &fetch::Document,
    meta: Option<DumpMeta>,
    keep_non_articles: bool,
) -> Reading {
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
        Reading::Refused(status, detail)
    } else if let Err(e) = checked {
        // Too little text to keep, whatever its kind.
        let mut detail = e.to_string();
        if !article.kind.is_article() {
            detail.push_str(&format!(" (page kind {})", article.kind.summary()));
        }
        Reading::Refused(e.status(), detail)
    } else if !keep_non_articles && !article.kind.is_article() {
        Reading::NonArticle(Box::new(article))
    } else {
        Reading::Article(Box::new(article))
    }
}

/// Runs `work` on a worker thread and waits for it within what is left of `budget`; past it
/// the worker is left to finish alone (told so through the flag it is given), its result
/// dropped. `None` from `work`: it stopped before its end.
fn on_worker<T: Send + 'static>(
    budget: &Budget,
    work: impl FnOnce(&AtomicBool) -> Option<T> + Send + 'static,
) -> Result<T, (&'static str, String)> {
    let (tx, rx) = std::sync::mpsc::channel();
    let abandoned = Arc::new(AtomicBool::new(false));
    let gave_up = abandoned.clone();
    let worker = std::thread::Builder::new()
        .name("page".into())
        .spawn(move || {
            if let Some(done) = work(&gave_up) {
                let _ = tx.send(done);
            }
        });
    if let Err(e) = worker {
        return Err(("io_error", format!("cannot start a reader thread: {e}")));
    }
    match rx.recv_timeout(budget.left()) {
        Ok(done) => Ok(done),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            abandoned.store(true, Ordering::SeqCst);
            Err(budget.exceeded())
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err(("read_failed", "the page reader stopped".into()))
        }
    }
}

/// Reads and checks a document on a worker thread within `budget`; a page past it is
/// refused as `read_timeout`.
pub(super) fn read_within(
    doc: Arc<fetch::Document>,
    budget: &Budget,
    meta: Option<DumpMeta>,
    keep_non_articles: bool,
) -> Reading {
    let read = on_worker(budget, move |_| {
        Some(read_and_check(&doc, meta, keep_non_articles))
    });
    read.unwrap_or_else(|(status, detail)| Reading::Refused(status, detail))
}

/// Analyses an article (claims and rating) on a worker thread within what is left of
/// `budget`; past it, `read_timeout` (if the worker has not begun analysing by then, it
/// does not).
pub(super) fn analyse_within(
    article: Article,
    direction: Option<Arc<dyn SentenceClassifier>>,
    budget: &Budget,
) -> Result<Analysed, (&'static str, String)> {
    on_worker(budget, move |gave_up| {
        let closed = ANALYSES_CLOSED.read().ok()?;
        if *closed || gave_up.load(Ordering::SeqCst) {
            return None;
        }
        let (extraction, rating) = analyse_with(&article, direction.as_deref());
        drop(closed);
        Some(Box::new((article, extraction, rating)))
    })
}
