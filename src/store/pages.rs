//! Stored pages for reprocessing: reading an article's raw page back, and replacing its
//! claims, cited sources and rating (and its dedup sketch) in one transaction.

use rusqlite::{params, OptionalExtension};

use super::{queries, Result, Store};
use crate::claims::Extraction;
use crate::fetch::{DocKind, Document, Validators};
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
