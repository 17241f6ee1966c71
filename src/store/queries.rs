//! Writing an article's claims and rating, and the read queries behind the CLI: claims with
//! filters, stories, a story's detail, the ratings table and source statuses.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::Result;
use crate::claims::{Extraction, TimeRef};
use crate::rating::Rating;

pub(crate) fn insert_claims(conn: &Connection, article_id: i64, x: &Extraction) -> Result<()> {
    let mut stmt = conn.prepare(
        "INSERT INTO claims (article_id, ordinal, kind, value, value_high, currency, bound, change,
            asset, role, source, time, surface, sentence, start, end, sentence_start, in_headline,
            extractor, precision, measures)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
            ?20, ?21)",
    )?;
    for (i, c) in x.claims.iter().enumerate() {
        stmt.execute(params![
            article_id,
            i as i64,
            c.kind.as_str(),
            c.value,
            c.value_high,
            c.currency,
            label(&c.bound)?,
            c.change,
            c.asset,
            c.role.as_ref().map(label).transpose()?,
            c.source,
            c.time.as_ref().map(serde_json::to_string).transpose()?,
            c.surface,
            c.sentence,
            c.start as i64,
            c.end as i64,
            c.sentence_start as i64,
            c.in_headline,
            c.extractor,
            label(&c.precision)?,
            c.measures,
        ])?;
    }
    let mut stmt = conn.prepare(
        "INSERT INTO cited_sources (article_id, name, named, sentence, start, end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for s in &x.sources {
        stmt.execute(params![
            article_id,
            s.name,
            s.named,
            s.sentence,
            s.start as i64,
            s.end as i64
        ])?;
    }
    Ok(())
}

