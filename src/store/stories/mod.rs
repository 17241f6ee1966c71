//! Stories and events: the two levels of the dedup.
//!
//! A **story** is one piece of journalism: its original and every syndicated copy and rewrite
//! of it. An **event** is what independent stories cover: stories by different outlets about
//! the same thing, linked with a similarity score; an event's number of stories says how many
//! independent outlets report it.
//!
//! A new article is sketched once ([`Features`]: shingle set, MinHash signatures, content-word
//! vector, figures, entities, names, optional embeddings) and its sketches are stored. Its candidates
//! come from indexed lookups ([`index::DedupIndex`]: LSH band buckets, URL, text hash, rarest
//! figures, entities), never a scan; each candidate is verified exactly on its stored sketches
//! ([`Signals`]), and [`decide`] says whether the two are one story and whether they cover one
//! event. Stories are the connected components of `same_story`, events those of `same_event`
//! (a coarser relation): a new article that bridges two stories (or events) merges them, so
//! the grouping does not depend on the order of ingest. The original is chosen by
//! [`original::choose_original`]. This module knows the article and its claims, nothing of
//! later stages.

pub mod decide;
mod events;
pub mod grouping;
pub mod index;
pub mod minhash;
pub mod names;
pub mod original;
pub mod signals;

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection, OptionalExtension};

pub use decide::{same_event, same_story, SignalRow, Verdict};
pub use index::{DedupIndex, Route};
pub use signals::{figure_key, EmbedScope, Features, Meta, Signals};

use super::Result;

/// A sentence-embedding model, optional everywhere: the dedup uses embedding cosines when one
/// is given and the lexical signals alone otherwise.
pub trait TextEmbedder: Send + Sync {
    /// One vector per text, in order.
    fn embed(&self, texts: &[&str]) -> anyhow::Result<Vec<Vec<f32>>>;
}

/// Figures and entities of an article from its stored claims and cited sources.
fn stored_claims(
    conn: &Connection,
    article_id: i64,
) -> Result<(BTreeSet<String>, BTreeSet<String>)> {
    let mut figures = BTreeSet::new();
    let mut entities = BTreeSet::new();
    let mut stmt =
        conn.prepare_cached("SELECT kind, value, asset FROM claims WHERE article_id = ?1")?;
    let rows = stmt.query_map([article_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, f64>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (kind, value, asset) = row?;
        figures.insert(figure_key(&kind, value));
        if let Some(a) = asset {
            entities.insert(a.to_lowercase());
        }
    }
    let mut stmt =
        conn.prepare_cached("SELECT name FROM cited_sources WHERE article_id = ?1 AND named = 1")?;
    for name in stmt.query_map([article_id], |r| r.get::<_, String>(0))? {
        entities.insert(name?.to_lowercase());
    }
    Ok((figures, entities))
}

/// Sketches a stored article from its row, claims and cited sources.
pub(crate) fn features_of(
    conn: &Connection,
    article_id: i64,
    embedder: Option<&dyn TextEmbedder>,
) -> Result<Features> {
    let (meta, text) = conn.query_row(
        "SELECT canonical_url, publisher, based_on, published, title, text FROM articles
         WHERE id = ?1",
        [article_id],
        |r| {
            Ok((
                Meta {
                    canonical_url: r.get(0)?,
                    publisher: r.get(1)?,
                    based_on: r.get(2)?,
                    published: r.get(3)?,
                    title: r.get(4)?,
                },
                r.get::<_, String>(5)?,
            ))
        },
    )?;
    let (figures, entities) = stored_claims(conn, article_id)?;
    Features::new(
        meta,
        &text,
        figures,
        entities,
        embedder,
        EmbedScope::Decisions,
    )
    .map_err(|e| super::StoreError::Embed(e.to_string()))
}

/// A candidate that passed a decision, with the signals that carried it.
struct Match {
    article: i64,
    story: i64,
    verdict: Verdict,
    signals: Signals,
}

/// Puts a just-inserted article into a story and an event; returns the story's id.
pub(crate) fn place(
    conn: &Connection,
    article_id: i64,
    embedder: Option<&dyn TextEmbedder>,
) -> Result<i64> {
    let _span = crate::stage_times::span(crate::stage_times::Stage::Dedup);
    let me = features_of(conn, article_id, embedder)?;
    let index = DedupIndex::new(conn);
    let mut copies: Vec<Match> = Vec::new();
    let mut coverage: Vec<Match> = Vec::new();
    for (other, route) in index.candidates(&me)? {
        if other == article_id {
            continue;
        }
        let Some(theirs) = index.load(other)? else {
            continue;
        };
        let signals = Signals::between(&me, &theirs);
        if route == Route::Figures && signals.shared_figures < decide::MIN_SHARED_FIGURES {
            continue;
        }
        let Some(story) = story_of(conn, other)? else {
            continue;
        };
        let story_verdict = same_story(&signals);
        let event_verdict = same_event(&signals);
        if story_verdict.same {
            copies.push(Match {
                article: other,
                story,
                verdict: story_verdict,
                signals,
            });
        } else if event_verdict.same {
            coverage.push(Match {
                article: other,
                story,
                verdict: event_verdict,
                signals,
            });
        }
    }
    index.insert(article_id, &me)?;

    let matched_stories: BTreeSet<i64> = copies.iter().map(|m| m.story).collect();
    let mut absorbed_events = BTreeSet::new();
    let story_id = match matched_stories.first() {
        Some(&target) => {
            for &other in matched_stories.iter().skip(1) {
                conn.execute(
                    "UPDATE story_members SET story_id = ?1 WHERE story_id = ?2",
                    params![target, other],
                )?;
                absorbed_events.extend(events::take(conn, other)?);
                conn.execute("DELETE FROM stories WHERE id = ?1", [other])?;
            }
            target
        }
        None => {
            conn.execute(
                "INSERT INTO stories (original_article_id) VALUES (?1)",
                [article_id],
            )?;
            conn.last_insert_rowid()
        }
    };
    let best = copies.iter().max_by(|a, b| {
        a.verdict
            .score
            .total_cmp(&b.verdict.score)
            .then(b.article.cmp(&a.article))
    });
    let (matched, reason, score, signals) = match best {
        Some(m) => (
            Some(m.article),
            m.verdict.reason,
            m.verdict.score,
            Some(serde_json::to_string(&m.signals)?),
        ),
        None => (None, "first_copy", 1.0, None),
    };
    conn.execute(
        "INSERT INTO story_members (article_id, story_id, matched_article_id, reason, score,
            signals) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![article_id, story_id, matched, reason, score, signals],
    )?;
    set_original(conn, story_id)?;
    let coverage: BTreeMap<i64, f64> = coverage
        .iter()
        .filter(|m| m.story != story_id && !matched_stories.contains(&m.story))
        .fold(BTreeMap::new(), |mut acc, m| {
            let s = acc.entry(m.story).or_insert(f64::MIN);
            *s = s.max(m.verdict.score);
            acc
        });
    events::place(conn, story_id, absorbed_events, &coverage)?;
    Ok(story_id)
}

