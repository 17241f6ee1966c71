//! Stored pages for reprocessing: reading an article's raw page back, and replacing its
//! claims, cited sources and rating (and its dedup sketch) in one transaction. Also storing
//! a page that is not an article, without claims.

use rusqlite::{params, OptionalExtension};

use super::{queries, Result, Saved, Store};
use crate::claims::Extraction;
use crate::fetch::{DocKind, Document, Validators};
use crate::page::Article;
use crate::rating::Rating;

impl Store {
    /// The ids of all articles with a stored page, oldest first.
    pub fn page_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT article_id FROM pages ORDER BY article_id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stored page of an article as a [`Document`] with its raw bytes; `text` is empty
    /// (the caller decodes `raw` again).
    pub fn stored_page(&self, article_id: i64) -> Result<Option<Document>> {
        Ok(self
            .conn
            .query_row(
                "SELECT a.source, a.url, p.kind, p.raw, p.content_type, p.charset, p.etag,
                    p.last_modified, p.http_status, p.fetched_at
                 FROM pages p JOIN articles a ON a.id = p.article_id WHERE p.article_id = ?1",
                [article_id],
                |r| {
                    let kind: String = r.get(2)?;
                    Ok(Document {
                        source: r.get(0)?,
                        url: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                        kind: if kind == "text" {
                            DocKind::Text
                        } else {
                            DocKind::Html
                        },
                        text: String::new(),
                        raw: r.get(3)?,
                        content_type: r.get(4)?,
                        charset: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                        validators: Validators {
                            etag: r.get(6)?,
                            last_modified: r.get(7)?,
                        },
                        http_status: r.get(8)?,
                        fetched_at: r.get(9)?,
                    })
                },
            )
            .optional()?)
    }

    /// Replaces an article's claims, cited sources and rating, all in one transaction.
    pub fn replace_analysis(
        &mut self,
        article_id: i64,
        extraction: &Extraction,
        rating: &Rating,
    ) -> Result<()> {
        let tx = super::write_transaction(&mut self.conn)?;
        tx.execute(
            "DELETE FROM claims WHERE article_id = ?1",
            params![article_id],
        )?;
        tx.execute(
            "DELETE FROM cited_sources WHERE article_id = ?1",
            params![article_id],
        )?;
        tx.execute(
            "DELETE FROM ratings WHERE article_id = ?1",
            params![article_id],
        )?;
        queries::insert_claims(&tx, article_id, extraction)?;
        queries::insert_rating(&tx, article_id, rating)?;
        super::stories::resketch(&tx, article_id, self.embedder.as_deref())?;
        tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// Why no claims were taken from a stored page (stored as a non-article), if so.
    pub fn analysis_skipped(&self, article_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT analysis_skipped FROM articles WHERE id = ?1",
                [article_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// Saves a page that is not an article (a listing, a forum thread, a product page...) as
    /// such: its row with the page kind and its raw page, but no claims, rating or story. The
    /// source's status is `stored_non_article`, its detail the kind and reasons. A page whose
    /// main text is stored already is not stored twice.
    pub fn save_non_article(&mut self, document: &Document, article: &Article) -> Result<Saved> {
        let _span = crate::stage_times::span(crate::stage_times::Stage::Store);
        let tx = super::write_transaction(&mut self.conn)?;
        let hash = super::content_hash(&article.text);
        if let Some(article_id) = super::already_stored(&tx, &document.source, &hash)? {
            tx.commit()?;
            return Ok(Saved::AlreadyStored { article_id });
        }
        let why = non_article_detail(article);
        let article_id = super::insert_page(&tx, document, article, &hash, Some(&why))?;
        super::set_source(
            &tx,
            &document.source,
            "stored_non_article",
            Some(&why),
            Some(article_id),
        )?;
        tx.commit()?;
        Ok(Saved::NonArticle { article_id })
    }
}

/// Why no claims were taken from a non-article: its kind, confidence and reasons.
pub fn non_article_detail(article: &Article) -> String {
    format!(
        "{}; no claims taken (--keep-non-articles takes them)",
        article.kind.summary()
    )
}
