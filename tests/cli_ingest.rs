//! The CLI as a process: ingest the corpus over HTTP from a loopback server, with failures
//! in the batch, then query stories, claims, the card and the ratings export.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{json, Response, Server};

fn claimwire(db: &Path) -> Command {
    let mut c = Command::cargo_bin("claimwire").expect("binary");
    c.arg("--db").arg(db);
    c
}

/// Builds the corpus pages into `dir` and returns the HTML pages' file names.
fn build_corpus(dir: &Path) -> Vec<String> {
    common::build_corpus(dir)
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".html"))
        .collect()
}

fn serve_dir(dir: PathBuf) -> Server {
    Server::start(move |req| {
        let name = req.path.trim_start_matches("/pages/");
        match req.path.as_str() {
            "/report.pdf" => {
                Response::new(200, "application/pdf", b"%PDF-1.4 not an article".to_vec())
            }
            "/data.json" => Response::new(200, "application/json", b"{\"price\": 1}".to_vec()),
            p if p.starts_with("/pages/") && !name.contains("..") => {
                match std::fs::read(dir.join(name)) {
                    Ok(body) => Response::html(body),
                    Err(_) => Response::status(404),
                }
            }
            _ => Response::status(404),
        }
    })
}

fn refused_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = l.local_addr().expect("addr");
    drop(l);
    format!("http://{addr}/gone.html")
}

#[test]
fn ingest_over_http_stores_the_corpus_and_names_every_failure() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let pages = tmp.path().join("pages");
    let names = build_corpus(&pages);
    assert_eq!(names.len(), 4, "four corpus pages: {names:?}");
    let server = serve_dir(pages);
    let db = tmp.path().join("test.db");

    let mut urls: Vec<String> = names
        .iter()
        .map(|n| server.url(&format!("/pages/{n}")))
        .collect();
    urls.insert(1, server.url("/missing.html"));
    urls.insert(3, server.url("/report.pdf"));
    urls.push(server.url("/data.json"));
    urls.push(refused_url());

    let out = claimwire(&db)
        .arg("ingest")
        .args(&urls)
        .arg("--retries")
        .arg("0")
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(3),
        "exit code 3 says some failed:\n{stdout}"
    );
    assert!(
        stdout.contains("4 stored, 0 already stored, 0 unchanged, 4 failed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("/missing.html  http_status: HTTP 404"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "/report.pdf  unsupported_content_type: unsupported content type: application/pdf"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "/data.json  unsupported_content_type: unsupported content type: application/json"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("/gone.html  connection_failed"), "{stdout}");

    // Stories: the three copies of the CoinDesk story together, the other story alone.
    let stories = json(claimwire(&db).args(["stories", "--format", "json"]));
    let stories = stories.as_array().expect("array");
    let mut copies: Vec<i64> = stories
        .iter()
        .map(|s| s["copies"].as_i64().unwrap_or(0))
        .collect();
    copies.sort();
    assert_eq!(copies, vec![1, 3], "{stories:?}");
    let big = stories
        .iter()
        .find(|s| s["copies"] == 3)
        .expect("the syndicated story");
    assert_eq!(
        big["publisher"], "CoinDesk",
        "the original is CoinDesk's: {big}"
    );

    // The failures are stored with their statuses.
    let failed = json(claimwire(&db).args(["sources", "--failed", "--format", "json"]));
    let mut statuses: Vec<&str> = failed
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["status"].as_str())
        .collect();
    statuses.sort();
    assert_eq!(
        statuses,
        vec![
            "connection_failed",
            "http_status",
            "unsupported_content_type",
            "unsupported_content_type"
        ]
    );

    // Claims can be filtered by asset, kind and source.
    let prices = json(claimwire(&db).args([
        "claims", "--asset", "BTC", "--kind", "price", "--format", "json",
    ]));
    let values: Vec<f64> = prices
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|c| c["value"].as_f64())
        .collect();
    assert!(
        values.contains(&92578.4),
        "the CoinDesk ticker price: {values:?}"
    );
    assert!(values.contains(&126000.0), "{values:?}");
    let gs = json(claimwire(&db).args(["claims", "--source", "goldman", "--format", "json"]));
    assert!(gs
        .as_array()
        .expect("array")
        .iter()
        .all(|c| c["source"] == "Goldman Sachs"));
    assert!(gs
        .as_array()
        .expect("array")
        .iter()
        .any(|c| c["value"] == 49.0));

    // The ratings export: one row per story with its copies, the original's rating.
    let out = claimwire(&db)
        .args(["export", "--format", "csv"])
        .output()
        .expect("run");
    let csv = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    let coindesk = rows
        .iter()
        .find(|r| r.contains("CoinDesk"))
        .expect("CoinDesk row");
    assert!(coindesk.contains(",3,Bullish,"), "{coindesk}");
    assert!(
        coindesk.contains("High,High,Long"),
        "impact, trust, time effect: {coindesk}"
    );
    // The story without a title is named by its opening words, and the comma in the
    // CoinDesk title stays inside its quoted field.
    let other = rows
        .iter()
        .find(|r| !r.contains("CoinDesk"))
        .expect("the other row");
    assert!(
        other.contains(",\"(untitled) After moving in tandem for months, Bitcoin"),
        "{other}"
    );
    let out = claimwire(&db)
        .args(["stories", "--format", "csv"])
        .output()
        .expect("run");
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let titles: Vec<String> = reader
        .records()
        .map(|r| {
            let r = r.expect("a CSV record");
            assert_eq!(r.len(), 8, "{r:?}");
            r[7].to_string()
        })
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("From Lockstep to Lag, Bitcoin")),
        "{titles:?}"
    );

    // The card of the syndicated story.
    let id = big["id"].as_i64().expect("story id").to_string();
    let out = claimwire(&db).args(["show", &id]).output().expect("run");
    let card = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "Source: CoinDesk",
        "BTC Price: $92,578.40",
        "Price Direction\nBullish",
        "Trustworthiness\nHigh",
        "Time Effect\nLong",
        "Copies (3):",
    ] {
        assert!(card.contains(needle), "card lacks {needle:?}:\n{card}");
    }

    // A second run recognises everything it stored and fails the same sources again.
    let out = claimwire(&db)
        .arg("ingest")
        .args(&urls)
        .arg("--retries")
        .arg("0")
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("0 stored, 4 already stored, 0 unchanged, 4 failed"),
        "{stdout}"
    );
}

#[test]
fn a_missing_source_list_is_a_named_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = claimwire(&tmp.path().join("x.db"))
        .args(["ingest", "--from", "no-such-list.txt"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read source list no-such-list.txt"),
        "{err}"
    );
}

#[test]
fn queries_on_a_missing_database_say_so() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("none.db");
    let out = claimwire(&db).arg("stories").output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no database at"));
    assert!(!db.exists(), "a query must not create a database");
}

#[test]
fn an_unknown_claim_kind_is_refused_with_the_choices() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("x.db");
    let out = claimwire(&db)
        .args(["claims", "--kind", "prices"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown claim kind 'prices'") && err.contains("basis_points"),
        "{err}"
    );
}
