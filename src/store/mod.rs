//! The store: one SQLite file holding sources and their statuses, articles with their raw
//! pages, claims, cited sources, ratings, and stories (syndicated copies grouped under their
//! original). Every article is written with all its rows in one transaction.

mod browse;
mod pages;
mod prices;
mod queries;
pub(crate) mod schema;
pub mod stories;

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::claims::Extraction;
use crate::fetch::{Document, Validators};
use crate::page::Article;
use crate::rating::Rating;
use crate::stage_times::{self, Stage};

pub use browse::{Paged, PricePoint, StoryFilter};
pub use pages::non_article_detail;
pub use prices::{Bar, BarImport, ImportCounts, RatedStory, SeriesInfo};
pub use queries::{
    ClaimFilter, ClaimRow, RatingRow, SourceRow, StoryDetail, StoryMember, StoryRow,
};
pub use schema::SCHEMA_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored JSON is damaged: {0}")]
    Json(#[from] serde_json::Error),
    #[error("embedding failed: {0}")]
    Embed(String),
    #[error("database {path} has schema version {found}, newer than this build's {supported}")]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Longest wait for another process's lock on the file.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// A write transaction that holds the write lock from its start (`BEGIN IMMEDIATE`): a
/// deferred one that reads first cannot upgrade once another process has written, and fails
/// with "database is locked" whatever the busy timeout.
pub(crate) fn write_transaction(
    conn: &mut Connection,
) -> rusqlite::Result<rusqlite::Transaction<'_>> {
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
}

/// Switches the file to write-ahead logging. Another process switching it at the same
/// moment can make this answer "busy" at once, so it is tried again for the busy timeout.
fn set_wal(conn: &Connection) -> rusqlite::Result<()> {
    let start = std::time::Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// Everything the pipeline learned about one source, ready to be stored.
pub struct Processed<'a> {
    pub document: &'a Document,
    pub article: &'a Article,
    pub extraction: &'a Extraction,
    pub rating: &'a Rating,
}

/// What happened when an article was saved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Saved {
    /// A new article, in this story.
    Stored { article_id: i64, story_id: i64 },
    /// The same main text is stored already, under this article.
    AlreadyStored { article_id: i64 },
    /// A page that is not an article, stored without claims, rating or story.
    NonArticle { article_id: i64 },
}

