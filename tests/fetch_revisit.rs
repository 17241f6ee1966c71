//! Coming back: conditional requests and 304 on re-ingest, `--refresh`, feeds and sitemaps
//! as sources (newest first, `--since`), `reprocess` from stored raw pages, and Ctrl-C.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::pages::article;
use common::{Response, Server};

fn claimwire(db: &Path) -> Command {
    let mut c = Command::cargo_bin("claimwire").expect("binary");
    c.arg("--db").arg(db);
    c
}

fn sources(db: &Path) -> Vec<(String, String)> {
    let out = claimwire(db)
        .args(["sources", "--format", "json"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| {
            (
                s["source"].as_str().unwrap_or_default().to_string(),
                s["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn status(db: &Path, source: &str) -> String {
    sources(db)
        .into_iter()
        .find(|(s, _)| s == source)
        .map(|(_, st)| st)
        .unwrap_or_default()
}

#[test]
fn re_ingest_sends_validators_and_a_304_is_unchanged() {
    let s = Server::start(|req| match req.path.as_str() {
        "/robots.txt" => Response::status(404),
        "/etag.html" if req.header("if-none-match") == Some("\"v1\"") => Response::status(304),
        "/etag.html" => Response::html(article(11)).header("ETag", "\"v1\""),
        _ => Response::html(article(12)),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let (a, b) = (s.url("/etag.html"), s.url("/plain.html"));
    let out = claimwire(&db)
        .args(["ingest", &a, &b])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 stored, 0 already stored, 0 unchanged, 0 failed"),
        "{text}"
    );

    let out = claimwire(&db)
        .args(["ingest", &a, &b])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("0 stored, 1 already stored, 1 unchanged, 0 failed"),
        "{text}"
    );
    assert_eq!(status(&db, &a), "unchanged");
    assert_eq!(status(&db, &b), "already_stored");
    let reqs = s.requests_to("/etag.html");
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].header("if-none-match"), None);
    assert_eq!(reqs[1].header("if-none-match"), Some("\"v1\""));

    // --refresh sends no validators and fetches the page in full.
    let out = claimwire(&db)
        .args(["ingest", "--refresh", &a])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 stored, 1 already stored"));
    assert_eq!(s.requests_to("/etag.html")[2].header("if-none-match"), None);
}

#[test]
fn feeds_and_sitemaps_expand_newest_first_and_since_filters() {
    let s = Server::start(|req| {
        let host = format!("http://{}", req.header("host").unwrap_or("127.0.0.1"));
        match req.path.as_str() {
            "/robots.txt" => Response::status(404),
            "/feed.xml" => Response::new(
                200,
                "application/rss+xml",
                format!(
                    r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Old</title><link>{host}/old.html</link><pubDate>Mon, 06 Jan 2025 09:00:00 GMT</pubDate></item>
<item><title>New</title><link>{host}/new.html</link><pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate></item>
</channel></rss>"#
                ),
            ),
            "/sitemap_index.xml" => Response::new(
                200,
                "application/xml",
                r#"<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/sitemap-news.xml</loc></sitemap></sitemapindex>"#,
            ),
            "/sitemap-news.xml" => Response::new(
                200,
                "text/xml",
                r#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>/s1.html</loc><lastmod>2025-03-01</lastmod></url>
<url><loc>/s2.html</loc><lastmod>2024-12-01</lastmod></url></urlset>"#,
            ),
            p => {
                let n = p.len() * 7 + p.bytes().map(usize::from).sum::<usize>();
                Response::html(article(n))
            }
        }
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let out = claimwire(&db)
        .args(["ingest", "--json", "--since", "2025-02-01"])
        .arg(s.url("/feed.xml"))
        .arg(s.url("/sitemap_index.xml"))
        .output()
        .expect("run");
    let lines: Vec<serde_json::Value> = out
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).expect("ndjson"))
        .collect();
    let expanded: Vec<_> = lines.iter().filter(|l| l["status"] == "expanded").collect();
    assert_eq!(
        expanded.len(),
        3,
        "the feed, the index and its sitemap: {lines:?}"
    );
    assert_eq!(status(&db, &s.url("/new.html")), "stored");
    assert_eq!(status(&db, &s.url("/s1.html")), "stored");
    assert!(s.requests_to("/old.html").is_empty(), "older than --since");
    assert!(s.requests_to("/s2.html").is_empty(), "older than --since");
    assert_eq!(status(&db, &s.url("/feed.xml")), "expanded");
    let failed = claimwire(&db)
        .args(["sources", "--failed"])
        .output()
        .expect("run");
    assert_eq!(
        String::from_utf8_lossy(&failed.stdout),
        "",
        "a feed is no failure"
    );
}

#[test]
fn reprocess_rebuilds_claims_from_stored_pages_without_network() {
    let s = Server::start(|req| match req.path.as_str() {
        "/robots.txt" => Response::status(404),
        _ => Response::html(article(21)),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    claimwire(&db)
        .args(["ingest", &s.url("/a.html")])
        .assert()
        .success();
    let claims = |db: &Path| {
        let out = claimwire(db)
            .args(["claims", "--format", "json"])
            .output()
            .expect("run");
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("json")
    };
    let before = claims(&db);
    let ratings = |db: &Path| -> i64 {
        let conn = rusqlite::Connection::open(db).expect("db");
        conn.query_row("SELECT COUNT(*) FROM ratings", [], |r| r.get(0))
            .expect("count")
    };
    assert_eq!(ratings(&db), 1);
    rusqlite::Connection::open(&db)
        .and_then(|c| c.execute("DELETE FROM ratings", []))
        .expect("delete the rating");
    let requests = s.requests.lock().expect("lock").len();
    drop(s);
    let out = claimwire(&db).arg("reprocess").output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 articles reprocessed"), "{text}");
    assert_eq!(requests, 2, "robots.txt and the page, nothing more");
    let after = claims(&db);
    assert_eq!(
        before.as_array().map(Vec::len),
        after.as_array().map(Vec::len)
    );
    assert_eq!(
        ratings(&db),
        1,
        "the rating is rebuilt from the stored page"
    );
}

#[test]
fn ctrl_c_stops_cleanly_keeps_what_was_stored_and_the_next_run_resumes() {
    let s = Server::start(|req| match req.path.as_str() {
        "/robots.txt" => Response::status(404),
        p => {
            let n: usize = p
                .trim_start_matches("/p")
                .trim_end_matches(".html")
                .parse()
                .unwrap_or(0);
            Response::html(article(100 + n))
        }
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let urls: Vec<String> = (0..20).map(|i| s.url(&format!("/p{i}.html"))).collect();
    let exe = assert_cmd::cargo::cargo_bin("claimwire");
    let mut child = std::process::Command::new(exe)
        .arg("--db")
        .arg(&db)
        .args(["ingest", "--per-host", "1", "--delay-ms", "200"])
        .args(&urls)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Interrupt once the first two pages are stored.
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    let mut text = String::new();
    for line in lines.by_ref() {
        let line = line.expect("line");
        text.push_str(&line);
        text.push('\n');
        if text.lines().filter(|l| l.starts_with("stored ")).count() == 2 {
            break;
        }
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    for line in lines {
        text.push_str(&line.expect("line"));
        text.push('\n');
    }
    let code = child.wait().expect("wait").code();
    assert!(text.contains("interrupted:"), "{text}");
    let stored = text.lines().filter(|l| l.starts_with("stored ")).count();
    assert!((2..20).contains(&stored), "{text}");
    assert_eq!(code, Some(3));
    let before = s.requests.lock().expect("lock").len();

    let out = claimwire(&db)
        .arg("ingest")
        .args(&urls)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    let expect = format!(
        "{} stored, {stored} already stored, 0 unchanged, 0 failed",
        20 - stored
    );
    assert!(text.contains(&expect), "{expect}\n{text}");
    assert!(s.requests.lock().expect("lock").len() > before);
}
