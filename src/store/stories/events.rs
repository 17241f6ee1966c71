//! Events: stories linked because they cover the same event. `event_members` holds one row a
//! story: its event, the story that linked it and the event score.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection, OptionalExtension};

use crate::store::Result;

/// Removes a story's event membership (its story is being merged) and returns its event.
pub(super) fn take(conn: &Connection, story_id: i64) -> Result<Option<i64>> {
    let event = event_of(conn, story_id)?;
    conn.execute("DELETE FROM event_members WHERE story_id = ?1", [story_id])?;
    Ok(event)
}

fn event_of(conn: &Connection, story_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT event_id FROM event_members WHERE story_id = ?1")?
        .query_row([story_id], |r| r.get(0))
        .optional()?)
}

/// Puts a story into the event it now belongs to: the union of its own event, the events of
/// stories merged into it, and the events of the stories it covers alike (`coverage`, story
/// to event score). Events it bridges are merged into the oldest.
pub(super) fn place(
    conn: &Connection,
    story_id: i64,
    absorbed: BTreeSet<i64>,
    coverage: &BTreeMap<i64, f64>,
) -> Result<()> {
    let mut events = absorbed;
    let own = event_of(conn, story_id)?;
    events.extend(own);
    for &story in coverage.keys() {
        events.extend(event_of(conn, story)?);
    }
    let target = match events.first() {
        Some(&e) => e,
        None => {
            conn.execute("INSERT INTO events DEFAULT VALUES", [])?;
            conn.last_insert_rowid()
        }
    };
    for &e in events.iter().filter(|&&e| e != target) {
        conn.execute(
            "UPDATE event_members SET event_id = ?1 WHERE event_id = ?2",
            params![target, e],
        )?;
        conn.execute("DELETE FROM events WHERE id = ?1", [e])?;
    }
    let best = coverage
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)));
    match own {
        Some(_) => {
            if let Some((story, score)) = best {
                conn.execute(
                    "UPDATE event_members SET matched_story_id = ?1, score = ?2
                     WHERE story_id = ?3 AND matched_story_id IS NULL",
                    params![story, score, story_id],
                )?;
            }
        }
        None => {
            conn.execute(
                "INSERT INTO event_members (story_id, event_id, matched_story_id, score)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    story_id,
                    target,
                    best.map(|(s, _)| *s),
                    best.map_or(1.0, |(_, s)| *s)
                ],
            )?;
        }
    }
    Ok(())
}

/// Gives every story without an event an event of its own.
pub(super) fn backfill(conn: &Connection) -> Result<()> {
    let lonely: Vec<i64> = conn
        .prepare("SELECT id FROM stories WHERE id NOT IN (SELECT story_id FROM event_members)")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for story in lonely {
        place(conn, story, BTreeSet::new(), &BTreeMap::new())?;
    }
    Ok(())
}
