//! The persistent dedup index: each article's [`Features`] as blobs, its LSH band buckets and
//! its keys (canonical URL, text hash, figures, entities) in indexed tables, so that finding
//! the candidates of a new article takes index lookups, never a scan, and verifying them reads
//! their stored sketches, never their texts.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::decide::MIN_SHARED_FIGURES;
use super::minhash::{self, BAND_ROWS, LEDE_BAND_ROWS};
use super::signals::{normalise_url, Features, Meta};
use crate::store::Result;

/// Entity keys held by more articles than this are too common to find candidates with (a
/// "BTC" key would return a tenth of the store). Articles sharing two entities held by at
/// most this many articles are candidates (one shared entity alone is too weak a hint).
pub const ENTITY_CAP: i64 = 100;

/// Figure keys held by more articles than this ("percent:1") are not looked up: reading
/// their postings would cost time in proportion to the store. Below the cap the figure
/// lookup is complete.
pub const FIGURE_CAP: i64 = 1000;

/// A band bucket holding more articles than this is not a story's copies but a common
/// phrase that won the MinHash (boilerplate, a stock sentence): it is skipped, and reading it
/// stops at this many rows. A story syndicated more often than this is still found through
/// its other bands, its figures and its URL.
pub const BUCKET_CAP: i64 = 500;

/// How a candidate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Route {
    /// A shared band bucket, URL, text hash or two rare entities: symmetric, whichever came
    /// first.
    Shared,
    /// One of the new article's rarest figures only: a candidate only when it shares
    /// [`MIN_SHARED_FIGURES`] figures (then every order finds it, by pigeonhole).
    Figures,
}

/// The dedup index over one connection (inside the caller's transaction).
pub struct DedupIndex<'c> {
    conn: &'c Connection,
}

