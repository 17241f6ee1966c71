//! Stories: syndicated copies grouped under their original. A new article joins the story of
//! every stored article it matches on any signal (same canonical URL, the same text, the same
//! figures, a citation of the other's publisher); stories it bridges are merged, so the
//! grouping is the connected components of the match relation and does not depend on the
//! order of ingest. The original is the cited source, else the earliest published, else the
//! most complete copy.

use std::collections::{BTreeSet, HashSet};

use rusqlite::{params, Connection};
use serde::Serialize;

use super::Result;

/// Containment of word 5-shingles above which two texts are copies.
pub const TEXT_CONTAINMENT: f64 = 0.5;
/// Fewest shingles a text needs for the text signal to count (about a sentence and a half).
pub const MIN_SHINGLES: usize = 20;
/// Share of the smaller figure set found in the other above which two articles are copies.
pub const FIGURE_OVERLAP: f64 = 0.6;
/// Fewest shared figures for the figure signal to count.
pub const MIN_SHARED_FIGURES: usize = 4;

/// What is compared between two articles.
#[derive(Debug, Clone)]
pub struct Profile {
    pub id: i64,
    pub canonical_url: Option<String>,
    pub publisher: Option<String>,
    pub based_on: Option<String>,
    pub published: Option<String>,
    pub text_len: usize,
    pub hash: String,
    pub shingles: HashSet<u64>,
    pub figures: BTreeSet<String>,
}

/// The signals that tie two articles, each with its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signals {
    pub canonical_url: bool,
    pub text_containment: f64,
    pub shared_figures: usize,
    pub figure_overlap: f64,
    pub cites_other: bool,
}

impl Signals {
    pub fn between(a: &Profile, b: &Profile) -> Signals {
        let canonical_url = match (&a.canonical_url, &b.canonical_url) {
            (Some(x), Some(y)) => normalise_url(x) == normalise_url(y),
            _ => false,
        };
        let shared_figures = a.figures.intersection(&b.figures).count();
        let smaller = a.figures.len().min(b.figures.len()).max(1);
        let cites = |x: &Profile, y: &Profile| match (&x.based_on, &y.publisher) {
            (Some(src), Some(publ)) => same_name(src, publ),
            _ => false,
        };
        Signals {
            canonical_url,
            text_containment: if a.shingles.len().min(b.shingles.len()) >= MIN_SHINGLES {
                containment(&a.shingles, &b.shingles)
            } else {
                0.0
            },
            shared_figures,
            figure_overlap: shared_figures as f64 / smaller as f64,
            cites_other: cites(a, b) || cites(b, a),
        }
    }

    /// The strongest reason the two are one story, with its score, or `None`.
    pub fn verdict(&self) -> Option<(&'static str, f64)> {
        if self.canonical_url {
            return Some(("canonical_url", 1.0));
        }
        if self.text_containment >= TEXT_CONTAINMENT {
            return Some(("text_overlap", self.text_containment));
        }
        if self.shared_figures >= MIN_SHARED_FIGURES && self.figure_overlap >= FIGURE_OVERLAP {
            return Some(("shared_figures", self.figure_overlap));
        }
        if self.cites_other && (self.shared_figures >= 3 || self.text_containment >= 0.2) {
            return Some(("cites_original", 0.9));
        }
        None
    }
}

