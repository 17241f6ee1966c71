//! Concurrency as a user meets it: two `claimwire ingest` processes started at once on one
//! new database, with a `claims` reader polling it meanwhile. All succeed, no "database is
//! locked" or schema race reaches anyone, and the store holds what one serial ingest of the
//! same pages holds.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("claimwire")
}

/// Distinct article pages (their own texts and figures) written into `dir`.
fn write_pages(dir: &Path, n: usize) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            let page = common::pages::article(100 + i).replace(
                "The fund now holds",
                &format!("Desk {i} notes that the {}th fund now holds", i + 1),
            );
            let path = dir.join(format!("page-{i:02}.html"));
            std::fs::write(&path, page).expect("write page");
            path
        })
        .collect()
}

fn write_list(path: &Path, pages: &[PathBuf]) {
    let lines: Vec<String> = pages.iter().map(|p| p.display().to_string()).collect();
    std::fs::write(path, lines.join("\n")).expect("write list");
}

/// Claims as (kind, value, asset, role, source, surface, sentence) rows, sorted: the store's
/// content without its ids.
fn claim_rows(db: &Path) -> Vec<String> {
    let out = Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(["claims", "--format", "csv"])
        .output()
        .expect("claims");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let mut rows: Vec<String> = reader
        .records()
        .map(|r| {
            let r = r.expect("csv row");
            r.iter().skip(2).collect::<Vec<_>>().join("|")
        })
        .collect();
    rows.sort();
    rows
}

fn assert_clean(what: &str, stderr: &str) {
    for bad in ["locked", "already exists", "busy"] {
        assert!(!stderr.contains(bad), "{what} said {bad:?}: {stderr}");
    }
}

#[test]
fn two_ingests_and_a_reader_on_one_new_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pages = write_pages(dir.path(), 16);
    // Overlapping halves: pages 4..12 are in both lists.
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    write_list(&a, &pages[..12]);
    write_list(&b, &pages[4..]);
    let db = dir.path().join("shared.db");
    let spawn = |list: &Path| {
        Command::new(bin())
            .arg("--db")
            .arg(&db)
            .args(["ingest", "--from"])
            .arg(list)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn ingest")
    };
    let mut children = [spawn(&a), spawn(&b)];

    // A reader polls while they run (from the moment the file exists) and once after.
    let start = Instant::now();
    let mut reads = 0;
    let mut seen_claims = 0;
    loop {
        let done = children
            .iter_mut()
            .all(|c| c.try_wait().expect("try_wait").is_some());
        if db.exists() {
            let out = Command::new(bin())
                .arg("--db")
                .arg(&db)
                .args(["claims", "--format", "json"])
                .output()
                .expect("claims");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "reader failed: {err}");
            assert_clean("reader", &err);
            let claims: serde_json::Value =
                serde_json::from_slice(&out.stdout).expect("claims JSON");
            let n = claims.as_array().expect("claims").len();
            assert!(n >= seen_claims, "claims went from {seen_claims} to {n}");
            seen_claims = n;
            reads += 1;
        }
        if done {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(120), "ingests hung");
        std::thread::sleep(Duration::from_millis(10));
    }
    for (name, child) in ["first", "second"].into_iter().zip(children) {
        let out = child.wait_with_output().expect("ingest");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name} ingest failed: {err}");
        assert_clean(name, &err);
        assert_clean(name, &String::from_utf8_lossy(&out.stdout));
    }
    assert!(reads >= 2, "the reader ran {reads} times");

    // Nothing lost: the same claims as one serial ingest of every page.
    let all = dir.path().join("all.txt");
    write_list(&all, &pages);
    let serial = dir.path().join("serial.db");
    let out = Command::new(bin())
        .arg("--db")
        .arg(&serial)
        .args(["ingest", "--concurrency", "1", "--from"])
        .arg(&all)
        .output()
        .expect("serial ingest");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = claim_rows(&serial);
    assert!(want.len() >= 16 * 3, "{} claims", want.len());
    assert_eq!(claim_rows(&db), want);
    // Every page stored once, whichever process stored it.
    let out = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["sources"])
        .output()
        .expect("sources");
    let sources = String::from_utf8_lossy(&out.stdout);
    for p in &pages {
        let line = sources
            .lines()
            .find(|l| l.contains(&p.display().to_string()))
            .unwrap_or_else(|| panic!("{} missing from {sources}", p.display()));
        assert!(
            line.starts_with("stored") || line.starts_with("already_stored"),
            "{line}"
        );
    }
}