fn u32_blob(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn blob_u32(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn f32_blob(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn blob_f32(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn terms_blob(v: &[(u32, f32)]) -> Vec<u8> {
    v.iter()
        .flat_map(|(k, x)| k.to_le_bytes().into_iter().chain(x.to_le_bytes()))
        .collect()
}

fn blob_terms(b: &[u8]) -> Vec<(u32, f32)> {
    b.chunks_exact(8)
        .map(|c| {
            (
                u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                f32::from_le_bytes([c[4], c[5], c[6], c[7]]),
            )
        })
        .collect()
}

/// Every key an article is found by, besides its bands.
pub fn keys(f: &Features) -> Vec<String> {
    let mut keys = vec![format!("h:{}", f.text_hash)];
    if let Some(u) = &f.meta.canonical_url {
        keys.push(format!("u:{}", normalise_url(u)));
    }
    keys.extend(f.figures.iter().map(|x| format!("f:{x}")));
    keys.extend(f.entities.iter().map(|x| format!("e:{x}")));
    keys
}

/// Every band bucket of an article: whole-text bands (space 0) and lede bands (space 1).
pub fn buckets(f: &Features) -> Vec<i64> {
    let mut b = minhash::bands(&f.minhash, BAND_ROWS, 0);
    b.extend(minhash::bands(&f.lede_minhash, LEDE_BAND_ROWS, 1));
    b
}

impl<'c> DedupIndex<'c> {
    pub fn new(conn: &'c Connection) -> DedupIndex<'c> {
        DedupIndex { conn }
    }

    /// Stores an article's features, buckets and keys.
    pub fn insert(&self, article_id: i64, f: &Features) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO dedup_features (article_id, text_hash, text_len, meta,
                    shingles, minhash, lede_minhash, terms, figures, entities, emb_lede, emb_text,
                    names, emb_whole)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                article_id,
                f.text_hash,
                f.text_len as i64,
                serde_json::to_string(&f.meta)?,
                u32_blob(&f.shingles),
                u32_blob(&f.minhash),
                u32_blob(&f.lede_minhash),
                terms_blob(&f.terms),
                serde_json::to_string(&f.figures)?,
                serde_json::to_string(&f.entities)?,
                f.emb_lede.as_deref().map(f32_blob),
                f.emb_text.as_deref().map(f32_blob),
                terms_blob(&f.names),
                f.emb_whole.as_deref().map(f32_blob),
            ])?;
        let mut band = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO dedup_bands (bucket, article_id) VALUES (?1, ?2)",
        )?;
        for b in buckets(f) {
            band.execute(params![b, article_id])?;
        }
        let mut key = self
            .conn
            .prepare_cached("INSERT OR IGNORE INTO dedup_keys (key, article_id) VALUES (?1, ?2)")?;
        let mut df = self.conn.prepare_cached(
            "INSERT INTO dedup_key_df (key, df) VALUES (?1, 1)
             ON CONFLICT(key) DO UPDATE SET df = df + 1",
        )?;
        for k in keys(f) {
            if key.execute(params![k, article_id])? > 0 {
                df.execute([&k])?;
            }
        }
        Ok(())
    }

    /// Removes an article's features, buckets and keys (before sketching it again).
    pub fn remove(&self, article_id: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE dedup_key_df SET df = df - 1
             WHERE key IN (SELECT key FROM dedup_keys WHERE article_id = ?1)",
            [article_id],
        )?;
        for table in ["dedup_keys", "dedup_bands", "dedup_features"] {
            self.conn.execute(
                &format!("DELETE FROM {table} WHERE article_id = ?1"),
                [article_id],
            )?;
        }
        Ok(())
    }

    /// The stored features of an article.
    pub fn load(&self, article_id: i64) -> Result<Option<Features>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT text_hash, text_len, meta, shingles, minhash, lede_minhash, terms,
                    figures, entities, emb_lede, emb_text, names, emb_whole
                 FROM dedup_features WHERE article_id = ?1",
            )?
            .query_row([article_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Vec<u8>>(3)?,
                    r.get::<_, Vec<u8>>(4)?,
                    r.get::<_, Vec<u8>>(5)?,
                    r.get::<_, Vec<u8>>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, Option<Vec<u8>>>(9)?,
                    r.get::<_, Option<Vec<u8>>>(10)?,
                    r.get::<_, Option<Vec<u8>>>(11)?,
                    r.get::<_, Option<Vec<u8>>>(12)?,
                ))
            })
            .optional()?;
        let Some((hash, len, meta, sh, mh, lmh, terms, figs, ents, el, et, nm, ew)) = row else {
            return Ok(None);
        };
        let meta: Meta = serde_json::from_str(&meta)?;
        Ok(Some(Features {
            meta,
            text_hash: hash,
            text_len: len.max(0) as usize,
            shingles: blob_u32(&sh),
            minhash: blob_u32(&mh),
            lede_minhash: blob_u32(&lmh),
            terms: blob_terms(&terms),
            figures: serde_json::from_str(&figs)?,
            entities: serde_json::from_str(&ents)?,
            emb_lede: el.as_deref().map(blob_f32),
            emb_text: et.as_deref().map(blob_f32),
            names: nm.as_deref().map(blob_terms).unwrap_or_default(),
            emb_whole: ew.as_deref().map(blob_f32),
        }))
    }

    /// Document frequency of a key.
    fn df(&self, key: &str) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT df FROM dedup_key_df WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    fn holders(&self, sql: &str, key: impl rusqlite::ToSql) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([key], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stored articles that may match `f`, each with how it was found. All lookups go
    /// through indexes: bands and keys by equality, figures by their rarest
    /// `n - MIN_SHARED_FIGURES + 2` keys, keeping the articles that hold two of them (any
    /// article sharing [`MIN_SHARED_FIGURES`] of the `n` figures does).
    pub fn candidates(&self, f: &Features) -> Result<BTreeMap<i64, Route>> {
        let mut out: BTreeMap<i64, Route> = BTreeMap::new();
        let by_key = "SELECT article_id FROM dedup_keys WHERE key = ?1";
        for b in buckets(f) {
            let ids = self.holders(
                "SELECT article_id FROM dedup_bands WHERE bucket = ?1 LIMIT 501", // BUCKET_CAP + 1
                b,
            )?;
            if ids.len() as i64 > BUCKET_CAP {
                continue;
            }
            for id in ids {
                out.insert(id, Route::Shared);
            }
        }
        let mut shared_keys = vec![format!("h:{}", f.text_hash)];
        if let Some(u) = &f.meta.canonical_url {
            shared_keys.push(format!("u:{}", normalise_url(u)));
        }
        for k in shared_keys {
            for id in self.holders(by_key, &k)? {
                out.insert(id, Route::Shared);
            }
        }
        let mut entity_hits: BTreeMap<i64, usize> = BTreeMap::new();
        for e in &f.entities {
            let k = format!("e:{e}");
            if self.df(&k)? <= ENTITY_CAP {
                for id in self.holders(by_key, &k)? {
                    *entity_hits.entry(id).or_insert(0) += 1;
                }
            }
        }
        for (id, n) in entity_hits {
            if n >= 2 {
                out.insert(id, Route::Shared);
            }
        }
        if f.figures.len() >= MIN_SHARED_FIGURES {
            let mut ranked: Vec<(i64, String)> = Vec::new();
            for x in &f.figures {
                let k = format!("f:{x}");
                ranked.push((self.df(&k)?, k));
            }
            ranked.sort();
            // An article sharing MIN_SHARED_FIGURES of the n figures holds at least two of
            // any n - MIN_SHARED_FIGURES + 2 of them: look those up (the rarest) and keep
            // the articles found twice.
            let take = f.figures.len() + 2 - MIN_SHARED_FIGURES;
            let mut hits: BTreeMap<i64, usize> = BTreeMap::new();
            for (df, k) in ranked.into_iter().take(take) {
                if df > FIGURE_CAP {
                    continue;
                }
                for id in self.holders(by_key, &k)? {
                    *hits.entry(id).or_insert(0) += 1;
                }
            }
            for (id, n) in hits {
                if n >= 2 {
                    out.entry(id).or_insert(Route::Figures);
                }
            }
        }
        Ok(out)
    }
}
