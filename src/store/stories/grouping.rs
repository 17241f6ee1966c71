//! Groups sketched articles without a database of articles: an in-memory dedup index,
//! candidates by lookup, verification by [`Signals`], and the connected components of
//! `same_story` (or `same_event`). The evaluations use it; `place` does the same with the
//! stored stories.

use rusqlite::Connection;

use super::decide::{same_event, same_story, MIN_SHARED_FIGURES};
use super::index::{DedupIndex, Route};
use super::signals::{Features, Signals};
use crate::store::Result;

/// Which relation to group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Story,
    Event,
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The group of each article (the smallest index in its group), inserting them in order.
pub fn group(features: &[Features], level: Level) -> Result<Vec<usize>> {
    let mut conn = Connection::open_in_memory()?;
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    crate::store::schema::migrate(&mut conn)?;
    let index = DedupIndex::new(&conn);
    let mut parent: Vec<usize> = (0..features.len()).collect();
    for (i, f) in features.iter().enumerate() {
        for (other, route) in index.candidates(f)? {
            let Some(j) = usize::try_from(other).ok().filter(|&j| j < i) else {
                continue;
            };
            let s = Signals::between(f, &features[j]);
            if route == Route::Figures && s.shared_figures < MIN_SHARED_FIGURES {
                continue;
            }
            let same = match level {
                Level::Story => same_story(&s).same,
                Level::Event => same_event(&s).same,
            };
            if same {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
        index.insert(i as i64, f)?;
    }
    Ok((0..features.len()).map(|i| find(&mut parent, i)).collect())
}