/// The serde name of a unit enum variant ("basis_points", "current").
fn label<T: Serialize>(v: &T) -> Result<String> {
    Ok(serde_json::to_value(v)?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

pub(crate) fn insert_rating(conn: &Connection, article_id: i64, r: &Rating) -> Result<()> {
    conn.execute(
        "INSERT INTO ratings (article_id, direction, direction_score, impact, trust, time_effect,
            price_asset, price_value, tags, scorer, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            article_id,
            r.direction.value.as_str(),
            r.direction_score,
            r.impact.value.as_str(),
            r.trust.value.as_str(),
            r.time_effect.value.as_str(),
            r.price_at_publication.as_ref().map(|p| p.asset.clone()),
            r.price_at_publication.as_ref().map(|p| p.value),
            serde_json::to_string(&r.tags)?,
            r.scorer,
            serde_json::to_string(r)?,
        ],
    )?;
    Ok(())
}

/// Which claims to list.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    pub asset: Option<String>,
    pub kind: Option<String>,
    /// Cited source, matched case-insensitively as a substring.
    pub source: Option<String>,
    pub story: Option<i64>,
    pub article: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRow {
    pub id: i64,
    pub article_id: i64,
    pub story_id: Option<i64>,
    pub kind: String,
    pub value: f64,
    pub value_high: Option<f64>,
    pub currency: Option<String>,
    pub bound: String,
    pub change: i64,
    pub asset: Option<String>,
    pub role: Option<String>,
    /// exact, approximate, zone, zone_low, zone_mid, zone_high, range (NULL for rows
    /// stored before the migration that added the column).
    pub precision: Option<String>,
    pub measures: Option<String>,
    pub source: Option<String>,
    pub time: Option<TimeRef>,
    pub surface: String,
    pub sentence: String,
    pub start: i64,
    pub end: i64,
    pub in_headline: bool,
    pub publisher: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryRow {
    pub id: i64,
    pub original_article_id: i64,
    pub title: Option<String>,
    /// Only when the original has no title: the start of its text, to name it by.
    pub opening: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub copies: i64,
    pub claims: i64,
    /// The event this story covers, and how many independent stories cover it.
    pub event_id: Option<i64>,
    pub event_stories: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryMember {
    pub article_id: i64,
    pub source: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub is_original: bool,
    pub matched_article_id: Option<i64>,
    pub reason: String,
    pub score: f64,
    /// Every signal between this copy and the one it matched.
    pub signals: Option<serde_json::Value>,
    /// The copy's page kind (`None` for pages stored before pages had kinds).
    pub kind: Option<crate::page::PageKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryDetail {
    pub story: StoryRow,
    pub members: Vec<StoryMember>,
    pub rating: Option<Rating>,
    pub claims: Vec<ClaimRow>,
}

/// One row of the ratings table: a story with its original's rating.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatingRow {
    pub story_id: i64,
    pub title: Option<String>,
    /// Only when the original has no title: the start of its text, to name it by.
    pub opening: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub copies: i64,
    pub direction: String,
    pub direction_score: f64,
    pub impact: String,
    pub trust: String,
    pub time_effect: String,
    pub price_asset: Option<String>,
    pub price_value: Option<f64>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRow {
    pub source: String,
    pub status: String,
    pub detail: Option<String>,
    pub article_id: Option<i64>,
    pub attempts: i64,
    pub updated_at: String,
}

/// The start of an untitled article's text (`a` is the article), else NULL.
macro_rules! opening {
    () => {
        "CASE WHEN a.title IS NULL OR trim(a.title) = '' THEN substr(a.text, 1, 200) END"
    };
}

const STORY_SELECT: &str = concat!(
    "SELECT s.id, s.original_article_id, a.title, a.publisher, a.published,
        (SELECT COUNT(*) FROM story_members m WHERE m.story_id = s.id),
        (SELECT COUNT(*) FROM claims c WHERE c.article_id = s.original_article_id),
        e.event_id,
        (SELECT COUNT(*) FROM event_members o WHERE o.event_id = e.event_id), ",
    opening!(),
    "
     FROM stories s JOIN articles a ON a.id = s.original_article_id
     LEFT JOIN event_members e ON e.story_id = s.id"
);

fn story_row(r: &Row) -> rusqlite::Result<StoryRow> {
    Ok(StoryRow {
        id: r.get(0)?,
        original_article_id: r.get(1)?,
        title: r.get(2)?,
        publisher: r.get(3)?,
        published: r.get(4)?,
        copies: r.get(5)?,
        claims: r.get(6)?,
        event_id: r.get(7)?,
        event_stories: r.get(8)?,
        opening: r.get(9)?,
    })
}

/// The columns `claim_row` reads, from `claims c`, `articles a` and `story_members m`.
pub(super) const CLAIM_SELECT: &str =
    "SELECT c.id, c.article_id, m.story_id, c.kind, c.value, c.value_high, c.currency,
        c.bound, c.change, c.asset, c.role, c.source, c.time, c.surface, c.sentence,
        c.start, c.end, c.in_headline, a.publisher, a.url, c.precision, c.measures
     FROM claims c JOIN articles a ON a.id = c.article_id
     LEFT JOIN story_members m ON m.article_id = c.article_id";

pub(super) fn claim_row(r: &Row) -> rusqlite::Result<ClaimRow> {
    let time: Option<String> = r.get(12)?;
    Ok(ClaimRow {
        id: r.get(0)?,
        article_id: r.get(1)?,
        story_id: r.get(2)?,
        kind: r.get(3)?,
        value: r.get(4)?,
        value_high: r.get(5)?,
        currency: r.get(6)?,
        bound: r.get(7)?,
        change: r.get(8)?,
        asset: r.get(9)?,
        role: r.get(10)?,
        source: r.get(11)?,
        time: time.and_then(|t| serde_json::from_str(&t).ok()),
        surface: r.get(13)?,
        sentence: r.get(14)?,
        start: r.get(15)?,
        end: r.get(16)?,
        in_headline: r.get(17)?,
        publisher: r.get(18)?,
        url: r.get(19)?,
        precision: r.get(20)?,
        measures: r.get(21)?,
    })
}

/// The columns `rating_row` reads: a story (`s`), its original (`a`) and its rating (`r`).
pub(super) const RATING_SELECT: &str = concat!(
    "SELECT s.id, a.title, a.publisher, a.published,
        (SELECT COUNT(*) FROM story_members m WHERE m.story_id = s.id),
        r.direction, r.direction_score, r.impact, r.trust, r.time_effect,
        r.price_asset, r.price_value, r.tags, ",
    opening!(),
    "
     FROM stories s JOIN articles a ON a.id = s.original_article_id
     JOIN ratings r ON r.article_id = s.original_article_id"
);

pub(super) fn rating_row(r: &Row) -> rusqlite::Result<RatingRow> {
    let tags: String = r.get(12)?;
    Ok(RatingRow {
        story_id: r.get(0)?,
        title: r.get(1)?,
        opening: r.get(13)?,
        publisher: r.get(2)?,
        published: r.get(3)?,
        copies: r.get(4)?,
        direction: r.get(5)?,
        direction_score: r.get(6)?,
        impact: r.get(7)?,
        trust: r.get(8)?,
        time_effect: r.get(9)?,
        price_asset: r.get(10)?,
        price_value: r.get(11)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
    })
}

impl super::Store {
    pub fn claims(&self, f: &ClaimFilter) -> Result<Vec<ClaimRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "{CLAIM_SELECT}
             WHERE (?1 IS NULL OR lower(c.asset) = lower(?1))
               AND (?2 IS NULL OR c.kind = ?2)
               AND (?3 IS NULL OR instr(lower(c.source), lower(?3)) > 0)
               AND (?4 IS NULL OR m.story_id = ?4)
               AND (?5 IS NULL OR c.article_id = ?5)
             ORDER BY c.article_id, c.ordinal"
        ))?;
        let rows = stmt.query_map(
            params![f.asset, f.kind, f.source, f.story, f.article],
            claim_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn stories(&self) -> Result<Vec<StoryRow>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{STORY_SELECT} ORDER BY s.id"))?;
        let rows = stmt.query_map([], story_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn story(&self, id: i64) -> Result<Option<StoryDetail>> {
        let story = self
            .conn
            .query_row(&format!("{STORY_SELECT} WHERE s.id = ?1"), [id], story_row)
            .optional()?;
        let Some(story) = story else { return Ok(None) };
        let mut stmt = self.conn.prepare(
            "SELECT m.article_id, a.source, a.title, a.publisher, a.published,
                m.matched_article_id, m.reason, m.score, m.signals, a.page_kind_detail
             FROM story_members m JOIN articles a ON a.id = m.article_id
             WHERE m.story_id = ?1 ORDER BY m.article_id",
        )?;
        let members = stmt
            .query_map([id], |r| {
                let article_id: i64 = r.get(0)?;
                Ok(StoryMember {
                    article_id,
                    source: r.get(1)?,
                    title: r.get(2)?,
                    publisher: r.get(3)?,
                    published: r.get(4)?,
                    is_original: article_id == story.original_article_id,
                    matched_article_id: r.get(5)?,
                    reason: r.get(6)?,
                    score: r.get(7)?,
                    signals: r
                        .get::<_, Option<String>>(8)?
                        .and_then(|s| serde_json::from_str(&s).ok()),
                    kind: r
                        .get::<_, Option<String>>(9)?
                        .and_then(|s| serde_json::from_str(&s).ok()),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let rating = self.rating(story.original_article_id)?;
        let claims = self.claims(&ClaimFilter {
            article: Some(story.original_article_id),
            ..ClaimFilter::default()
        })?;
        Ok(Some(StoryDetail {
            story,
            members,
            rating,
            claims,
        }))
    }

    /// The story an article belongs to.
    pub fn story_of(&self, article_id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT story_id FROM story_members WHERE article_id = ?1",
                [article_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn rating(&self, article_id: i64) -> Result<Option<Rating>> {
        let body: Option<String> = self
            .conn
            .query_row(
                "SELECT body FROM ratings WHERE article_id = ?1",
                [article_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(body.map(|b| serde_json::from_str(&b)).transpose()?)
    }

    pub fn ratings_table(&self) -> Result<Vec<RatingRow>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{RATING_SELECT} ORDER BY s.id"))?;
        let rows = stmt.query_map([], rating_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn sources(&self, failed_only: bool) -> Result<Vec<SourceRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT source, status, detail, article_id, attempts, updated_at FROM sources
             WHERE (?1 = 0 OR status NOT IN ('stored', 'stored_non_article', 'already_stored', 'unchanged',
                'expanded'))
             ORDER BY source",
        )?;
        let rows = stmt.query_map([failed_only], |r| {
            Ok(SourceRow {
                source: r.get(0)?,
                status: r.get(1)?,
                detail: r.get(2)?,
                article_id: r.get(3)?,
                attempts: r.get(4)?,
                updated_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