/// Puts a just-inserted article into a story and returns the story's id.
pub(crate) fn place(conn: &Connection, article_id: i64) -> Result<i64> {
    let profiles = load_profiles(conn)?;
    let Some(me) = profiles.iter().find(|p| p.id == article_id) else {
        return Err(rusqlite::Error::QueryReturnedNoRows.into());
    };
    let mut best: Option<(i64, &'static str, f64)> = None;
    let mut matched_stories = BTreeSet::new();
    for other in profiles.iter().filter(|p| p.id != article_id) {
        if let Some((reason, score)) = Signals::between(me, other).verdict() {
            let story: i64 = conn.query_row(
                "SELECT story_id FROM story_members WHERE article_id = ?1",
                [other.id],
                |r| r.get(0),
            )?;
            matched_stories.insert(story);
            if best.is_none_or(|(_, _, s)| score > s) {
                best = Some((other.id, reason, score));
            }
        }
    }
    let story_id = match matched_stories.first() {
        Some(&target) => {
            for &other in matched_stories.iter().skip(1) {
                conn.execute(
                    "UPDATE story_members SET story_id = ?1 WHERE story_id = ?2",
                    params![target, other],
                )?;
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
    let (matched, reason, score) = best.unwrap_or((article_id, "first_copy", 1.0));
    conn.execute(
        "INSERT INTO story_members (article_id, story_id, matched_article_id, reason, score)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            article_id,
            story_id,
            (matched != article_id).then_some(matched),
            reason,
            score
        ],
    )?;
    let members: Vec<&Profile> = {
        let ids: HashSet<i64> = conn
            .prepare("SELECT article_id FROM story_members WHERE story_id = ?1")?
            .query_map([story_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        profiles.iter().filter(|p| ids.contains(&p.id)).collect()
    };
    let original = choose_original(&members).unwrap_or(article_id);
    conn.execute(
        "UPDATE stories SET original_article_id = ?1 WHERE id = ?2",
        params![original, story_id],
    )?;
    Ok(story_id)
}

/// The original among a story's copies: the one another copy cites as its source, else the
/// earliest published, else the longest; ties broken by content hash, so the choice does not
/// depend on the order the copies arrived in.
pub fn choose_original(members: &[&Profile]) -> Option<i64> {
    let cited = members.iter().filter(|m| {
        members.iter().any(|o| {
            o.id != m.id
                && matches!((&o.based_on, &m.publisher), (Some(s), Some(p)) if same_name(s, p))
        })
    });
    if let Some(m) = cited.min_by(|a, b| a.hash.cmp(&b.hash)) {
        return Some(m.id);
    }
    members
        .iter()
        .min_by(|a, b| {
            let date = |p: &Profile| p.published.clone().unwrap_or_else(|| "~".into());
            date(a)
                .cmp(&date(b))
                .then(b.text_len.cmp(&a.text_len))
                .then(a.hash.cmp(&b.hash))
        })
        .map(|m| m.id)
}

pub(crate) fn load_profiles(conn: &Connection) -> Result<Vec<Profile>> {
    let mut stmt = conn.prepare(
        "SELECT id, canonical_url, publisher, based_on, published, text, content_hash FROM articles",
    )?;
    let mut profiles = stmt
        .query_map([], |r| {
            let text: String = r.get(5)?;
            Ok(Profile {
                id: r.get(0)?,
                canonical_url: r.get(1)?,
                publisher: r.get(2)?,
                based_on: r.get(3)?,
                published: r.get(4)?,
                text_len: text.chars().count(),
                hash: r.get(6)?,
                shingles: shingles(&text),
                figures: BTreeSet::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare("SELECT article_id, kind, value FROM claims")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, f64>(2)?,
        ))
    })?;
    for row in rows {
        let (id, kind, value) = row?;
        if let Some(p) = profiles.iter_mut().find(|p| p.id == id) {
            p.figures.insert(figure_key(&kind, value));
        }
    }
    Ok(profiles)
}

/// A figure as compared across copies: kind and value to four significant digits.
pub fn figure_key(kind: &str, value: f64) -> String {
    format!("{kind}:{:.4e}", value)
}

/// Hashes of the text's word 5-shingles (lower-cased words of letters and digits).
pub fn shingles(text: &str) -> HashSet<u64> {
    use std::hash::{Hash, Hasher};
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words
        .windows(5)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// |A ∩ B| / min(|A|, |B|): 1.0 when one text is contained in the other.
pub fn containment(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.intersection(large).count() as f64 / smaller as f64
}

fn normalise_url(u: &str) -> String {
    let u = u.trim().trim_end_matches('/');
    let u = u.split(['?', '#']).next().unwrap_or(u);
    u.trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .to_lowercase()
}

fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && (a == b || a.starts_with(&b) || b.starts_with(&a))
}
