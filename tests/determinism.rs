//! The same input gives the same store: the sample corpus served over loopback with the
//! first page slowest (so fetches finish in the reverse of the list's order), ingested twice
//! with `--concurrency 8` and once with `--concurrency 1`, exports byte-identical claims,
//! ratings and stories, and `show 1` is the same story in every run.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use common::{Response, Server};

fn claimwire(db: &Path) -> Command {
    let mut c = Command::cargo_bin("claimwire").expect("binary");
    c.arg("--db").arg(db);
    c
}

fn stdout(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every export of the store, by name.
fn exports(db: &Path) -> Vec<(&'static str, Vec<u8>)> {
    let views: [(&str, &[&str]); 6] = [
        ("export csv", &["export", "--format", "csv"]),
        ("export jsonl", &["export", "--format", "jsonl"]),
        ("claims csv", &["claims", "--format", "csv"]),
        ("claims json", &["claims", "--format", "json"]),
        ("stories csv", &["stories", "--format", "csv"]),
        ("show 1", &["show", "1"]),
    ];
    views
        .iter()
        .map(|(name, args)| (*name, stdout(claimwire(db).args(*args))))
        .collect()
}

#[test]
fn ingests_of_one_corpus_export_the_same_bytes_whatever_the_fetch_order() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pages = tmp.path().join("pages");
    let mut names: Vec<String> = common::build_corpus(&pages)
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".html"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    let order = names.clone();
    let dir: PathBuf = pages.clone();
    let server = Server::start(move |req| {
        let name = req.path.trim_start_matches("/pages/");
        match order.iter().position(|n| n == name) {
            Some(i) => {
                let mut r = match std::fs::read(dir.join(name)) {
                    Ok(body) => Response::html(body),
                    Err(_) => Response::status(404),
                };
                // The first page in the list answers last.
                r.delay = Duration::from_millis(250 * (order.len() - i) as u64);
                r
            }
            None => Response::status(404),
        }
    });
    let urls: Vec<String> = names
        .iter()
        .map(|n| server.url(&format!("/pages/{n}")))
        .collect();

    let ingest = |db: &Path, concurrency: &str| {
        stdout(claimwire(db).arg("ingest").args(&urls).args([
            "--concurrency",
            concurrency,
            "--per-host",
            "8",
        ]));
        exports(db)
    };
    let first = ingest(&tmp.path().join("first.db"), "8");
    let second = ingest(&tmp.path().join("second.db"), "8");
    let serial = ingest(&tmp.path().join("serial.db"), "1");
    for ((name, a), ((_, b), (_, c))) in first.iter().zip(second.iter().zip(serial.iter())) {
        assert!(!a.is_empty(), "{name} is empty");
        assert_eq!(
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(b),
            "{name}: two runs differ"
        );
        assert_eq!(
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(c),
            "{name}: --concurrency 8 and 1 differ"
        );
    }
    // Story 1 is the story of the list's first page (the CoinDesk story, three copies),
    // though that page was fetched last.
    let stories = String::from_utf8_lossy(&first[4].1).into_owned();
    let row = stories.lines().nth(1).expect("story 1 row");
    assert!(row.starts_with("1,3,"), "{stories}");
}