/// The story an article belongs to.
fn story_of(conn: &Connection, article_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT story_id FROM story_members WHERE article_id = ?1")?
        .query_row([article_id], |r| r.get(0))
        .optional()?)
}

/// Chooses the story's original again from its members' stored features.
fn set_original(conn: &Connection, story_id: i64) -> Result<()> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT article_id FROM story_members WHERE story_id = ?1")?
        .query_map([story_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let index = DedupIndex::new(conn);
    let mut members = Vec::new();
    for id in ids {
        if let Some(f) = index.load(id)? {
            members.push((id, f));
        }
    }
    let refs: Vec<(i64, &Features)> = members.iter().map(|(id, f)| (*id, f)).collect();
    if let Some(original) = original::choose_original(&refs) {
        conn.execute(
            "UPDATE stories SET original_article_id = ?1 WHERE id = ?2",
            params![original, story_id],
        )?;
    }
    Ok(())
}

/// Sketches a stored article again (its claims were re-extracted) and re-indexes it; its
/// story and event are kept.
pub(crate) fn resketch(
    conn: &Connection,
    article_id: i64,
    embedder: Option<&dyn TextEmbedder>,
) -> Result<()> {
    let f = features_of(conn, article_id, embedder)?;
    let index = DedupIndex::new(conn);
    index.remove(article_id)?;
    index.insert(article_id, &f)
}

/// Sketches and indexes articles stored before the dedup index existed, and gives every
/// story without an event its own; their stories are kept as they were.
pub(crate) fn backfill(conn: &Connection) -> Result<()> {
    let missing: Vec<i64> = conn
        .prepare(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM dedup_features)
             ORDER BY id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let index = DedupIndex::new(conn);
    for id in missing {
        index.insert(id, &features_of(conn, id, None)?)?;
    }
    events::backfill(conn)
}

/// The signals and both verdicts between two sketched articles.
pub fn explain(a: &Features, b: &Features) -> (Signals, Verdict, Verdict, Vec<SignalRow>) {
    let s = Signals::between(a, b);
    let rows = decide::explain(&s);
    (s.clone(), same_story(&s), same_event(&s), rows)
}

/// Sketches an article that is not stored (for `dedup explain` on files and URLs, and the
/// evaluations), from the article and what the claims stage found in it.
pub fn features_from(
    article: &crate::page::Article,
    extraction: &crate::claims::Extraction,
    embedder: Option<&dyn TextEmbedder>,
) -> anyhow::Result<Features> {
    let figures = extraction
        .claims
        .iter()
        .map(|c| figure_key(c.kind.as_str(), c.value))
        .collect();
    let entities = extraction
        .claims
        .iter()
        .filter_map(|c| c.asset.as_deref())
        .chain(
            extraction
                .sources
                .iter()
                .filter(|s| s.named)
                .map(|s| s.name.as_str()),
        )
        .map(str::to_lowercase)
        .collect();
    let meta = Meta {
        canonical_url: article.canonical_url.clone(),
        publisher: article.publisher.clone(),
        based_on: article.based_on.clone(),
        published: article.published.clone(),
        title: article.title.clone(),
    };
    Features::new(
        meta,
        &article.text,
        figures,
        entities,
        embedder,
        EmbedScope::All,
    )
}

/// The stored features of an article, for `dedup explain` on two stored ids.
impl crate::store::Store {
    pub fn features(&self, article_id: i64) -> Result<Option<Features>> {
        DedupIndex::new(&self.conn).load(article_id)
    }
}