pub struct Store {
    conn: Connection,
    embedder: Option<Box<dyn stories::TextEmbedder>>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        let mut conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: shown.clone(),
            source,
        })?;
        // Several processes may open one file at once (two ingests and a reader): wait for
        // a lock rather than fail, write-ahead logging so that readers never wait for
        // writers, and every write transaction takes the write lock when it begins.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        set_wal(&conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: shown,
                found,
                supported: SCHEMA_VERSION,
            });
        }
        schema::migrate(&mut conn)?;
        let tx = write_transaction(&mut conn)?;
        stories::backfill(&tx)?;
        tx.commit()?;
        Ok(Store {
            conn,
            embedder: None,
        })
    }

    /// Gives the dedup a sentence-embedding model: articles saved from now on store their
    /// embeddings, and the story and event decisions use their cosines.
    pub fn set_embedder(&mut self, embedder: Option<Box<dyn stories::TextEmbedder>>) {
        self.embedder = embedder;
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The id of the article with this main text, if stored.
    pub fn find_by_text(&self, text: &str) -> Result<Option<i64>> {
        let _span = stage_times::span(Stage::Store);
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM articles WHERE content_hash = ?1",
                [content_hash(text)],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The article stored for a source, with its validators, if any.
    pub fn stored_source(&self, source: &str) -> Result<Option<(i64, Validators)>> {
        let _span = stage_times::span(Stage::Store);
        Ok(self
            .conn
            .query_row(
                "SELECT s.article_id, p.etag, p.last_modified FROM sources s
                 JOIN pages p ON p.article_id = s.article_id
                 WHERE s.source = ?1 AND s.article_id IS NOT NULL",
                [source],
                |r| {
                    Ok((
                        r.get(0)?,
                        Validators {
                            etag: r.get(1)?,
                            last_modified: r.get(2)?,
                        },
                    ))
                },
            )
            .optional()?)
    }

    /// Saves an article, its page, claims, sources and rating, and places it in a story, all
    /// in one transaction. An article whose main text is stored already is not stored twice.
    pub fn save(&mut self, p: &Processed) -> Result<Saved> {
        let _span = stage_times::span(Stage::Store);
        let tx = write_transaction(&mut self.conn)?;
        let hash = content_hash(&p.article.text);
        if let Some(article_id) = already_stored(&tx, &p.document.source, &hash)? {
            tx.commit()?;
            return Ok(Saved::AlreadyStored { article_id });
        }
        let article_id = insert_page(&tx, p.document, p.article, &hash, None)?;
        queries::insert_claims(&tx, article_id, p.extraction)?;
        queries::insert_rating(&tx, article_id, p.rating)?;
        let story_id = stories::place(&tx, article_id, self.embedder.as_deref())?;
        set_source(&tx, &p.document.source, "stored", None, Some(article_id))?;
        tx.commit()?;
        Ok(Saved::Stored {
            article_id,
            story_id,
        })
    }

    /// When an article with this main text is stored already, records `source` as another
    /// copy of it (`already_stored`) and returns its id; otherwise writes nothing.
    pub fn record_copy(&mut self, source: &str, text: &str) -> Result<Option<i64>> {
        let _span = stage_times::span(Stage::Store);
        let hash = content_hash(text);
        let stored: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
            .query_row([&hash], |r| r.get(0))
            .optional()?;
        if stored.is_none() {
            return Ok(None);
        }
        let tx = write_transaction(&mut self.conn)?;
        let existing = already_stored(&tx, source, &hash)?;
        tx.commit()?;
        Ok(existing)
    }

    /// Records the status of a source that did not end in a stored article.
    pub fn record_status(&self, source: &str, status: &str, detail: Option<&str>) -> Result<()> {
        let _span = stage_times::span(Stage::Store);
        set_source(&self.conn, source, status, detail, None)
    }
}

/// Inserts an article's row (with its page kind; `skipped` says why no claims or rating are
/// taken from it) and its raw page; returns the article id.
fn insert_page(
    conn: &Connection,
    d: &Document,
    a: &Article,
    hash: &str,
    skipped: Option<&str>,
) -> Result<i64> {
    conn.execute(
            "INSERT INTO articles (source, url, canonical_url, content_hash, title, subtitle,
                authors, publisher, published, modified, language, section, tags, based_on,
                accessible_for_free, text, candidates, stored_at, page_kind, page_kind_detail,
                analysis_skipped)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                ?19, ?20, ?21)",
            params![
                d.source,
                a.url.as_deref().unwrap_or(&d.url),
                a.canonical_url,
                hash,
                a.title,
                a.subtitle,
                serde_json::to_string(&a.authors)?,
                a.publisher,
                a.published,
                a.modified,
                a.language,
                a.section,
                serde_json::to_string(&a.tags)?,
                a.based_on,
                a.accessible_for_free,
                a.text,
                serde_json::to_string(&a.candidates)?,
                crate::fetch::now_rfc3339(),
                a.kind.kind.as_str(),
                serde_json::to_string(&a.kind)?,
                skipped,
            ],
        )?;
    let article_id = conn.last_insert_rowid();
    conn.execute(
        "INSERT INTO pages (article_id, kind, raw, content_type, charset, etag, last_modified,
                http_status, fetched_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            article_id,
            serde_json::to_value(d.kind)?.as_str().unwrap_or("html"),
            d.raw,
            d.content_type,
            d.charset,
            d.validators.etag,
            d.validators.last_modified,
            d.http_status,
            d.fetched_at,
        ],
    )?;
    Ok(article_id)
}

fn set_source(
    conn: &Connection,
    source: &str,
    status: &str,
    detail: Option<&str>,
    article_id: Option<i64>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO sources (source, status, detail, article_id, attempts, updated_at)
         VALUES (?1, ?2, ?3, ?4, 1, ?5)
         ON CONFLICT(source) DO UPDATE SET status = excluded.status, detail = excluded.detail,
            article_id = COALESCE(excluded.article_id, sources.article_id),
            attempts = sources.attempts + 1, updated_at = excluded.updated_at",
        params![
            source,
            status,
            detail,
            article_id,
            crate::fetch::now_rfc3339()
        ],
    )?;
    Ok(())
}

/// The stored article with this main text, if there is one; `source` is then recorded as
/// another copy of it (`already_stored`).
fn already_stored(tx: &rusqlite::Transaction, source: &str, hash: &str) -> Result<Option<i64>> {
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM articles WHERE content_hash = ?1",
            [hash],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(article_id) = existing {
        set_source(tx, source, "already_stored", None, Some(article_id))?;
    }
    Ok(existing)
}

/// SHA-256 of the main text with white space folded and case ignored: two copies of one text
/// with different line breaks hash alike.
pub fn content_hash(text: &str) -> String {
    let folded = text
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ");
    hex::encode(Sha256::digest(folded.as_bytes()))
}
