//! Read-only browsing of the store for a long-running reader (the web view): a read-only
//! connection, the ratings table with filters and paging, claims with a text search and
//! paging, and the price claims of one asset over time beside their stories' directions.

use std::path::Path;

use rusqlite::{params, Connection, OpenFlags};
use serde::Serialize;

use super::queries::{claim_row, rating_row, CLAIM_SELECT, RATING_SELECT};
use super::{ClaimFilter, ClaimRow, RatingRow, Result, Store, StoreError, SCHEMA_VERSION};

/// Which stories of the ratings table to list.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    /// The price asset of the rating or the asset of any claim of the original (any case).
    pub asset: Option<String>,
    /// `bullish`, `bearish` or `neutral` (any case): the original's rated direction.
    pub direction: Option<String>,
    /// The original's publisher, matched case-insensitively as a substring.
    pub publisher: Option<String>,
    /// Published on or after this date (`YYYY-MM-DD`, compared with the stored text).
    pub from: Option<String>,
    /// Published on or before this date (`YYYY-MM-DD`, the whole day included).
    pub to: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// One page of a longer list, and how many rows the whole list holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paged<T> {
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub items: Vec<T>,
}

/// A price claim placed in time: when its article (else its story's original) was published,
/// and its story's direction and title.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PricePoint {
    pub claim_id: i64,
    pub story_id: Option<i64>,
    pub published: Option<String>,
    pub value: f64,
    pub role: Option<String>,
    pub direction: Option<String>,
    pub direction_score: Option<f64>,
    pub title: Option<String>,
}

const STORY_WHERE: &str = "
     WHERE (?1 IS NULL OR lower(r.price_asset) = lower(?1)
            OR EXISTS (SELECT 1 FROM claims c
                       WHERE c.article_id = s.original_article_id AND lower(c.asset) = lower(?1)))
       AND (?2 IS NULL OR lower(r.direction) = lower(?2))
       AND (?3 IS NULL OR instr(lower(a.publisher), lower(?3)) > 0)
       AND (?4 IS NULL OR a.published >= ?4)
       AND (?5 IS NULL OR a.published < ?5 || 'T99')";

const CLAIM_WHERE: &str = "
     WHERE (?1 IS NULL OR lower(c.asset) = lower(?1))
       AND (?2 IS NULL OR c.kind = ?2)
       AND (?3 IS NULL OR instr(lower(c.source), lower(?3)) > 0)
       AND (?4 IS NULL OR m.story_id = ?4)
       AND (?5 IS NULL OR c.article_id = ?5)
       AND (?6 IS NULL OR c.sentence LIKE '%' || ?6 || '%' ESCAPE '\\')";

/// `text` as a LIKE pattern piece: `%`, `_` and `\` match themselves.
fn like_escaped(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(ch);
    }
    s
}

impl Store {
    /// Opens an existing database for reading only: no migration, no write; refused when its
    /// schema is not this build's (run any other command once to migrate it).
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open {
            path: shown.clone(),
            source,
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: shown,
                found,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(Store {
            conn,
            embedder: None,
        })
    }

    /// The ratings table, filtered, newest published first, one page of it.
    pub fn ratings_page(&self, f: &StoryFilter) -> Result<Paged<RatingRow>> {
        let args = params![f.asset, f.direction, f.publisher, f.from, f.to];
        let total: i64 = self.conn.query_row(
            &format!(
                "SELECT COUNT(*) FROM stories s JOIN articles a ON a.id = s.original_article_id
                 JOIN ratings r ON r.article_id = s.original_article_id {STORY_WHERE}"
            ),
            args,
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare(&format!(
            "{RATING_SELECT} {STORY_WHERE}
             ORDER BY a.published IS NULL, a.published DESC, s.id LIMIT ?6 OFFSET ?7"
        ))?;
        let rows = stmt.query_map(
            params![
                f.asset,
                f.direction,
                f.publisher,
                f.from,
                f.to,
                f.limit as i64,
                f.offset as i64
            ],
            rating_row,
        )?;
        Ok(Paged {
            total: total as usize,
            offset: f.offset,
            limit: f.limit,
            items: rows.collect::<rusqlite::Result<_>>()?,
        })
    }

    /// Claims as `claims` filters them, whose sentence contains `text` (any case for ASCII
    /// letters), one page of them.
    pub fn search_claims(
        &self,
        f: &ClaimFilter,
        text: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Paged<ClaimRow>> {
        let text = text.map(like_escaped);
        let args = params![f.asset, f.kind, f.source, f.story, f.article, text];
        let total: i64 = self.conn.query_row(
            &format!(
                "SELECT COUNT(*) FROM claims c JOIN articles a ON a.id = c.article_id
                 LEFT JOIN story_members m ON m.article_id = c.article_id {CLAIM_WHERE}"
            ),
            args,
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare(&format!(
            "{CLAIM_SELECT} {CLAIM_WHERE} ORDER BY c.article_id, c.ordinal LIMIT ?7 OFFSET ?8"
        ))?;
        let rows = stmt.query_map(
            params![
                f.asset,
                f.kind,
                f.source,
                f.story,
                f.article,
                text,
                limit as i64,
                offset as i64
            ],
            claim_row,
        )?;
        Ok(Paged {
            total: total as usize,
            offset,
            limit,
            items: rows.collect::<rusqlite::Result<_>>()?,
        })
    }

    /// Every price claim about `asset` (any case), oldest first, with its story's rated
    /// direction; a copy without a date of its own is placed at its original's.
    pub fn price_points(&self, asset: &str) -> Result<Vec<PricePoint>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id, m.story_id, COALESCE(a.published, o.published) AS at, c.value,
                c.role, r.direction, r.direction_score, COALESCE(o.title, a.title)
             FROM claims c JOIN articles a ON a.id = c.article_id
             LEFT JOIN story_members m ON m.article_id = c.article_id
             LEFT JOIN stories s ON s.id = m.story_id
             LEFT JOIN articles o ON o.id = s.original_article_id
             LEFT JOIN ratings r ON r.article_id = s.original_article_id
             WHERE c.kind = 'price' AND lower(c.asset) = lower(?1)
             ORDER BY at IS NULL, at, c.id",
        )?;
        let rows = stmt.query_map([asset], |r| {
            Ok(PricePoint {
                claim_id: r.get(0)?,
                story_id: r.get(1)?,
                published: r.get(2)?,
                value: r.get(3)?,
                role: r.get(4)?,
                direction: r.get(5)?,
                direction_score: r.get(6)?,
                title: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The assets named by stored claims, most claimed first.
    pub fn claimed_assets(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT asset, COUNT(*) FROM claims WHERE asset IS NOT NULL
             GROUP BY asset ORDER BY COUNT(*) DESC, asset",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::like_escaped;

    #[test]
    fn like_wildcards_in_a_search_match_themselves() {
        assert_eq!(like_escaped("50% of_x\\"), "50\\% of\\_x\\\\");
        assert_eq!(like_escaped("ETF"), "ETF");
    }
}
