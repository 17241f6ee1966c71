//! The CLI as a process on a page that is not an article: `ingest` stores an invented listing
//! page in a real SQLite file as a listing without claims (visible in `sources` with its
//! reason), and with `--keep-non-articles` takes its claims; `read` shows the kind.

mod common;

use std::path::Path;

use assert_cmd::Command;

fn claimwire(db: &Path) -> Command {
    let mut c = Command::cargo_bin("claimwire").expect("binary");
    c.arg("--db").arg(db).arg("--no-model");
    c
}

/// A front page of market teasers: twelve cards of one shape, each a headline link with a
/// one-line summary holding a price claim.
fn listing_page() -> String {
    let assets = ["Bitcoin", "Ether", "Solana", "Litecoin"];
    let cards: String = (0..12)
        .map(|i| {
            let asset = assets[i % assets.len()];
            let price = 1000 + i * 250;
            format!(
                "<div class=\"story-card\"><h3><a href=\"/markets/note-{i}\">{asset} market note \
                 number {i} from the trading desk</a></h3><p>{asset} rose 3% to ${price} on \
                 Monday, desk analysts said.</p><span class=\"when\">{i} hours ago</span></div>"
            )
        })
        .collect();
    format!(
        "<!doctype html><html lang=\"en\"><head><title>Markets front page</title></head><body>\
         <header><nav><a href=\"/\">Home</a> <a href=\"/markets\">Markets</a></nav></header>\
         <main><h1>Markets</h1><div class=\"cards\">{cards}</div></main>\
         <footer>Contact</footer></body></html>"
    )
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("query")
}

#[test]
fn a_listing_is_stored_as_such_without_claims_unless_kept() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let page = tmp.path().join("front.html");
    std::fs::write(&page, listing_page()).expect("write");

    let read = claimwire(&tmp.path().join("unused.db"))
        .arg("read")
        .arg(&page)
        .output()
        .expect("run");
    assert!(read.status.success());
    let article: serde_json::Value = serde_json::from_slice(&read.stdout).expect("json");
    assert_eq!(article["kind"]["kind"], "listing", "{}", article["kind"]);
    assert!(article["kind"]["confidence"].as_f64().is_some());
    assert!(!article["kind"]["reasons"]
        .as_array()
        .expect("reasons")
        .is_empty());
    assert!(String::from_utf8_lossy(&read.stderr).contains("kind: listing"));

    let db = tmp.path().join("skip.db");
    let out = claimwire(&db)
        .arg("ingest")
        .arg(&page)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("non-article"), "{stdout}");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM articles WHERE page_kind = 'listing'"
        ),
        1
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM claims"), 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM ratings"), 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM stories"), 0);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM pages"),
        1,
        "the raw page is kept"
    );
    let sources = common::json(claimwire(&db).args(["sources", "--format", "json"]));
    let row = &sources.as_array().expect("rows")[0];
    assert_eq!(row["status"], "stored_non_article", "{row}");
    let detail = row["detail"].as_str().unwrap_or("");
    assert!(
        detail.starts_with("listing") && detail.contains("teaser"),
        "{detail}"
    );
    let failed = common::json(claimwire(&db).args(["sources", "--failed", "--format", "json"]));
    assert!(failed.as_array().expect("rows").is_empty(), "not a failure");

    let kept = tmp.path().join("keep.db");
    claimwire(&kept)
        .args(["ingest", "--keep-non-articles"])
        .arg(&page)
        .assert()
        .success();
    assert_eq!(
        count(
            &kept,
            "SELECT COUNT(*) FROM articles WHERE page_kind = 'listing'"
        ),
        1
    );
    assert!(
        count(&kept, "SELECT COUNT(*) FROM claims") > 0,
        "claims taken"
    );
    let show = claimwire(&kept).args(["show", "1"]).output().expect("run");
    let card = String::from_utf8_lossy(&show.stdout);
    assert!(card.contains("not an article but a listing"), "{card}");
}
