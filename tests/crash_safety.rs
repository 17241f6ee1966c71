//! Crash safety: `claimwire ingest` killed with SIGKILL at random moments, 50 times over,
//! each time on a fresh database (so kills also land while the schema is created). After
//! every kill the file passes `PRAGMA integrity_check`, no article is half-written (each has
//! its page, rating, story membership, dedup sketch and exactly the claims a clean run gives
//! its text), and re-running the same ingest leaves a store whose exports equal a clean
//! ingest's byte for byte.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};

const KILLS: usize = 50;
const PAGES: usize = 10;

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("claimwire")
}

fn ingest(db: &Path, list: &Path) -> Command {
    let mut c = Command::new(bin());
    // Without the model: loading it would make each run seconds long, and what is tested
    // here is the store's transactions, the same with or without it.
    c.arg("--no-model")
        .arg("--db")
        .arg(db)
        .args(["ingest", "--concurrency", "2", "--from"])
        .arg(list)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn exports(db: &Path) -> Vec<Vec<u8>> {
    [
        &["export", "--format", "csv"][..],
        &["claims", "--format", "csv"],
        &["stories", "--format", "csv"],
    ]
    .iter()
    .map(|args| {
        let out = Command::new(bin())
            .arg("--no-model")
            .arg("--db")
            .arg(db)
            .args(*args)
            .output()
            .expect("export");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    })
    .collect()
}

/// Claims per article text (content hash), from a store.
fn claims_by_text(conn: &rusqlite::Connection) -> HashMap<String, i64> {
    let mut stmt = conn
        .prepare(
            "SELECT a.content_hash, (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id)
             FROM articles a",
        )
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

/// Checks a store left by a kill; returns how many articles it holds.
fn check_after_kill(db: &Path, clean: &HashMap<String, i64>, round: usize) -> usize {
    if !db.exists() {
        return 0;
    }
    let conn = rusqlite::Connection::open(db).expect("open");
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(ok, "ok", "round {round}: integrity");
    // Killed while the schema was created: each migration step is whole, and nothing is
    // stored before the last one.
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version");
    if version < claimwire::store::SCHEMA_VERSION {
        let tables: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'articles'",
                [],
                |r| r.get(0),
            )
            .expect("schema");
        assert_eq!(
            tables,
            i64::from(version > 0),
            "round {round}: schema step not whole"
        );
        if version > 0 {
            let n: i64 = conn
                .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))
                .expect("articles");
            assert_eq!(
                n, 0,
                "round {round}: articles before the schema is complete"
            );
        }
        return 0;
    }
    let orphans: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM articles a WHERE
               NOT EXISTS (SELECT 1 FROM pages p WHERE p.article_id = a.id)
            OR NOT EXISTS (SELECT 1 FROM ratings r WHERE r.article_id = a.id)
            OR NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_id = a.id)
            OR NOT EXISTS (SELECT 1 FROM dedup_features f WHERE f.article_id = a.id)",
            [],
            |r| r.get(0),
        )
        .expect("orphans");
    assert_eq!(orphans, 0, "round {round}: half-written articles");
    let stories_without_event: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM stories s
             WHERE NOT EXISTS (SELECT 1 FROM event_members e WHERE e.story_id = s.id)",
            [],
            |r| r.get(0),
        )
        .expect("events");
    assert_eq!(
        stories_without_event, 0,
        "round {round}: story without event"
    );
    let stored = claims_by_text(&conn);
    for (hash, n) in &stored {
        assert_eq!(
            clean.get(hash),
            Some(n),
            "round {round}: an article with {n} claims, not as in a clean run"
        );
    }
    stored.len()
}

#[test]
fn sigkill_at_random_moments_never_half_writes_and_resumes_to_a_clean_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pages: Vec<PathBuf> = (0..PAGES)
        .map(|i| {
            let page = common::pages::article(200 + i)
                .replace("The fund now holds", &format!("Fund {i} says it now holds"));
            let path = dir.path().join(format!("page-{i}.html"));
            std::fs::write(&path, page).expect("write page");
            path
        })
        .collect();
    let list = dir.path().join("list.txt");
    let lines: Vec<String> = pages.iter().map(|p| p.display().to_string()).collect();
    std::fs::write(&list, lines.join("\n")).expect("list");

    // The kill window: the quickest of three clean runs (the first also warms the page
    // cache), so that a slow first run does not put most kills after the batch's end.
    let clean_db = dir.path().join("clean-0.db");
    let mut clean_time = Duration::MAX;
    for run in 0..3 {
        let db = dir.path().join(format!("clean-{run}.db"));
        let start = Instant::now();
        assert!(ingest(&db, &list).status().expect("clean").success());
        clean_time = clean_time.min(start.elapsed());
    }
    let clean = claims_by_text(&rusqlite::Connection::open(&clean_db).expect("open"));
    assert_eq!(clean.len(), PAGES);
    let want = exports(&clean_db);

    let seed = 15;
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    // Kills are drawn from [lo, hi), which follows where the commits are: a kill that found
    // nothing stored raises lo to it, one after the batch's end lowers hi to it (each with a
    // margin, so kills still land early and late).
    let (mut lo, mut hi) = (0u64, clean_time.as_micros().max(1_000) as u64);
    let mut partial = 0;
    let mut stored_at_kill = [0usize; PAGES + 1];
    for round in 0..KILLS {
        let db = dir.path().join(format!("kill-{round}.db"));
        let mut child = ingest(&db, &list).spawn().expect("spawn");
        let delay = rng.gen_range(lo..hi);
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().expect("wait");
        let stored = check_after_kill(&db, &clean, round);
        stored_at_kill[stored.min(PAGES)] += 1;
        if stored == 0 {
            lo = (delay * 4 / 5).min(hi.saturating_sub(1_000));
        } else if stored >= PAGES {
            hi = (delay * 6 / 5).max(lo + 1_000);
        }
        if !status.success() && (1..PAGES).contains(&stored) {
            partial += 1;
        }
        assert!(
            ingest(&db, &list).status().expect("resume").success(),
            "round {round}: the re-run failed"
        );
        assert_eq!(exports(&db), want, "round {round}: resumed store differs");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    // The kills did land mid-batch.
    eprintln!(
        "seed {seed}, kills drawn from {lo}..{hi} µs at the end: rounds by articles stored at the kill {stored_at_kill:?}"
    );
    assert!(
        partial >= KILLS / 6,
        "only {partial} of {KILLS} kills landed between two articles' commits"
    );
}
