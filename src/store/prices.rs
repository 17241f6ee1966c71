//! Market data in the store: price bars per asset and bar size (open times in unix seconds,
//! UTC), written one import to a transaction, and the range reads the market checks and the
//! backtest need.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::Result;

/// One price bar: the open time (unix seconds, UTC) and its open, high, low and close. A
/// series of point prices (snapshots) has all four equal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bar {
    pub open_time: i64,
    pub open: f64,
    pub high: f64,
    pub low: f64,
    pub close: f64,
    pub volume: Option<f64>,
}

/// Bars to store: one asset, one bar size, sorted by open time without duplicates.
pub struct BarImport<'a> {
    pub asset: &'a str,
    pub quote: &'a str,
    pub bar_seconds: i64,
    pub bars: &'a [Bar],
    /// Where they came from (the file's name), kept with each bar.
    pub file: &'a str,
    pub format: &'a str,
}

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    /// Bars not stored before.
    pub inserted: usize,
    /// Bars stored before with the same values.
    pub unchanged: usize,
    /// Bars stored before with other values, now replaced.
    pub replaced: usize,
}

/// A stored series: asset, bar size and extent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesInfo {
    pub asset: String,
    pub quote: String,
    pub bar_seconds: i64,
    pub bars: i64,
    pub first_time: i64,
    pub last_time: i64,
    pub source: String,
}

/// A story with its original's rating, as the backtest reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatedStory {
    pub story_id: i64,
    pub event_id: Option<i64>,
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub direction: String,
    pub direction_score: f64,
    pub impact: String,
    pub scorer: String,
    pub tags: Vec<String>,
    pub price_asset: Option<String>,
    /// The assets the original's claims name.
    pub assets: Vec<String>,
}

impl super::Store {
    /// Every rated story, oldest story first.
    pub fn rated_stories(&self) -> Result<Vec<RatedStory>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.id, e.event_id, a.published, a.publisher, r.direction, r.direction_score,
                r.impact, r.scorer, r.tags, r.price_asset,
                (SELECT group_concat(DISTINCT c.asset) FROM claims c
                 WHERE c.article_id = s.original_article_id AND c.asset IS NOT NULL)
             FROM stories s JOIN articles a ON a.id = s.original_article_id
             JOIN ratings r ON r.article_id = s.original_article_id
             LEFT JOIN event_members e ON e.story_id = s.id
             ORDER BY s.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let tags: String = r.get(8)?;
            let assets: Option<String> = r.get(10)?;
            Ok(RatedStory {
                story_id: r.get(0)?,
                event_id: r.get(1)?,
                published: r.get(2)?,
                publisher: r.get(3)?,
                direction: r.get(4)?,
                direction_score: r.get(5)?,
                impact: r.get(6)?,
                scorer: r.get(7)?,
                tags: serde_json::from_str(&tags).unwrap_or_default(),
                price_asset: r.get(9)?,
                assets: assets
                    .map(|a| a.split(',').map(str::to_string).collect())
                    .unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An article's stored publication date.
    pub fn published_of(&self, article_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT published FROM articles WHERE id = ?1",
                [article_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// Stores the bars of one import in a single transaction: nothing is half imported.
    pub fn import_bars(&mut self, im: &BarImport) -> Result<ImportCounts> {
        let tx = self.conn.transaction()?;
        let mut counts = ImportCounts::default();
        {
            let mut find = tx.prepare(
                "SELECT open, high, low, close, volume FROM price_bars
                 WHERE asset = ?1 AND bar_seconds = ?2 AND open_time = ?3",
            )?;
            let mut put = tx.prepare(
                "INSERT OR REPLACE INTO price_bars
                 (asset, bar_seconds, open_time, open, high, low, close, volume, quote, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for b in im.bars {
                let old = find
                    .query_row(params![im.asset, im.bar_seconds, b.open_time], |r| {
                        Ok(Bar {
                            open_time: b.open_time,
                            open: r.get(0)?,
                            high: r.get(1)?,
                            low: r.get(2)?,
                            close: r.get(3)?,
                            volume: r.get(4)?,
                        })
                    })
                    .optional()?;
                match old {
                    Some(o) if o == *b => {
                        counts.unchanged += 1;
                        continue;
                    }
                    Some(_) => counts.replaced += 1,
                    None => counts.inserted += 1,
                }
                put.execute(params![
                    im.asset,
                    im.bar_seconds,
                    b.open_time,
                    b.open,
                    b.high,
                    b.low,
                    b.close,
                    b.volume,
                    im.quote,
                    im.file
                ])?;
            }
        }
        tx.execute(
            "INSERT INTO price_imports (asset, bar_seconds, file, format, rows, inserted,
                unchanged, replaced, first_time, last_time, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                im.asset,
                im.bar_seconds,
                im.file,
                im.format,
                im.bars.len() as i64,
                counts.inserted as i64,
                counts.unchanged as i64,
                counts.replaced as i64,
                im.bars.first().map(|b| b.open_time),
                im.bars.last().map(|b| b.open_time),
                chrono::Utc::now().to_rfc3339(),
            ],
        )?;
        tx.commit()?;
        Ok(counts)
    }

    /// Every stored series, by asset and bar size.
    pub fn price_series(&self) -> Result<Vec<SeriesInfo>> {
        let mut stmt = self.conn.prepare(
            "SELECT asset, min(quote), bar_seconds, COUNT(*), min(open_time), max(open_time),
                group_concat(DISTINCT source)
             FROM price_bars GROUP BY asset, bar_seconds ORDER BY asset, bar_seconds",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SeriesInfo {
                asset: r.get(0)?,
                quote: r.get(1)?,
                bar_seconds: r.get(2)?,
                bars: r.get(3)?,
                first_time: r.get(4)?,
                last_time: r.get(5)?,
                source: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The bars of one series whose open time lies in `[from, to]`, oldest first.
    pub fn bars(&self, asset: &str, bar_seconds: i64, from: i64, to: i64) -> Result<Vec<Bar>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT open_time, open, high, low, close, volume FROM price_bars
             WHERE asset = ?1 AND bar_seconds = ?2 AND open_time BETWEEN ?3 AND ?4
             ORDER BY open_time",
        )?;
        let rows = stmt.query_map(params![asset, bar_seconds, from, to], |r| {
            Ok(Bar {
                open_time: r.get(0)?,
                open: r.get(1)?,
                high: r.get(2)?,
                low: r.get(3)?,
                close: r.get(4)?,
                volume: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
